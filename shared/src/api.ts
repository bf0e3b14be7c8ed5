import { z } from 'zod';
import {
  EnrollMode,
  EnrollmentMaterial,
  MaterialItem,
  NetskopeState,
  Platform,
} from './netskope.js';
import { TICKET_ID_REGEX } from './ticket.js';

/** Facts a device tells about itself. Informational: recorded in the audit, never trusted. */
export const DeviceFacts = z.object({
  platform: Platform,
  hostname: z.string().max(255).optional(),
  osVersion: z.string().max(255).optional(),
  helperVersion: z.string().max(64).optional(),
  extensionVersion: z.string().max(64).optional(),
  netskope: NetskopeState.partial().optional(),
});
export type DeviceFacts = z.infer<typeof DeviceFacts>;

/** An RFC 7638 SHA-256 thumbprint, base64url (43 characters). */
export const Thumbprint = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const TicketId = z.string().regex(TICKET_ID_REGEX);

/** `GET /v1/config`: what the extension and helper need to start a sign-in. */
export const ConfigResponse = z.object({
  issuer: z.string(),
  clientId: z.string(),
  scopes: z.array(z.string()),
  /** The IdP's device authorization endpoint, when it offers RFC 8628. */
  deviceAuthorizationEndpoint: z.string().optional(),
  /** Modes this deployment releases material for. */
  modes: z.array(EnrollMode),
  defaultMode: EnrollMode,
  chromeos: z.object({
    /** Netskope app IdP enrollment entry; `{tenant}`, `{domain}` and `{email}` are filled in. */
    enrollUrlTemplate: z.string(),
  }),
  helper: z.object({
    /** The native messaging host name the extension connects to. */
    hostName: z.string(),
    /** Where admins publish the helper; shown with the install command. */
    downloadUrl: z.string().optional(),
  }),
});
export type ConfigResponse = z.infer<typeof ConfigResponse>;

/**
 * `POST /v1/tickets`. Either carries an authorization code (with its PKCE verifier, the redirect
 * URI and the nonce the flow used) or comes with `Authorization: Bearer <ID token>`.
 */
export const MintRequest = z.object({
  code: z.string().min(1).max(4096).optional(),
  codeVerifier: z
    .string()
    .regex(/^[A-Za-z0-9._~-]{43,128}$/)
    .optional(),
  redirectUri: z.string().url().optional(),
  nonce: z.string().min(16).max(256).optional(),
  device: DeviceFacts,
  /** Thumbprint of the device key the ticket is bound to. */
  jkt: Thumbprint.optional(),
});
export type MintRequest = z.infer<typeof MintRequest>;

/** `201` reply to a mint. The ticket is shown here once and never again. */
export const MintResponse = z.object({
  ticket: z.string(),
  ticketId: TicketId,
  expiresAt: z.string(),
  correlationId: z.string(),
});
export type MintResponse = z.infer<typeof MintResponse>;

/** `POST /v1/admin/tickets`: mint for a named user, delivered out of band. */
export const AdminMintRequest = z.object({
  email: z.string().email(),
  /** The user's IdP subject, when known; otherwise the ticket owner is named by email. */
  sub: z.string().min(1).max(255).optional(),
  ttlSeconds: z.number().int().positive().optional(),
  jkt: Thumbprint.optional(),
  note: z.string().max(500).optional(),
});
export type AdminMintRequest = z.infer<typeof AdminMintRequest>;

/** `POST /v1/tickets/redeem`, sent with a `Latchkey-Proof` header. */
export const RedeemRequest = z.object({
  ticket: z.string().max(128),
  platform: Platform,
  mode: EnrollMode.optional(),
  device: DeviceFacts.optional(),
});
export type RedeemRequest = z.infer<typeof RedeemRequest>;

/** `200` reply to a redemption: the least material its mode and platform need. */
export const RedeemResponse = z.object({
  ticketId: TicketId,
  correlationId: z.string(),
  mode: EnrollMode,
  platform: Platform,
  tokenSetId: z.string().optional(),
  user: z.object({ email: z.string() }),
  material: EnrollmentMaterial,
  released: z.array(MaterialItem),
});
export type RedeemResponse = z.infer<typeof RedeemResponse>;

/** How a hand-off ended, as the device reports it. */
export const ResultOutcome = z.enum(['enrolled', 'failed', 'handed-off']);
export type ResultOutcome = z.infer<typeof ResultOutcome>;

/** `POST /v1/tickets/{id}/result`, sent with a proof by the key the redemption bound. */
export const ResultRequest = z.object({
  ticket: z.string().max(128),
  outcome: ResultOutcome,
  client: NetskopeState.optional(),
  errorCode: z.string().max(64).optional(),
  message: z.string().max(1000).optional(),
});
export type ResultRequest = z.infer<typeof ResultRequest>;

/** `confirmed`: the client is enrolled as the ticket owner; `mismatch` raises an alert. */
export const ResultStatus = z.enum(['confirmed', 'mismatch', 'failed', 'handed-off']);
export const ResultResponse = z.object({ ticketId: TicketId, status: ResultStatus });
export type ResultResponse = z.infer<typeof ResultResponse>;

export const RevokeRequest = z.object({ reason: z.string().max(200).optional() });
export const RevokeResponse = z.object({ revoked: z.array(TicketId) });
export type RevokeResponse = z.infer<typeof RevokeResponse>;

/** Who minted a ticket: the user themself, or an admin for a named user. */
export const TicketKind = z.enum(['self-service', 'admin']);
export type TicketKind = z.infer<typeof TicketKind>;

/**
 * Where a ticket stands at the server's clock. `outstanding`: not redeemed, not revoked, not yet
 * expired (it expires at `expiresAt` exactly); `expired`: never redeemed nor revoked, and past it.
 */
export const TicketStatus = z.enum(['outstanding', 'redeemed', 'revoked', 'expired']);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** Most tickets one page of `GET /v1/tickets` holds; 100 when the caller names no limit. */
export const MAX_TICKET_PAGE_SIZE = 1000;

/**
 * `GET /v1/tickets` query: filters combined with AND, and paging. `user` is an email
 * (case-insensitive) or `iss|sub`; `cursor` is the `nextCursor` of the previous page. Strict:
 * an unknown parameter (a misspelt filter) is refused rather than ignored.
 */
export const TicketListQuery = z
  .object({
    user: z.string().min(1).max(512).optional(),
    status: TicketStatus.optional(),
    kind: TicketKind.optional(),
    cursor: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(MAX_TICKET_PAGE_SIZE).optional(),
  })
  .strict();
export type TicketListQuery = z.infer<typeof TicketListQuery>;

/**
 * One ticket as `GET /v1/tickets` shows it: never the ticket nor its HMAC. `jkt` is the bound
 * key's public thumbprint (not a secret); `device` holds what the device said at mint, unverified.
 */
export const TicketSummary = z.object({
  ticketId: TicketId,
  /** The owner: lower-cased email and `iss|sub`, each when known. */
  owner: z.object({ email: z.string().nullable(), id: z.string().nullable() }),
  kind: TicketKind,
  createdAt: z.string(),
  expiresAt: z.string(),
  status: TicketStatus,
  redeemedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** `revoked` by an admin, or `superseded` by the owner's next self-service ticket. */
  revokeReason: z.string().nullable(),
  /** Whether a device key is bound (at mint, or at redemption for an unbound admin ticket). */
  bound: z.boolean(),
  jkt: z.string().nullable(),
  correlationId: z.string(),
  device: z.object({ platform: z.string().nullable(), hostname: z.string().nullable() }).nullable(),
  /** The device's result report, once made. */
  resultStatus: ResultStatus.nullable(),
});
export type TicketSummary = z.infer<typeof TicketSummary>;

/** `GET /v1/tickets`: one page, newest first, with a cursor when more may follow. */
export const TicketPage = z.object({
  tickets: z.array(TicketSummary),
  nextCursor: z.string().nullable(),
});
export type TicketPage = z.infer<typeof TicketPage>;

/** Audit event types, dotted. */
export const AuditType = z.enum([
  'ticket.issued',
  'ticket.redeemed',
  'ticket.replayed',
  'ticket.rejected',
  'ticket.revoked',
  'enrollment.reported',
  'signin.refused',
  'admin.key_created',
  'admin.key_revoked',
  'admin.denied',
  'admin.audit_exported',
  'admin.audit_streamed',
  'admin.signed_in',
  'admin.signed_out',
]);
export type AuditType = z.infer<typeof AuditType>;

export const AuditOutcome = z.enum(['success', 'failure', 'alert']);

/** One audit event as the API returns it. `details` never holds a secret. */
export const AuditEvent = z.object({
  seq: z.number().int(),
  time: z.string(),
  type: z.string(),
  actor: z.string().nullable(),
  /** The user the event concerns (lower-cased email), when known. */
  userEmail: z.string().nullable().optional(),
  /** The same user as `iss|sub`, when known. */
  userId: z.string().nullable().optional(),
  ticketId: z.string().nullable(),
  correlationId: z.string().nullable(),
  outcome: AuditOutcome,
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  sourceIp: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

/** `GET /v1/audit`: one page, newest last, with a cursor for the next page. */
export const AuditPage = z.object({
  events: z.array(AuditEvent),
  nextCursor: z.string().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;

/** `GET /v1/audit/verify`. */
export const AuditVerifyResponse = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenSeq: z.number().int().nullable(),
});
export type AuditVerifyResponse = z.infer<typeof AuditVerifyResponse>;
