/** Reads a stream to its end as UTF-8, refusing more than `limit` bytes. */
export async function readAll(stream: NodeJS.ReadableStream, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) throw new Error('standard input is too long');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
