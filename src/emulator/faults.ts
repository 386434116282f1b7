/**
 * Injected faults, decided per request in a fixed order: rate limit, then error rate, then (after
 * the handler committed) drop. Random draws happen only for the faults that are on, so a test that
 * injects `random` knows exactly which draw decides what.
 */
import { DETAIL, detail, pickServerError, serverError } from "./assumed.js";
import { RateLimiter } from "./rate-limit.js";
import type { RouteResult } from "./types.js";

export interface FaultSettings {
  latencyMs: number;
  errorRate: number;
  dropRate: number;
  /** Requests per second; 0 or undefined means unlimited. */
  rateLimit: number | undefined;
  noList: boolean;
}

export class Faults {
  private settings: FaultSettings;
  private limiter: RateLimiter | undefined;

  constructor(
    initial: FaultSettings,
    private readonly random: () => number,
    private readonly clockMs: () => number,
  ) {
    this.settings = { ...initial };
    this.limiter = this.makeLimiter(initial.rateLimit);
  }

  private makeLimiter(rate: number | undefined): RateLimiter | undefined {
    return rate && rate > 0 ? new RateLimiter(rate, this.clockMs) : undefined;
  }

  get current(): Readonly<FaultSettings> {
    return this.settings;
  }

  set(patch: Partial<FaultSettings>): void {
    this.settings = { ...this.settings, ...patch };
    if ("rateLimit" in patch) this.limiter = this.makeLimiter(patch.rateLimit);
  }

  /** A response that replaces the handler's (429 or 5xx), or null to go on. Never changes state. */
  before(): RouteResult | null {
    if (this.limiter) {
      const d = this.limiter.take();
      if (!d.ok) return detail(429, DETAIL.tooManyRequests, { "Retry-After": String(d.retryAfterSeconds) });
    }
    const { errorRate } = this.settings;
    if (errorRate > 0) {
      const draw = this.random();
      if (draw < errorRate) return serverError(pickServerError(draw, errorRate));
    }
    return null;
  }

  /** Whether to destroy the socket instead of answering a mutating request (already committed). */
  shouldDrop(): boolean {
    const { dropRate } = this.settings;
    return dropRate > 0 && this.random() < dropRate;
  }
}
