import { NATIVE_HOST_NAME, extensionOrigin } from '@latchkey/shared';

/** A Chrome native messaging host manifest. */
export interface HostManifest {
  name: string;
  description: string;
  path: string;
  type: 'stdio';
  allowed_origins: string[];
}

/**
 * The manifest for the helper: the Latchkey extension's exact origin, plus any extra ids an
 * admin names (for an extension packed with their own key).
 */
export function hostManifest(hostPath: string, extraIds: readonly string[] = []): HostManifest {
  const origins = [extensionOrigin(), ...extraIds.map((id) => extensionOrigin(id))];
  return {
    name: NATIVE_HOST_NAME,
    description: 'Latchkey device helper: enrolls the Netskope Client with a single-use ticket.',
    path: hostPath,
    type: 'stdio',
    allowed_origins: [...new Set(origins)],
  };
}
