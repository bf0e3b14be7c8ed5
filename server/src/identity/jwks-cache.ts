import { createLocalJWKSet, errors, type JWSHeaderParameters, type FlattenedJWSInput } from 'jose';
import { AppError } from '../errors.js';
import { fetchIdpJson, type FetchLike } from './idp-fetch.js';

type KeySet = ReturnType<typeof createLocalJWKSet>;
type VerifyKey = Awaited<ReturnType<KeySet>>;

/** Resolves the verification key for a token header from the issuer's key set. */
export interface JwksCache {
  getKey(header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<VerifyKey>;
}

/** Options of {@link createJwksCache}. */
export interface JwksCacheOptions {
  /** Where the key set lives; read lazily so discovery happens on first use. */
  jwksUri: () => Promise<string>;
  fetch: FetchLike;
  clock: { now(): Date };
  /** Least time between two fetches caused by unknown `kid`s. Default 30 s. */
  cooldownMs?: number;
  /** A key set older than this is fetched again before use. Default 10 minutes. */
  maxAgeMs?: number;
}

/**
 * Caches the issuer's JWKS. A token whose `kid` is not in the set causes one refetch (the IdP
 * may have rotated its keys), at most once per cooldown, so a flood of made-up `kid`s cannot
 * hammer the IdP. When the set cannot be fetched the check fails closed with `idp_unavailable`;
 * a key that stays unknown is `id_token_invalid`.
 */
export function createJwksCache(options: JwksCacheOptions): JwksCache {
  const cooldownMs = options.cooldownMs ?? 30_000;
  const maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
  let current: { keySet: KeySet; fetchedAt: number } | undefined;
  let pending: Promise<KeySet> | undefined;
  const now = () => options.clock.now().getTime();

  async function load(): Promise<KeySet> {
    const body = await fetchIdpJson(options.fetch, await options.jwksUri(), 'jwks');
    let keySet: KeySet;
    try {
      keySet = createLocalJWKSet(body as unknown as Parameters<typeof createLocalJWKSet>[0]);
    } catch (cause) {
      throw new AppError('idp_unavailable', { detail: 'jwks: not a usable key set', cause });
    }
    current = { keySet, fetchedAt: now() };
    return keySet;
  }

  function refresh(): Promise<KeySet> {
    pending ??= load().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  async function usableKeySet(): Promise<KeySet> {
    if (current !== undefined && now() - current.fetchedAt < maxAgeMs) return current.keySet;
    return refresh();
  }

  return {
    async getKey(header, token) {
      const keySet = await usableKeySet();
      try {
        return await keySet(header, token);
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
        const fetchedAt = current?.fetchedAt ?? Number.NEGATIVE_INFINITY;
        if (now() - fetchedAt < cooldownMs) throw error;
        return (await refresh())(header, token);
      }
    },
  };
}
