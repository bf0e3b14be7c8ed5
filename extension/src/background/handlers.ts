import {
  isPopupCommand,
  type BackgroundMessage,
  type PopupCommand,
  type PopupCommandType,
} from '../lib/messages.js';
import type { FlowController } from './controller.js';

/** One handler per popup command. */
export type PopupHandlers = {
  [K in PopupCommandType]: (command: Extract<PopupCommand, { type: K }>) => void | Promise<void>;
};

/** The handlers map: every command the popup can send, and what it does. */
export function popupHandlers(controller: FlowController): PopupHandlers {
  return {
    enroll: () => controller.enroll(),
    reset: () => controller.reset(),
    refresh: () => controller.refresh(),
  };
}

/** Runs the handler for a command. */
export function dispatch(handlers: PopupHandlers, command: PopupCommand): void | Promise<void> {
  const handler = handlers[command.type] as (command: PopupCommand) => void | Promise<void>;
  return handler(command);
}

/** The popup's runtime port, reduced to what the service worker uses. */
export interface PopupPort {
  postMessage(message: BackgroundMessage): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/**
 * Serves one popup: sends it the view now and on every change, and runs its commands. Anything
 * that is not a known command is ignored.
 */
export function servePopup(port: PopupPort, controller: FlowController): void {
  const handlers = popupHandlers(controller);
  const unsubscribe = controller.subscribe((view) => port.postMessage({ type: 'view', view }));
  port.onDisconnect.addListener(unsubscribe);
  port.onMessage.addListener((message) => {
    if (isPopupCommand(message)) void dispatch(handlers, message);
  });
}
