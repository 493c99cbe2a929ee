// One budget for the memory every connection of a server holds for messages
// still arriving (engine Connection.bufferedBytes: the frame being read and an
// unfinished message's fragments). Each connection is bounded on its own by
// its message size limit; this bounds their sum, so sixty peers that each
// start a 16 MiB message and never finish it cannot make the server hold a
// gigabyte. A connection that grows past the budget is refused (1013).

export class HeldBytesBudget {
  private held = 0;

  constructor(readonly limit: number) {
    if (!(limit > 0)) throw new RangeError(`the held-bytes budget must be positive, not ${limit}`);
  }

  /** Bytes held by all connections together. */
  get used(): number {
    return this.held;
  }

  get exceeded(): boolean {
    return this.held > this.limit;
  }

  /** A connection's holding changed by `delta` bytes (negative when it let go). */
  change(delta: number): void {
    this.held += delta;
  }
}
