import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { FlowView } from '../lib/flow-view.js';
import { POPUP_PORT_NAME, type BackgroundMessage, type PopupCommandType } from '../lib/messages.js';
import { PopupApp } from './popup-app.js';
import './popup.css';

/**
 * Subscribes to the service worker's view over a runtime port. The work runs in the worker, so
 * closing the popup stops nothing; a reopened popup gets the current view at once. If the worker
 * restarts, the port closes and the popup connects again.
 */
function useBackground() {
  const [view, setView] = useState<FlowView>();
  const [port, setPort] = useState<browser.Runtime.Port>();

  useEffect(() => {
    let closed = false;
    let current: browser.Runtime.Port | undefined;
    const connect = () => {
      current = browser.runtime.connect({ name: POPUP_PORT_NAME });
      current.onMessage.addListener((message: unknown) => {
        const received = message as BackgroundMessage;
        if (received.type === 'view') setView(received.view);
      });
      current.onDisconnect.addListener(() => {
        if (!closed) connect();
      });
      setPort(current);
    };
    connect();
    return () => {
      closed = true;
      current?.disconnect();
    };
  }, []);

  return { view, send: (type: PopupCommandType) => port?.postMessage({ type }) };
}

function Popup() {
  const { view, send } = useBackground();
  return (
    <PopupApp view={view} send={send} openSettings={() => void browser.runtime.openOptionsPage()} />
  );
}

const root = document.getElementById('app');
if (root) render(<Popup />, root);
