import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createCrx3, extensionIdOf, publicKeyDer, updateManifestXml } from './crx3.js';
import { writeZip, type ZipEntry } from './zip.js';

/** What {@link packExtension} needs. */
export interface PackInput {
  /** The built extension (`extension/dist`). */
  distDir: string;
  /** The admin's RSA private key, PEM (PKCS#8 or PKCS#1). */
  privateKey: KeyObject;
  /** Where the CRX will be served, for the update manifest. */
  codebase?: string;
}

/** A packed extension. */
export interface Packed {
  crx: Buffer;
  extensionId: string;
  version: string;
  updateXml?: string;
}

/**
 * Packs a built extension into a CRX3 signed with the admin's key. The packed manifest's `key` is
 * replaced with that key's public half, so the id is the admin's whether the extension is
 * installed from the CRX or loaded unpacked from the same files.
 */
export function packExtension(input: PackInput): Packed {
  const publicKey = publicKeyDer(input.privateKey);
  const extensionId = extensionIdOf(publicKey);
  const manifestPath = join(input.distDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
  manifest.key = publicKey.toString('base64');

  const entries: ZipEntry[] = listFiles(input.distDir).map((path) => {
    const name = relative(input.distDir, path).split(sep).join('/');
    const data =
      name === 'manifest.json'
        ? Buffer.from(JSON.stringify(manifest, null, 2))
        : readFileSync(path);
    return { name, data };
  });
  const crx = createCrx3(writeZip(entries), input.privateKey);
  const version = String(manifest.version);
  const updateXml =
    input.codebase === undefined
      ? undefined
      : updateManifestXml(extensionId, input.codebase, version);
  return { crx, extensionId, version, updateXml };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? listFiles(path) : [path];
    });
}

const USAGE = `Usage: pnpm --filter @latchkey/extension pack --key <admin.pem> [--out latchkey.crx]
       [--codebase https://host/latchkey.crx] [--update-xml updates.xml] [--dist dist]

Packs dist/ (run the build first) into a CRX3 signed with the admin's RSA key and prints the
extension id. With --codebase, also writes the update manifest for self-hosting.`;

function main(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      key: { type: 'string' },
      out: { type: 'string', default: 'latchkey.crx' },
      codebase: { type: 'string' },
      'update-xml': { type: 'string' },
      dist: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || values.key === undefined) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const distDir = resolve(values.dist ?? join(here, '..', 'dist'));
  const privateKey = createPrivateKey(readFileSync(values.key));
  const packed = packExtension({ distDir, privateKey, codebase: values.codebase });

  writeFileSync(values.out, packed.crx);
  console.log(`Packed ${values.out} (version ${packed.version})`);
  if (packed.updateXml !== undefined) {
    const xmlPath = values['update-xml'] ?? join(dirname(values.out), 'updates.xml');
    writeFileSync(xmlPath, packed.updateXml);
    console.log(`Update manifest: ${xmlPath}`);
  }
  console.log(`Extension id: ${packed.extensionId}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // pnpm passes a literal "--" through when flags follow it.
  main(process.argv.slice(2).filter((arg) => arg !== '--'));
}
