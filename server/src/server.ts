import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { serve } from '@hono/node-server';
import type { Logger } from 'pino';
import { extensionRedirectUri } from '@latchkey/shared';
import { createApp } from './app.js';
import { createAuditFeed, type AuditFeedOptions } from './audit/feed.js';
import { consoleSettings } from './console/settings.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { DemoIdp } from './identity/demo-idp/index.js';
import { createOidcIdentity } from './identity/index.js';
import type { Identity } from './identity/types.js';
import { createLogger } from './log.js';
import { openRuntime, type Runtime } from './runtime.js';

export interface StartOptions {
  clock?: Clock;
  log?: Logger;
  /** Replaces the OIDC identity built from the configuration. */
  identity?: Identity;
  /** Timings and limits of `GET /v1/audit/stream` (poll, heartbeat, streams per actor). */
  auditStream?: AuditFeedOptions;
}

/** A listening server. */
export interface RunningServer {
  /** e.g. `http://127.0.0.1:8787` (the real port when 0 was asked for). */
  url: string;
  port: number;
  /** The OIDC issuer in use (the demo IdP's in development). */
  issuer: string;
  runtime: Runtime;
  /**
   * Ends open audit streams, stops accepting, lets in-flight requests finish (connections still
   * open after {@link SHUTDOWN_GRACE_MS} are cut), then closes the database and demo IdP.
   */
  close(): Promise<void>;
}

async function startIdentity(config: Config, clock: Clock, log: Logger) {
  let demo: DemoIdp | undefined;
  if (config.demoIdp) {
    // The extension's redirect URI, and the console's at the address the server listens on.
    const site = consoleSettings(config);
    const redirectUris = [extensionRedirectUri()];
    if (site.enabled) redirectUris.push(site.redirectUri);
    // Loaded only here: a production server never loads the demo provider (oidc-provider).
    const { DEMO_USERS, startDemoIdp } = await import('./identity/demo-idp/index.js');
    demo = await startDemoIdp({
      port: config.demoIdp.port,
      clients: [{ clientId: config.oidc.clientId, redirectUris }],
      users: Object.values(DEMO_USERS),
    });
    log.warn({ issuer: demo.issuer }, 'Demo IdP started (users alice, bob, admin)');
  }
  const issuer = demo?.issuer ?? config.oidc.issuer;
  const identity = createOidcIdentity({
    issuer,
    clientId: config.oidc.clientId,
    clientSecret: config.oidc.clientSecret,
    groupsClaim: config.oidc.groupsClaim,
    clock,
  });
  return { demo, issuer, identity };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    if (server.listening) resolve((server.address() as AddressInfo).port);
    server.once('listening', () => resolve((server.address() as AddressInfo).port));
    server.once('error', reject);
  });
}

/** How long a shutdown waits for in-flight requests before it cuts their connections, in ms. */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Sockets that have not carried a request yet. Clients open spare connections ahead of need, and
 * Node's `closeIdleConnections` leaves those open until the client gives up on them.
 */
function unusedConnections(server: Server): Set<Socket> {
  const unused = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  server.on('request', (request: IncomingMessage) => unused.delete(request.socket));
  return unused;
}

/**
 * Stops accepting and waits for open connections to finish. Spare connections that never sent a
 * byte are closed at once. A client that stopped reading (an audit stream whose end never drains)
 * would hold the shutdown forever, so after the grace period every connection left is closed.
 */
function stopListening(server: Server, unused: Set<Socket>): Promise<void> {
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
    for (const socket of unused) if (socket.bytesRead === 0) socket.destroy();
  });
}

/**
 * Starts the whole server from a parsed configuration: pepper, profile, migrated database,
 * identity (and the demo IdP in development), the app, and an HTTP listener.
 *
 * @example
 * const server = await startServer(loadConfig({ ...process.env, LATCHKEY_LISTEN: '127.0.0.1:0' }));
 * await fetch(`${server.url}/healthz`);
 * await server.close();
 */
export async function startServer(
  config: Config,
  options: StartOptions = {},
): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.logLevel);
  const runtime = openRuntime(config, log);
  // Listen first: with port 0 only then is the real port, and so the console's redirect URI
  // for the demo IdP, known. Requests that come before the app is built get a 503.
  let handle: (request: Request, env: unknown) => Response | Promise<Response> = () =>
    new Response(null, { status: 503 });
  const server = serve({
    fetch: (request, env) => handle(request, env),
    hostname: config.listen.host,
    port: config.listen.port,
  });
  const unused = unusedConnections(server as Server);
  const port = await listen(server as Server).catch((error: unknown) => {
    runtime.db.close();
    throw error;
  });
  const listening = { ...config, listen: { ...config.listen, port } };
  const started = options.identity
    ? { demo: undefined, issuer: config.oidc.issuer, identity: options.identity }
    : await startIdentity(listening, clock, log).catch(async (error: unknown) => {
        await new Promise((resolve) => server.close(resolve));
        runtime.db.close();
        throw error;
      });
  // With the demo IdP on a free port, only now is its issuer known; admin tickets name it.
  const effective = { ...listening, oidc: { ...config.oidc, issuer: started.issuer } };
  const auditFeed = createAuditFeed(runtime.db, options.auditStream);
  const app = createApp({
    ...runtime,
    clock,
    log,
    config: effective,
    identity: started.identity,
    auditFeed,
  });
  handle = (request, env) => app.fetch(request, env);
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  const url = `http://${host}:${port}`;
  log.info({ url, issuer: started.issuer, database: config.databasePath }, 'Latchkey listening');

  const close = async () => {
    auditFeed.close();
    await stopListening(server as Server, unused);
    runtime.db.close();
    await started.demo?.close();
    log.info('Latchkey stopped');
  };
  return { url, port, issuer: started.issuer, runtime, close };
}
