import { z } from 'zod';
import { EnrollMode, NetskopeState, Platform } from './netskope.js';
import { HELPER_ERRORS } from './errors.js';
import { ResultStatus, Thumbprint } from './api.js';

/** The native messaging host name the extension connects to. */
export const NATIVE_HOST_NAME = 'dev.latchkey.helper';

/** Largest message either side accepts, in bytes (Chrome's limit for host replies). */
export const MAX_NATIVE_MESSAGE_BYTES = 1024 * 1024;

/** Steps the helper reports while it works, in order. */
export const EnrollStep = z.enum(['redeeming', 'installing', 'verifying', 'reporting']);
export type EnrollStep = z.infer<typeof EnrollStep>;

const RequestId = z.string().min(1).max(64);

/** Extension → helper. */
export const HelperRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), id: RequestId }),
  z.object({
    type: z.literal('enroll'),
    id: RequestId,
    ticket: z.string().max(128),
    serverUrl: z.string().url(),
    mode: EnrollMode.optional(),
  }),
]);
export type HelperRequest = z.infer<typeof HelperRequest>;

export const HelperErrorCodeSchema = z.enum(
  Object.keys(HELPER_ERRORS) as [keyof typeof HELPER_ERRORS, ...(keyof typeof HELPER_ERRORS)[]],
);

/** Helper → extension. One request gets progress messages, then `done` or `error`. */
export const HelperResponse = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    id: RequestId,
    jkt: Thumbprint,
    platform: Platform,
    helperVersion: z.string(),
    netskope: NetskopeState,
  }),
  z.object({ type: z.literal('progress'), id: RequestId, step: EnrollStep }),
  z.object({
    type: z.literal('done'),
    id: RequestId,
    ticketId: z.string(),
    resultStatus: ResultStatus,
    netskope: NetskopeState,
  }),
  z.object({
    type: z.literal('error'),
    id: RequestId,
    code: HelperErrorCodeSchema,
    message: z.string(),
    /** The server's error code when the server refused (e.g. `ticket_expired`). */
    serverCode: z.string().optional(),
    /** The Netskope installer's or client's own words, secrets removed. */
    detail: z.string().max(2000).optional(),
    netskope: NetskopeState.optional(),
  }),
]);
export type HelperResponse = z.infer<typeof HelperResponse>;
