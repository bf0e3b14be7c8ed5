import type { AuditEvent } from '@latchkey/shared';

/** One Server-Sent Events block: an event, or a comment such as a heartbeat. */
export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
  retry?: string;
}

/** A parsed audit event from the stream, with the SSE fields it came with. */
export interface StreamedEvent {
  id: string;
  type: string;
  event: AuditEvent;
}

function parseBlock(block: string): SseMessage {
  const message: SseMessage = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      message.comment = line.slice(1).trim();
      continue;
    }
    const colon = line.indexOf(':');
    const field = line.slice(0, colon) as 'id' | 'event' | 'data' | 'retry';
    message[field] = line.slice(colon + 1).replace(/^ /, '');
  }
  return message;
}

/** Reads a `text/event-stream` body as a client would, keeping every byte it saw in `raw`. */
export class SseReader {
  /** Everything received so far, as text. */
  raw = '';
  private buffer = '';
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private readonly decoder = new TextDecoder();

  /** `response` is left unread until {@link next} is called, so an error reply can be read. */
  constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {}

  /** The next block, or `undefined` when the server ended the stream. */
  async next(): Promise<SseMessage | undefined> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return parseBlock(block);
      }
      this.reader ??= this.body().getReader();
      const { done, value } = await this.reader.read();
      if (done) return undefined;
      const text = this.decoder.decode(value, { stream: true });
      this.raw += text;
      this.buffer += text;
    }
  }

  private body(): ReadableStream<Uint8Array> {
    if (!this.response.body) throw new Error('the response has no body');
    return this.response.body;
  }

  /** The next audit event, skipping comments and the retry hint. */
  async nextEvent(): Promise<StreamedEvent> {
    for (;;) {
      const message = await this.next();
      if (!message) throw new Error('the stream ended');
      if (message.data === undefined) continue;
      const event = JSON.parse(message.data) as AuditEvent;
      return { id: message.id ?? '', type: message.event ?? '', event };
    }
  }

  /** Audit events until one satisfies `last` (included). */
  async eventsUntil(last: (event: StreamedEvent) => boolean): Promise<StreamedEvent[]> {
    const events: StreamedEvent[] = [];
    for (;;) {
      const event = await this.nextEvent();
      events.push(event);
      if (last(event)) return events;
    }
  }

  /** Drops the connection, as a client that goes away does. */
  disconnect(): void {
    this.abort.abort();
  }
}

/** Opens `GET path` on `baseUrl` and returns a reader, whatever the status. */
export async function openStream(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<SseReader> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}${path}`, { headers, signal: abort.signal });
  return new SseReader(response, abort);
}
