import type { Db } from '../db/connection.js';
import { lastAuditSeq } from './query.js';

/** How audit streams behave; every field has a default. */
export interface AuditFeedOptions {
  /** How often the database is checked for rows another process wrote, in ms. Default 3000. */
  pollMs?: number;
  /** How long a stream may stay silent before sending a heartbeat comment, in ms. Default 15000. */
  heartbeatMs?: number;
  /** Most streams one actor (an admin key, an admin) may hold open at once. Default 4. */
  maxStreamsPerActor?: number;
}

/** Why a {@link AuditSubscription.wait} ended. */
export type WaitResult = 'changed' | 'timeout' | 'closed';

/** One open stream's link to the feed. */
export interface AuditSubscription {
  /** True once the stream ended or the feed closed. */
  readonly closed: boolean;
  /**
   * Resolves with `changed` when the log may have grown since the previous call (at once if it
   * already did), `timeout` after `timeoutMs` of quiet, or `closed` when the stream must end.
   */
  wait(timeoutMs: number): Promise<WaitResult>;
  /** Leaves the feed, freeing the actor's slot; safe to call more than once. */
  end(): void;
}

/**
 * Tells open audit streams when the log may have grown. It never carries rows: each stream
 * reads them from the database by sequence number, so a missed or extra wake-up costs at most one
 * query and can never drop or repeat an event.
 */
export interface AuditFeed {
  /** Milliseconds of silence after which a stream sends a heartbeat. */
  readonly heartbeatMs: number;
  /** Streams open now. */
  readonly size: number;
  /** Call after audit rows commit: wakes the streams if the log's last sequence number moved. */
  wake(): void;
  /** Joins the feed as `actor`; `undefined` when the actor already holds the most streams. */
  open(actor: string): AuditSubscription | undefined;
  /** Ends every stream and stops polling; streams opened afterwards end at once. */
  close(): void;
}

class Subscriber implements AuditSubscription {
  closed = false;
  private changed = false;
  private settle: ((result: WaitResult) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly leave: (subscriber: Subscriber) => void) {}

  notify(result: 'changed' | 'closed'): void {
    if (result === 'closed') this.closed = true;
    else this.changed = true;
    this.finish(result);
  }

  wait(timeoutMs: number): Promise<WaitResult> {
    if (this.closed) return Promise.resolve('closed');
    if (this.changed) return Promise.resolve(this.take());
    return new Promise((resolve) => {
      this.settle = resolve;
      this.timer = setTimeout(() => this.finish('timeout'), timeoutMs);
    });
  }

  end(): void {
    if (this.closed) return;
    this.leave(this);
    this.notify('closed');
  }

  private take(): 'changed' {
    this.changed = false;
    return 'changed';
  }

  private finish(result: WaitResult): void {
    const settle = this.settle;
    if (!settle) return;
    clearTimeout(this.timer);
    this.settle = undefined;
    settle(result === 'changed' ? this.take() : result);
  }
}

/**
 * Creates the feed for one database. It polls `db` every `pollMs` while any stream is open, so
 * rows written by another process (the CLI) arrive too; in this process the app calls
 * {@link AuditFeed.wake} after each request, so rows arrive without waiting for the poll.
 */
export function createAuditFeed(db: Db, options: AuditFeedOptions = {}): AuditFeed {
  const pollMs = options.pollMs ?? 3000;
  const maxPerActor = options.maxStreamsPerActor ?? 4;
  const byActor = new Map<string, Set<Subscriber>>();
  const all = new Set<Subscriber>();
  let head = 0;
  let poll: NodeJS.Timeout | undefined;
  let closed = false;

  const wake = () => {
    if (all.size === 0 || !db.sqlite.open) return;
    const last = lastAuditSeq(db);
    if (last === head) return;
    head = last;
    for (const subscriber of all) subscriber.notify('changed');
  };

  const leave = (actor: string) => (subscriber: Subscriber) => {
    all.delete(subscriber);
    byActor.get(actor)?.delete(subscriber);
    if (byActor.get(actor)?.size === 0) byActor.delete(actor);
    if (all.size === 0) {
      clearInterval(poll);
      poll = undefined;
    }
  };

  const open = (actor: string): AuditSubscription | undefined => {
    const mine = byActor.get(actor) ?? new Set<Subscriber>();
    if (mine.size >= maxPerActor) return undefined;
    const subscriber = new Subscriber(leave(actor));
    if (closed) {
      subscriber.notify('closed');
      return subscriber;
    }
    if (all.size === 0) head = lastAuditSeq(db);
    all.add(subscriber);
    byActor.set(actor, mine.add(subscriber));
    // A timer that keeps nothing alive: the server's listener does that.
    poll ??= setInterval(wake, pollMs).unref();
    return subscriber;
  };

  const close = () => {
    closed = true;
    for (const subscriber of [...all]) subscriber.end();
  };

  return {
    heartbeatMs: options.heartbeatMs ?? 15_000,
    get size() {
      return all.size;
    },
    wake,
    open,
    close,
  };
}
