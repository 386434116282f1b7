/**
 * A token bucket: `rate` requests per second, bursts of up to `rate`. A refused request costs
 * nothing and learns how many whole seconds to wait (`Retry-After`).
 */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private rate: number,
    private readonly clockMs: () => number,
  ) {
    this.tokens = Math.max(1, rate);
    this.last = clockMs();
  }

  /** Changes the rate; the bucket starts full again so that a new limit is predictable. */
  setRate(rate: number): void {
    this.rate = rate;
    this.tokens = Math.max(1, rate);
    this.last = this.clockMs();
  }

  take(): RateDecision {
    const now = this.clockMs();
    const capacity = Math.max(1, this.rate);
    this.tokens = Math.min(capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    const waitSeconds = (1 - this.tokens) / this.rate;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
  }
}
