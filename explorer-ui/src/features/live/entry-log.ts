// An append-only list that forgets from the front, addressed by absolute
// position: entry n keeps its number however many older ones were dropped,
// so a selection, a filter's matches and the virtual list's rows stay valid
// while the oldest frames make room for new ones. Dropping is O(1); the
// array is compacted now and then, not shifted on every drop.

/** Dropped slots tolerated before the array is compacted (and only while they are over half of it). */
const COMPACT_AFTER = 4096;

export class EntryLog<T> {
  private items: T[] = [];
  /** Index in `items` of the oldest kept entry. */
  private head = 0;
  /** Absolute number of items[0]. */
  private base = 0;

  /** Number of the oldest kept entry (equal to `end` when none is kept). */
  get first(): number {
    return this.base + this.head;
  }

  /** One past the number of the newest entry: how many were ever pushed. */
  get end(): number {
    return this.base + this.items.length;
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** Appends; returns the entry's number. */
  push(item: T): number {
    this.items.push(item);
    return this.end - 1;
  }

  /** The entry numbered `n`, or undefined when it was dropped or never pushed. */
  get(n: number): T | undefined {
    const index = n - this.base;
    return index >= this.head && index < this.items.length ? this.items[index] : undefined;
  }

  /** Replaces a kept entry (a handshake that grew); false when it is gone. */
  set(n: number, item: T): boolean {
    const index = n - this.base;
    if (index < this.head || index >= this.items.length) return false;
    this.items[index] = item;
    return true;
  }

  oldest(): T | undefined {
    return this.size > 0 ? this.items[this.head] : undefined;
  }

  dropOldest(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    (this.items as (T | undefined)[])[this.head] = undefined;
    this.head++;
    this.compactIfWorthIt();
    return item;
  }

  /** Forgets every entry; numbering goes on from `end`. */
  clear(): void {
    this.base = this.end;
    this.items = [];
    this.head = 0;
  }

  private compactIfWorthIt(): void {
    if (this.head < COMPACT_AFTER || this.head * 2 < this.items.length) return;
    this.items = this.items.slice(this.head);
    this.base += this.head;
    this.head = 0;
  }
}
