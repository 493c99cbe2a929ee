// A token bucket, for the rate limits a peer cannot lift: chat messages per
// client, frame-lab exchanges per address.

/** `burst` at once, refilled at `messagesPerSecond`. */
export interface RateLimit {
  messagesPerSecond: number;
  burst: number;
}

/**
 * A token bucket: holds up to `burst` tokens, gains `messagesPerSecond` a
 * second, and each message takes one. A client may send `burst` messages at
 * once, then `messagesPerSecond` for as long as it likes.
 */
export class TokenBucket {
  readonly #limit: RateLimit;
  readonly #now: () => number;
  #tokens: number;
  #refilledAt: number;

  constructor(limit: RateLimit, now: () => number = performance.now.bind(performance)) {
    if (!(limit.messagesPerSecond > 0) || !Number.isFinite(limit.messagesPerSecond)) {
      throw new RangeError(`rateLimit.messagesPerSecond must be a positive number, got ${limit.messagesPerSecond}`);
    }
    positiveInteger(limit.burst, 'rateLimit.burst');
    this.#limit = limit;
    this.#now = now;
    this.#tokens = limit.burst;
    this.#refilledAt = now();
  }

  /** Takes a token if there is one; false means the message is over the limit. */
  take(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  #refill(): void {
    const now = this.#now();
    const earned = ((now - this.#refilledAt) / 1000) * this.#limit.messagesPerSecond;
    this.#tokens = Math.min(this.#limit.burst, this.#tokens + earned);
    this.#refilledAt = now;
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
