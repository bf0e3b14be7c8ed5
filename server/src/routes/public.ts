import { Hono } from 'hono';
import { NATIVE_HOST_NAME, type ConfigResponse } from '@latchkey/shared';
import type { AppDeps, AppEnv } from './env.js';

/** Scopes the extension asks the IdP for. */
export const SCOPES = ['openid', 'email', 'profile', 'groups'];

/** `GET /healthz` (the database answers) and `GET /v1/config` (what a client needs to start). */
export function publicRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/healthz', (c) => {
    deps.db.sqlite.prepare('SELECT 1').get();
    return c.json({ status: 'ok' }, 200);
  });

  app.get('/v1/config', async (c) => {
    const metadata = await deps.identity.metadata();
    const config: ConfigResponse = {
      issuer: metadata.issuer,
      clientId: deps.config.oidc.clientId,
      scopes: SCOPES,
      deviceAuthorizationEndpoint: metadata.deviceAuthorizationEndpoint,
      modes: deps.profile.modes,
      defaultMode: deps.profile.defaultMode,
      chromeos: { enrollUrlTemplate: deps.profile.chromeos.enrollUrlTemplate },
      helper: { hostName: NATIVE_HOST_NAME },
    };
    return c.json(config, 200);
  });

  return app;
}
