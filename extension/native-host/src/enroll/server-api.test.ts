import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateDeviceKey } from '@latchkey/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { serverApi } from './server-api.js';

const TICKET = 'lk_redirectedTicketValue0123456789';

interface Recorded {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((done) => s.close(done))));
});

/** A real HTTP server on 127.0.0.1 that records each request and answers with `reply`. */
async function listen(
  reply: (response: import('node:http').ServerResponse) => void,
): Promise<{ origin: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      requests.push({ url: request.url ?? '', headers: request.headers, body });
      reply(response);
    });
  });
  servers.push(server);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe('the helper never lets a redirect carry the ticket or the proof', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`refuses an HTTP ${status} to another origin without sending anything there`, async () => {
      const elsewhere = await listen((response) => response.writeHead(200).end('{}'));
      const server = await listen((response) =>
        response.writeHead(status, { location: `${elsewhere.origin}/v1/tickets/redeem` }).end(),
      );
      const api = serverApi(server.origin, await generateDeviceKey(false), globalThis.fetch);

      const redeeming = api.redeem({ ticket: TICKET, platform: 'linux' });

      await expect(redeeming).rejects.toMatchObject({ code: 'server_unreachable' });
      expect(server.requests).toHaveLength(1);
      expect(elsewhere.requests).toEqual([]);
    });
  }
});
