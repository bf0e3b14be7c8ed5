/**
 * Who signed in. The user is `iss` + `sub`; email and groups are attributes from the ID token,
 * used for display, policy and the Netskope hand-off, never as the key.
 */
export interface Principal {
  iss: string;
  sub: string;
  email: string | undefined;
  groups: string[];
}

/** An authorization code from the extension's Authorization Code + PKCE flow. */
export interface CodeGrant {
  code: string;
  codeVerifier: string;
  redirectUri: string;
  /** The nonce the flow put in the authorization request; the ID token must carry it. */
  nonce: string | undefined;
}

/** What the server knows of the IdP from its discovery document. */
export interface IdentityMetadata {
  issuer: string;
  deviceAuthorizationEndpoint: string | undefined;
  /** Where a browser starts the Authorization Code flow. */
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
}

/**
 * The two ways in. Both end in a fully verified ID token; both throw AppError with
 * `code_exchange_failed`, `id_token_invalid` or `idp_unavailable` and never put a code,
 * verifier or token into the error.
 */
export interface Identity {
  exchangeCode(grant: CodeGrant): Promise<Principal>;
  verifyIdToken(idToken: string, options?: { nonce?: string }): Promise<Principal>;
  metadata(): Promise<IdentityMetadata>;
}
