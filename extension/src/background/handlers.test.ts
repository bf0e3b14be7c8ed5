import { describe, expect, it } from 'vitest';
import type { BackgroundMessage } from '../lib/messages.js';
import { createController } from './controller.js';
import { servePopup, type PopupPort } from './handlers.js';
import { TICKET_ID } from './test-fakes.js';

function fakePort() {
  const sent: BackgroundMessage[] = [];
  const onMessage: ((message: unknown) => void)[] = [];
  const onDisconnect: (() => void)[] = [];
  const port: PopupPort = {
    postMessage: (message) => sent.push(message),
    onMessage: { addListener: (listener) => onMessage.push(listener) },
    onDisconnect: { addListener: (listener) => onDisconnect.push(listener) },
  };
  return {
    port,
    sent,
    send: (message: unknown) => onMessage.forEach((listener) => listener(message)),
    close: () => onDisconnect.forEach((listener) => listener()),
  };
}

function controller() {
  let runs = 0;
  const flow = createController({
    run: async () => {
      runs += 1;
      return { kind: 'enrolled', ticketId: TICKET_ID };
    },
    probe: async () => ({ helper: 'missing' }),
    save: async () => undefined,
  });
  return { flow, runs: () => runs };
}

describe('serving the popup', () => {
  it('sends the current view on connect and runs the enroll command', async () => {
    const { flow, runs } = controller();
    const popup = fakePort();
    servePopup(popup.port, flow);
    expect(popup.sent[0]).toEqual({ type: 'view', view: flow.view() });

    popup.send({ type: 'enroll' });
    await flow.enroll();

    expect(runs()).toBe(1);
    expect(popup.sent.at(-1)?.view.status).toBe('done');
  });

  it('ignores anything that is not a popup command', () => {
    const { flow, runs } = controller();
    const popup = fakePort();
    servePopup(popup.port, flow);
    popup.send({ type: 'enroll-everything' });
    popup.send('enroll');
    popup.send(null);
    expect([runs(), popup.sent.length]).toEqual([0, 1]);
  });

  it('stops sending to a closed popup', async () => {
    const { flow } = controller();
    const popup = fakePort();
    servePopup(popup.port, flow);
    popup.close();
    await flow.enroll();
    expect(popup.sent).toHaveLength(1);
  });
});
