import { generateDeviceKey, type DeviceKey } from '@latchkey/shared';

/** Where the extension keeps its own device key (ChromeOS, where no helper runs). */
export interface DeviceKeyStore {
  /** The stored key, made and stored first if there is none. */
  load(): Promise<DeviceKey>;
}

const DB_NAME = 'latchkey';
const STORE = 'keys';
const KEY_NAME = 'device';

/**
 * Keeps a non-extractable P-256 key pair in IndexedDB. The private key's bytes can never be read
 * back, not even by the extension: it can only sign proofs.
 */
export function indexedDbKeyStore(
  idb: IDBFactory,
  generate: () => Promise<DeviceKey> = () => generateDeviceKey(false),
): DeviceKeyStore {
  return {
    async load() {
      const db = await openDatabase(idb);
      try {
        const stored = await request<DeviceKey | undefined>(
          db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY_NAME),
        );
        if (stored) return stored;
        const key = await generate();
        await request(db.transaction(STORE, 'readwrite').objectStore(STORE).put(key, KEY_NAME));
        return key;
      } finally {
        db.close();
      }
    },
  };
}

function openDatabase(idb: IDBFactory): Promise<IDBDatabase> {
  const opening = idb.open(DB_NAME, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE);
  return request(opening);
}

function request<T>(req: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result as T);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}
