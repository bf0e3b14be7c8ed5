/**
 * The server's only source of time. Passed in everywhere, so tests can freeze and move it.
 */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved; for tests and benchmarks. */
export interface FixedClock extends Clock {
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void;
  set(time: Date): void;
}

/**
 * Makes a {@link FixedClock} starting at `start`.
 *
 * @example const clock = fixedClock(new Date()); clock.advance(601_000);
 */
export function fixedClock(start: Date): FixedClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (time) => {
      current = time.getTime();
    },
  };
}
