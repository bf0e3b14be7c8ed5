import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/** One file for {@link writeZip}; `name` uses forward slashes. */
export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

// A fixed timestamp (1980-01-01 00:00) keeps packs of the same files byte-identical.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** Writes a ZIP archive (deflate, no extras, no encryption), as Chrome expects inside a CRX. */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data, { level: 9 });
    const fields = { crc: crc32(entry.data), size: entry.data.length, packed: compressed.length };
    const local = header(0x04034b50, name, fields);
    locals.push(local, compressed);
    centrals.push(central(name, fields, offset));
    offset += local.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

interface Sizes {
  crc: number;
  size: number;
  packed: number;
}

function header(signature: number, name: Buffer, sizes: Sizes): Buffer {
  const buffer = Buffer.alloc(30);
  buffer.writeUInt32LE(signature, 0);
  buffer.writeUInt16LE(20, 4); // version needed: 2.0
  buffer.writeUInt16LE(0x0800, 6); // UTF-8 names
  buffer.writeUInt16LE(8, 8); // deflate
  buffer.writeUInt16LE(DOS_TIME, 10);
  buffer.writeUInt16LE(DOS_DATE, 12);
  buffer.writeUInt32LE(sizes.crc, 14);
  buffer.writeUInt32LE(sizes.packed, 18);
  buffer.writeUInt32LE(sizes.size, 22);
  buffer.writeUInt16LE(name.length, 26);
  return Buffer.concat([buffer, name]);
}

function central(name: Buffer, sizes: Sizes, offset: number): Buffer {
  const buffer = Buffer.alloc(46);
  buffer.writeUInt32LE(0x02014b50, 0);
  buffer.writeUInt16LE(20, 4);
  buffer.writeUInt16LE(20, 6);
  buffer.writeUInt16LE(0x0800, 8);
  buffer.writeUInt16LE(8, 10);
  buffer.writeUInt16LE(DOS_TIME, 12);
  buffer.writeUInt16LE(DOS_DATE, 14);
  buffer.writeUInt32LE(sizes.crc, 16);
  buffer.writeUInt32LE(sizes.packed, 20);
  buffer.writeUInt32LE(sizes.size, 24);
  buffer.writeUInt16LE(name.length, 28);
  buffer.writeUInt32LE(offset, 42);
  return Buffer.concat([buffer, name]);
}

/** Reads back an archive {@link writeZip} wrote (used to check packs). */
export function readZip(archive: Buffer): Map<string, Buffer> {
  const end = archive.length - 22;
  if (archive.readUInt32LE(end) !== 0x06054b50) throw new Error('not a ZIP archive');
  const count = archive.readUInt16LE(end + 10);
  let cursor = archive.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i += 1) {
    const nameLength = archive.readUInt16LE(cursor + 28);
    const name = archive.subarray(cursor + 46, cursor + 46 + nameLength).toString('utf8');
    const packed = archive.readUInt32LE(cursor + 20);
    const local = archive.readUInt32LE(cursor + 42);
    const dataStart =
      local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = inflateRawSync(archive.subarray(dataStart, dataStart + packed));
    if (crc32(data) !== archive.readUInt32LE(cursor + 16)) throw new Error(`CRC mismatch: ${name}`);
    files.set(name, data);
    cursor +=
      46 + nameLength + archive.readUInt16LE(cursor + 30) + archive.readUInt16LE(cursor + 32);
  }
  return files;
}
