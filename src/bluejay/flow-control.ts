/**
 * Flow control shared by every request of a run: at most `concurrency` in flight, at most
 * `rateLimit` starts per second (evenly spaced slots), and an adaptive slow-down when the server
 * answers 429: both limits halve, then creep back up with each success.
 */
import { abortedError, systemClock, type Clock } from "./sleep.js";

export interface FlowControlOptions {
  concurrency: number;
  /** Requests per second; Infinity for no limit. */
  rateLimit: number;
  clock?: Clock;
}

export interface FlowSnapshot {
  inFlight: number;
  queued: number;
  /** The effective limits, lowered after a 429. */
  concurrency: number;
  rate: number;
}

export interface FlowControl {
  /** Waits for a free slot and the next rate slot; call the returned function when the request ends. */
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** The server answered 429: halve the effective rate and concurrency (at most once a second). */
  rateLimited(): void;
  /** A request succeeded: recover a little of the configured limits. */
  succeeded(): void;
  snapshot(): FlowSnapshot;
}

interface Waiter {
  grant(): void;
}

// Never slow below this, so a run that keeps hitting 429 still ends.
const MIN_RATE = 0.5;
// Successes needed to win back one concurrency slot.
const SUCCESSES_PER_SLOT = 4;
// 429s that arrive together are one signal: slow down at most once in this window.
const SLOWDOWN_WINDOW_MS = 1000;
// What "no limit" becomes after a 429.
const UNLIMITED_FALLBACK_RATE = 50;

/** One per run; pass it to every client that shares the run's limits. */
export function createFlowControl(opts: FlowControlOptions): FlowControl {
  return new SharedFlow(opts);
}

class SharedFlow implements FlowControl {
  readonly #clock: Clock;
  readonly #maxConcurrency: number;
  readonly #maxRate: number;
  #concurrency: number;
  #rate: number;
  #inFlight = 0;
  #nextSlotAt = -Infinity;
  #streak = 0;
  #lastSlowdownAt = -Infinity;
  readonly #queue: Waiter[] = [];

  constructor(opts: FlowControlOptions) {
    if (!(opts.concurrency >= 1)) throw new RangeError("concurrency must be at least 1");
    if (!(opts.rateLimit > 0)) throw new RangeError("rateLimit must be positive");
    this.#clock = opts.clock ?? systemClock();
    this.#maxConcurrency = Math.floor(opts.concurrency);
    this.#concurrency = this.#maxConcurrency;
    this.#maxRate = opts.rateLimit;
    this.#rate = opts.rateLimit;
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    await this.#takePermit(signal);
    let done = false;
    const release = (): void => {
      if (done) return;
      done = true;
      this.#inFlight--;
      this.#pump();
    };
    try {
      await this.#takeSlot(signal);
    } catch (err) {
      release();
      throw err;
    }
    return release;
  }

  rateLimited(): void {
    this.#streak = 0;
    const now = this.#clock.now();
    if (now - this.#lastSlowdownAt < SLOWDOWN_WINDOW_MS) return;
    this.#lastSlowdownAt = now;
    const halved = Number.isFinite(this.#rate) ? this.#rate / 2 : UNLIMITED_FALLBACK_RATE;
    this.#rate = Math.max(Math.min(MIN_RATE, this.#maxRate), halved);
    this.#concurrency = Math.max(1, Math.floor(this.#concurrency / 2));
  }

  succeeded(): void {
    this.#streak++;
    if (this.#rate < this.#maxRate) {
      const step = Number.isFinite(this.#maxRate) ? this.#maxRate / 10 : this.#rate / 10;
      this.#rate = this.#rate + step >= this.#maxRate ? this.#maxRate : this.#rate + step;
      if (this.#rate > UNLIMITED_FALLBACK_RATE * 4) this.#rate = this.#maxRate;
    }
    if (this.#streak % SUCCESSES_PER_SLOT === 0 && this.#concurrency < this.#maxConcurrency) {
      this.#concurrency++;
      this.#pump();
    }
  }

  snapshot(): FlowSnapshot {
    return {
      inFlight: this.#inFlight,
      queued: this.#queue.length,
      concurrency: this.#concurrency,
      rate: this.#rate,
    };
  }

  #pump(): void {
    while (this.#inFlight < this.#concurrency && this.#queue.length > 0) {
      this.#inFlight++;
      this.#queue.shift()?.grant();
    }
  }

  // Evenly spaced start times: any one-second window holds at most rate + 1 starts.
  #takeSlot(signal?: AbortSignal): Promise<void> {
    if (!Number.isFinite(this.#rate)) return Promise.resolve();
    const now = this.#clock.now();
    const at = Math.max(now, this.#nextSlotAt);
    this.#nextSlotAt = at + 1000 / this.#rate;
    return this.#clock.sleep(at - now, signal);
  }

  #takePermit(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortedError());
    if (this.#inFlight < this.#concurrency && this.#queue.length === 0) {
      this.#inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const i = this.#queue.indexOf(waiter);
        if (i >= 0) this.#queue.splice(i, 1);
        reject(abortedError());
      };
      this.#queue.push(waiter);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
