/** The helper's version, reported by `hello` and sent to the server as a device fact. */
export const HELPER_VERSION = '0.1.0';
