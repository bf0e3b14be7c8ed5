import type { FlowView } from './flow-view.js';

/** The runtime port name the popup opens to the service worker. */
export const POPUP_PORT_NAME = 'latchkey-popup';

/**
 * Commands the popup sends over its port, by type, with their payloads. The service worker has
 * one handler per entry (see `background/handlers.ts`).
 */
export interface PopupCommands {
  /** Start an enrollment (ignored while one runs). */
  enroll: Record<string, never>;
  /** Forget a finished or failed run and look at the device again. */
  reset: Record<string, never>;
  /** Ask the device helper for the device's state again. */
  refresh: Record<string, never>;
}

export type PopupCommandType = keyof PopupCommands;

/** One command as sent over the port. */
export type PopupCommand = {
  [K in PopupCommandType]: { type: K } & PopupCommands[K];
}[PopupCommandType];

/** Messages the service worker sends to every open popup. */
export interface BackgroundMessages {
  view: { view: FlowView };
}

export type BackgroundMessage = {
  [K in keyof BackgroundMessages]: { type: K } & BackgroundMessages[K];
}[keyof BackgroundMessages];

/** True when `value` is a command the popup may send. */
export function isPopupCommand(value: unknown): value is PopupCommand {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'enroll' || type === 'reset' || type === 'refresh';
}
