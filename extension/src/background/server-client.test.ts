import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createServerClient } from './server-client.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/** A real HTTP server on 127.0.0.1 that records each request body and answers with `reply`. */
async function listen(reply: (response: ServerResponse) => void) {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      bodies.push(body);
      reply(response);
    });
  });
  servers.push(server);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

describe('the server client never lets a redirect carry a secret elsewhere', () => {
  for (const status of [302, 307, 308]) {
    it(`refuses an HTTP ${status} from the mint with server_unreachable`, async () => {
      const elsewhere = await listen((response) => response.writeHead(201).end('{}'));
      const server = await listen((response) =>
        response.writeHead(status, { location: `${elsewhere.origin}/v1/tickets` }).end(),
      );
      const client = createServerClient(globalThis.fetch, server.origin);

      const minting = client.mint({
        code: 'authorization-code-secret',
        codeVerifier: 'v'.repeat(43),
        device: { platform: 'linux' },
      });

      await expect(minting).rejects.toMatchObject({ code: 'server_unreachable' });
      expect(server.bodies).toHaveLength(1);
      expect(elsewhere.bodies).toEqual([]);
    });
  }
});
