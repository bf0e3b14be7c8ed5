export * from './errors.js';
export * from './ticket.js';
export * from './proof.js';
export * from './netskope.js';
export * from './api.js';
export * from './native.js';
export { crc32 } from './crc32.js';
export * from './extension.js';
