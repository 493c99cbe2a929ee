// Which timeline entries the view shows: one direction or both, data or
// control frames (RFC 6455 5.5: opcodes with the high bit set are control
// frames), and a text search. Gap and failure markers always show, whatever
// the filter: hiding a hole in the history would make the rest misleading.
//
// With 100 000 frames the matches are kept up to date incrementally: new
// entries are tested as they come, dropped ones leave from the front, and
// only a change of filter tests everything again.

import { isControlOpcode, opcodeInfo } from '../../../../engine/opcode';
import type { EntryLog } from './entry-log';
import type { TimelineEntry } from './timeline-entry';

export type DirectionFilter = 'both' | 'client' | 'server';
export type KindFilter = 'all' | 'data' | 'control';

export interface TimelineFilter {
  direction: DirectionFilter;
  kind: KindFilter;
  /** Case-insensitive; empty matches everything. */
  search: string;
}

export const NO_FILTER: TimelineFilter = { direction: 'both', kind: 'all', search: '' };

export function isFiltering(filter: TimelineFilter): boolean {
  return filter.direction !== 'both' || filter.kind !== 'all' || filter.search.trim() !== '';
}

/** A filter prepared for testing many entries. */
interface PreparedFilter {
  direction: DirectionFilter;
  kind: KindFilter;
  needle: string;
}

function prepare(filter: TimelineFilter): PreparedFilter {
  return { direction: filter.direction, kind: filter.kind, needle: filter.search.trim().toLowerCase() };
}

export function entryMatches(entry: TimelineEntry, filter: TimelineFilter): boolean {
  return matchesPrepared(entry, prepare(filter));
}

function matchesPrepared(entry: TimelineEntry, filter: PreparedFilter): boolean {
  if (entry.kind === 'gap' || entry.kind === 'failure') return filter.direction === 'both' || entry.from === filter.direction;
  if (filter.direction !== 'both' && entry.from !== null && entry.from !== filter.direction) return false;
  if (filter.kind !== 'all') {
    if (entry.kind !== 'frame') return false;
    if (isControlOpcode(entry.opcode) !== (filter.kind === 'control')) return false;
  }
  if (filter.needle === '') return true;
  return searchableText(entry).toLowerCase().includes(filter.needle);
}

function searchableText(entry: TimelineEntry): string {
  switch (entry.kind) {
    case 'frame':
      return `${opcodeInfo(entry.opcode).name} ${entry.summary}`;
    case 'handshake':
      return entry.firstLine;
    case 'note':
      return entry.text;
    default:
      return '';
  }
}

/** The numbers of a log's entries that pass a filter, oldest first, kept up to date as the log changes. */
export class FilteredEntries {
  private matches: number[] = [];
  private head = 0;
  /** Entries numbered below this have been tested. */
  private scanned = 0;
  private key = '';
  private log: EntryLog<TimelineEntry> | null = null;

  /** Brings the matches up to date with `log` under `filter`; returns true when they changed. */
  update(log: EntryLog<TimelineEntry>, filter: TimelineFilter): boolean {
    const key = JSON.stringify(filter);
    let changed = false;
    if (log !== this.log || key !== this.key) {
      this.log = log;
      this.key = key;
      this.matches = [];
      this.head = 0;
      this.scanned = log.first;
      changed = true;
    }
    const first = log.first;
    while (this.head < this.matches.length && this.matches[this.head] < first) {
      this.head++;
      changed = true;
    }
    if (this.head > 4096 && this.head * 2 > this.matches.length) {
      this.matches = this.matches.slice(this.head);
      this.head = 0;
    }
    const prepared = prepare(filter);
    for (let n = Math.max(this.scanned, first); n < log.end; n++) {
      const entry = log.get(n);
      if (entry && matchesPrepared(entry, prepared)) {
        this.matches.push(n);
        changed = true;
      }
    }
    this.scanned = log.end;
    return changed;
  }

  get count(): number {
    return this.matches.length - this.head;
  }

  /** The number of the i-th matching entry. */
  at(i: number): number {
    return this.matches[this.head + i];
  }

  /** How many matches are numbered below `end` (a paused timeline shows those). */
  countBelow(end: number): number {
    let low = this.head;
    let high = this.matches.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.matches[middle] < end) low = middle + 1;
      else high = middle;
    }
    return low - this.head;
  }

  /** Where entry `n` is among the matches, or -1. */
  indexOf(n: number): number {
    let low = this.head;
    let high = this.matches.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const value = this.matches[middle];
      if (value === n) return middle - this.head;
      if (value < n) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }
}
