// A session's timeline: its handshake, then every frame both ways, in a
// virtual list (@tanstack/react-virtual) so 100 000 rows cost the DOM only
// the few dozen in view. Filters, pause (frames keep arriving and are kept
// and counted), follow-the-newest and clear sit above it. A session read
// from a capture file (no feed: nothing more will arrive) has the filters
// only, and opens at its first row.

import { Trans, useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useExplorer } from '../../store';
import type { LiveFeed } from './live-feed';
import type { LiveSession } from './live-model';
import { FilteredEntries, isFiltering, type DirectionFilter, type KindFilter } from './timeline-filter';
import { TimelineRow } from './TimelineRow';
import { sessionTargetWords } from './live-wording';

/** The filters' choices, in order; their words are in the catalogs (live.timeline.directions, .kinds). */
const DIRECTIONS: readonly DirectionFilter[] = ['both', 'client', 'server'];
const KINDS: readonly KindFilter[] = ['all', 'data', 'control'];

/** Rows are this many rem tall, so their height follows large type. */
const ROW_REM = 2.25;
/** The list is as tall as its rows, between these many rows' height. */
const MIN_ROWS_SHOWN = 6;
const MAX_ROWS_SHOWN = 14;

/** `actions`: buttons about the whole session (saving it), beside its title. */
export function SessionTimeline({ feed, session, actions }: { feed?: LiveFeed; session: LiveSession; actions?: ReactNode }) {
  const { t } = useTranslation();
  const filter = useExplorer((s) => s.liveFilter);
  const pause = useExplorer((s) => s.livePause);
  const followNewest = useExplorer((s) => s.liveFollowNewest);
  const selected = useExplorer((s) => s.liveEntry);
  const largeType = useExplorer((s) => s.largeType);
  const setFilter = useExplorer((s) => s.setLiveFilter);
  const pauseLive = useExplorer((s) => s.pauseLive);
  const setFollowNewest = useExplorer((s) => s.setLiveFollowNewest);
  const select = useExplorer((s) => s.selectLiveEntry);

  // Kept up to date incrementally: new entries are tested as they come (timeline-filter.ts).
  const [filtered] = useState(() => new FilteredEntries());
  filtered.update(session.log, filter);
  const recorded = !feed;
  const paused = !recorded && pause?.session === session.id ? pause : null;
  const count = paused ? filtered.countBelow(paused.end) : filtered.count;
  const arrivedWhilePaused = paused ? session.frameCount - paused.frames : 0;

  const scrollRef = useRef<HTMLDivElement>(null);
  const rowHeight = useRowHeight(largeType);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    // React 19 warns about flushSync during rendering; a frame of delay while scrolling is invisible.
    useFlushSync: false,
  });
  useLayoutEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);
  // Following the newest: straight to the bottom, once per redraw. (The
  // virtualizer's scrollToIndex re-measures and retries over several frames,
  // which at 100 000 rows arriving costs more than the rows themselves.)
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element && followNewest && !paused && !recorded && count > 0) element.scrollTop = element.scrollHeight;
  }, [count, followNewest, paused, recorded]);

  const moveSelection = (step: number) => {
    if (count === 0) return;
    const at = selected === null ? -1 : filtered.indexOf(selected);
    const next = Math.min(count - 1, Math.max(0, at === -1 ? (step > 0 ? 0 : count - 1) : at + step));
    select(filtered.at(next));
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 20, PageUp: -20, j: 1, k: -1 };
    if (event.key in steps) {
      event.preventDefault();
      moveSelection(steps[event.key]);
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      moveSelection(event.key === 'Home' ? -count : count);
    }
  };

  return (
    <section className="panel live-timeline" aria-labelledby="live-timeline-title" data-testid="live-timeline">
      <div className="panel__head">
        <h2 id="live-timeline-title">
          <Trans i18nKey="live.timeline.title" components={{ target: <span className="mono">{sessionTargetWords(t, session.target)}</span>, id: <span className="muted">({session.id})</span> }} />
        </h2>
        {actions}
      </div>
      <div className="timeline__toolbar">
        <Segmented
          name="live-direction"
          label={t('live.timeline.direction')}
          options={DIRECTIONS.map((value) => ({ value, label: t(`live.timeline.directions.${value}`) }))}
          value={filter.direction}
          onChange={(direction) => setFilter({ direction })}
        />
        <Segmented
          name="live-kind"
          label={t('live.timeline.kind')}
          options={KINDS.map((value) => ({ value, label: t(`live.timeline.kinds.${value}`) }))}
          value={filter.kind}
          onChange={(kind) => setFilter({ kind })}
        />
        <input
          type="search"
          className="timeline__search"
          placeholder={t('live.timeline.search')}
          aria-label={t('live.timeline.searchLabel')}
          value={filter.search}
          onChange={(e) => setFilter({ search: e.target.value })}
          data-testid="live-search"
        />
        {feed ? (
          <>
            <button
              type="button"
              className={paused ? 'primary' : undefined}
              onClick={() => pauseLive(paused ? null : { session: session.id, end: session.log.end, frames: session.frameCount })}
              data-testid="live-pause"
            >
              {paused ? t('live.timeline.resume', { size: arrivedWhilePaused.toLocaleString('en') }) : t('live.timeline.pause')}
            </button>
            <label className="check timeline__follow">
              <input type="checkbox" checked={followNewest} onChange={(e) => setFollowNewest(e.target.checked)} data-testid="live-follow" />
              {t('live.timeline.follow')}
            </label>
            <button type="button" className="quiet" onClick={() => { select(null); pauseLive(null); feed.clear(); }} data-testid="live-clear">
              {t('live.timeline.clear')}
            </button>
          </>
        ) : null}
      </div>
      <p className="timeline__counts muted" data-testid="live-counts">
        {isFiltering(filter)
          ? t('live.timeline.matching', { shown: count.toLocaleString('en'), total: session.log.size.toLocaleString('en') })
          : t('live.timeline.entries', { shown: count.toLocaleString('en') })}
        {t('live.timeline.framesSeen', { size: session.frameCount.toLocaleString('en') })}
        {paused ? t('live.timeline.paused', { size: arrivedWhilePaused.toLocaleString('en') }) : ''}
        {session.droppedEntries > 0
          ? <span className="live-status__warn" data-testid="session-dropped">{t('live.timeline.droppedEntries', { size: session.droppedEntries.toLocaleString('en') })}</span>
          : null}
        {session.missingChunks > 0 ? t('live.timeline.missingChunks', { size: session.missingChunks.toLocaleString('en') }) : ''}
      </p>
      <div className="trow trow--head" aria-hidden="true">
        {(['time', 'direction', 'fin', 'opcode', 'length', 'mask', 'summary'] as const).map((column) => <span key={column}>{t(`live.timeline.columns.${column}`)}</span>)}
      </div>
      <div
        ref={scrollRef}
        className="timeline__scroll"
        role="listbox"
        aria-label={t('live.timeline.framesOf', { id: session.id })}
        aria-activedescendant={selected !== null ? `live-entry-${selected}` : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onWheel={(e) => { if (e.deltaY < 0 && followNewest) setFollowNewest(false); }}
        style={{ height: rowHeight * Math.min(MAX_ROWS_SHOWN, Math.max(MIN_ROWS_SHOWN, count)) + 2 }}
        data-testid="live-scroll"
      >
        <div className="timeline__canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const n = filtered.at(item.index);
            const entry = session.log.get(n);
            if (!entry) return null;
            return (
              // Keyed by position in the view, not by entry: while the newest rows pour in,
              // React rewrites the rows' text in place instead of replacing their elements.
              <TimelineRow
                key={item.index - virtualizer.getVirtualItems()[0].index}
                n={n}
                entry={entry}
                openedAt={session.openedAt}
                selected={n === selected}
                onSelect={select}
                style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
              />
            );
          })}
        </div>
        {count === 0 ? <p className="muted timeline__empty">{session.log.size ? t('live.timeline.noMatch') : t('live.timeline.nothingYet')}</p> : null}
      </div>
    </section>
  );
}

function Segmented<T extends string>({ name, label, options, value, onChange }: {
  name: string;
  label: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <fieldset className="segmented" aria-label={label}>
      <legend className="visually-hidden">{label}</legend>
      {options.map((option) => (
        <label key={option.value} className={value === option.value ? 'is-on' : undefined}>
          <input type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} data-testid={`${name}-${option.value}`} />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

/** A row's height in whole pixels, from the root font size (which large type changes). */
function useRowHeight(largeType: boolean): number {
  const [height, setHeight] = useState(() => measure());
  useLayoutEffect(() => setHeight(measure()), [largeType]);
  return height;
}

function measure(): number {
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  return Math.round(rem * ROW_REM);
}
