import browser from 'webextension-polyfill';
import type { FlowView } from '../lib/flow-view.js';
import { POPUP_PORT_NAME } from '../lib/messages.js';
import { readPolicy } from '../lib/policy.js';
import { createController, type FlowController } from './controller.js';
import { indexedDbKeyStore } from './device-key-store.js';
import { runEnrollment, type FlowDeps } from './flow.js';
import { servePopup } from './handlers.js';
import type { NativeChannel } from './native.js';
import { probeDevice } from './probe.js';

/** The `storage.session` key of the popup's resumable view (no secrets in it). */
const VIEW_SESSION_KEY = 'view';

function connectNative(hostName: string): NativeChannel {
  const port = browser.runtime.connectNative(hostName);
  return {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => port.onMessage.addListener(listener),
    // chrome.*: the polyfill does not expose why a native port closed; Chrome sets
    // runtime.lastError (e.g. "Specified native messaging host not found.") only inside this
    // listener.
    onDisconnect: (listener) =>
      port.onDisconnect.addListener(() => listener(chrome.runtime.lastError?.message)),
    close: () => port.disconnect(),
  };
}

const deps: FlowDeps = {
  readPolicy: () =>
    readPolicy({
      managed: (keys) => browser.storage.managed.get(keys),
      local: (keys) => browser.storage.local.get(keys),
    }),
  platformOs: async () => (await browser.runtime.getPlatformInfo()).os,
  fetch: (input, init) => globalThis.fetch(input, init),
  launchWebAuthFlow: async (url) => {
    const redirect = await browser.identity.launchWebAuthFlow({ url, interactive: true });
    if (redirect === undefined) throw new Error('The user did not approve access.');
    return redirect;
  },
  redirectUri: browser.identity.getRedirectURL(),
  session: {
    set: (items) => browser.storage.session.set(items),
    remove: (keys) => browser.storage.session.remove(keys),
  },
  connectNative,
  keyStore: indexedDbKeyStore(indexedDB),
  openTab: async (url) => {
    await browser.tabs.create({ url });
  },
  extensionVersion: browser.runtime.getManifest().version,
};

async function loadController(): Promise<FlowController> {
  const stored = await browser.storage.session.get(VIEW_SESSION_KEY);
  return createController(
    {
      run: (report) => runEnrollment(deps, report),
      probe: () => probeDevice(deps),
      save: (view) => browser.storage.session.set({ [VIEW_SESSION_KEY]: view }),
    },
    stored[VIEW_SESSION_KEY] as FlowView | undefined,
  );
}

const controller = loadController();

browser.runtime.onConnect.addListener((port) => {
  if (port.name !== POPUP_PORT_NAME || port.sender?.id !== browser.runtime.id) return;
  void controller.then((flow) => {
    servePopup(port, flow);
    if (flow.view().status === 'idle') void flow.refresh();
  });
});
