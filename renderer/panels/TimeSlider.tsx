import { useEffect, useLayoutEffect, useRef, type CSSProperties, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimeWindow } from '../../shared/domain/filters';
import {
  DAY_MS,
  HOUR_MS,
  QUICK_RANGES,
  dtgLabel,
  matchingQuickRange,
  moveWindow,
  playNext,
  playStart,
  quickRange,
  setBound,
  type Extent,
  type QuickRange,
  type Window,
} from '../../shared/domain/time-window';

export interface TimeSliderProps {
  /** Earliest and latest date of the filterable layers; null when none has a date. */
  extent: Extent | null;
  window: TimeWindow;
  playing: boolean;
  onChange(window: TimeWindow): void;
  onPlay(): void;
  onPause(): void;
  /** Milliseconds between play frames; each frame moves a tenth of the window. */
  frameMs?: number;
  /** The clock for quick ranges (tests and screenshots pin it). */
  now?: () => Date;
}

const MINUTE_MS = 60_000;
const snap = (t: number): number => Math.round(t / MINUTE_MS) * MINUTE_MS;
const iso = (t: number): string => new Date(t).toISOString();

/**
 * The time window over the layers' dates, for a bar along the bottom of the map: play, the start
 * DTG, a track with two handles and the window between them (drag a handle to resize, the window
 * to move it), the end DTG, quick ranges. Props in, callbacks out; it runs the play timer itself
 * while `playing` is true (and stops it on unmount), calling onChange each frame and onPause at
 * the end of the extent.
 */
export function TimeSlider({ extent, window, playing, onChange, onPlay, onPause, frameMs = 600, now = () => new Date() }: TimeSliderProps) {
  const { t } = useTranslation('filters');
  // The timer reads the latest props through a ref, so it is not restarted on every frame.
  const latest = useRef({ extent, window, onChange, onPause });
  useLayoutEffect(() => {
    latest.current = { extent, window, onChange, onPause };
  });

  useEffect(() => {
    if (!playing) return;
    const id = setInterval(() => {
      const { extent: e, window: w, onChange: change, onPause: pause } = latest.current;
      if (!e || !w) return pause();
      const next = playNext(w, e);
      change(next.window);
      if (next.done) pause();
    }, frameMs);
    return () => clearInterval(id);
  }, [playing, frameMs]);

  // The track spans the data and the window, so a quick range beyond the data still shows.
  const domain = extent && {
    min: Math.min(Date.parse(extent.min), window ? Date.parse(window.start) : Infinity),
    max: Math.max(Date.parse(extent.max), window ? Date.parse(window.end) : -Infinity),
  };
  const domainExtent: Extent | null = domain && { min: iso(domain.min), max: iso(domain.max) };
  const span = domain ? Math.max(domain.max - domain.min, MINUTE_MS) : 1;
  const shown: Window | null = window ?? (extent ? { start: extent.min, end: extent.max } : null);
  const pct = (at: string): number => (domain ? ((Date.parse(at) - domain.min) / span) * 100 : 0);
  const active = matchingQuickRange(window, now());

  /** The time under the pointer; the track is found from the element, so drags need no ref. */
  const timeAt = (from: Element, clientX: number): number => {
    const box = from.closest('[data-time-track]')?.getBoundingClientRect();
    if (!box || !domain || box.width === 0) return 0;
    return snap(domain.min + ((clientX - box.left) / box.width) * span);
  };

  /** Pointer drags: a handle resizes, the window body moves; the pointer is captured meanwhile. */
  const startDrag = (mode: 'start' | 'end' | 'move') => (e: ReactPointerEvent<HTMLElement>) => {
    if (!shown || !domainExtent) return;
    e.preventDefault();
    e.stopPropagation();
    if (playing) onPause();
    const target = e.currentTarget;
    target.setPointerCapture(e.pointerId);
    const origin = timeAt(target, e.clientX);
    const from = shown;
    const onMove = (ev: PointerEvent) => {
      const at = timeAt(target, ev.clientX);
      onChange(mode === 'move' ? moveWindow(from, at - origin, domainExtent) : setBound(from, mode, at, domainExtent));
    };
    const onUp = () => {
      target.removeEventListener('pointermove', onMove);
      target.removeEventListener('pointerup', onUp);
      target.removeEventListener('pointercancel', onUp);
    };
    target.addEventListener('pointermove', onMove);
    target.addEventListener('pointerup', onUp);
    target.addEventListener('pointercancel', onUp);
  };

  /** A click on the bare track brings the nearer handle there. */
  const onTrackDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (!shown || !domainExtent) return;
    const at = timeAt(e.currentTarget, e.clientX);
    const side = Math.abs(at - Date.parse(shown.start)) <= Math.abs(at - Date.parse(shown.end)) ? 'start' : 'end';
    onChange(setBound(shown, side, at, domainExtent));
  };

  /** Arrows move by an hour (a day with Shift), Page keys by a day, Home and End to the limits. */
  const onKey = (mode: 'start' | 'end' | 'move') => (e: KeyboardEvent<HTMLElement>) => {
    if (!shown || !domainExtent || !domain) return;
    const step = e.shiftKey ? DAY_MS : HOUR_MS;
    const delta: Record<string, number> = { ArrowLeft: -step, ArrowDown: -step, ArrowRight: step, ArrowUp: step, PageDown: -DAY_MS, PageUp: DAY_MS };
    let next: Window | null = null;
    if (e.key in delta) {
      const d = delta[e.key] ?? 0;
      next = mode === 'move' ? moveWindow(shown, d, domainExtent) : setBound(shown, mode, Date.parse(shown[mode]) + d, domainExtent);
    } else if (e.key === 'Home') {
      next = mode === 'move' ? moveWindow(shown, domain.min - Date.parse(shown.start), domainExtent) : setBound(shown, mode, domain.min, domainExtent);
    } else if (e.key === 'End') {
      next = mode === 'move' ? moveWindow(shown, domain.max - Date.parse(shown.end), domainExtent) : setBound(shown, mode, domain.max, domainExtent);
    }
    if (!next) return;
    e.preventDefault();
    if (playing) onPause();
    onChange(next);
  };

  const play = () => {
    if (!extent) return;
    // No window yet: play a tenth of the extent from its start.
    const from: Window = window ?? { start: extent.min, end: iso(Date.parse(extent.min) + span / 10) };
    const start = playStart(from, domainExtent ?? extent);
    if (start !== window) onChange(start);
    onPlay();
  };

  const disabled = !extent;
  const handle = (side: 'start' | 'end'): CSSProperties => ({ ...styles.handle, left: `${shown ? pct(shown[side]) : side === 'start' ? 0 : 100}%` });

  return (
    <div className="time-slider" role="group" aria-label={t('slider.label')} style={styles.bar}>
      <button
        type="button"
        className="icon-button"
        style={styles.play}
        disabled={disabled}
        aria-label={playing ? t('slider.pause') : t('slider.play')}
        title={playing ? t('slider.pause') : t('slider.play')}
        onClick={playing ? onPause : play}
      >
        <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
          {playing ? <path d="M4 3h3v10H4zM9 3h3v10H9z" fill="currentColor" /> : <path d="M4 2.5v11l9-5.5z" fill="currentColor" />}
        </svg>
      </button>
      <output style={{ ...styles.dtg, opacity: window ? 1 : 0.55 }} aria-label={t('slider.start')}>
        {shown ? dtgLabel(shown.start) : '—'}
      </output>
      <div data-time-track style={{ ...styles.track, opacity: disabled ? 0.4 : 1 }} onPointerDown={disabled ? undefined : onTrackDown} title={disabled ? t('slider.noDates') : t('slider.applies')}>
        <div style={styles.rail} />
        {shown && (
          <>
            <div
              role="slider"
              tabIndex={disabled ? -1 : 0}
              aria-label={t('slider.move')}
              aria-valuemin={domain?.min}
              aria-valuemax={domain?.max}
              aria-valuenow={Date.parse(shown.start)}
              aria-valuetext={`${dtgLabel(shown.start)} – ${dtgLabel(shown.end)}`}
              style={{
                ...styles.range,
                left: `${pct(shown.start)}%`,
                width: `${Math.max(pct(shown.end) - pct(shown.start), 0)}%`,
                background: window ? 'var(--accent)' : 'var(--border)',
              }}
              onPointerDown={startDrag('move')}
              onKeyDown={onKey('move')}
            />
            {(['start', 'end'] as const).map((side) => (
              <div
                key={side}
                role="slider"
                tabIndex={disabled ? -1 : 0}
                aria-label={side === 'start' ? t('slider.start') : t('slider.end')}
                aria-valuemin={domain?.min}
                aria-valuemax={domain?.max}
                aria-valuenow={Date.parse(shown[side])}
                aria-valuetext={dtgLabel(shown[side])}
                style={handle(side)}
                onPointerDown={startDrag(side)}
                onKeyDown={onKey(side)}
              />
            ))}
          </>
        )}
      </div>
      <output style={{ ...styles.dtg, opacity: window ? 1 : 0.55 }} aria-label={t('slider.end')}>
        {shown ? dtgLabel(shown.end) : '—'}
      </output>
      <div role="group" aria-label={t('slider.quickRanges')} style={styles.quick}>
        {(Object.keys(QUICK_RANGES) as QuickRange[]).map((r) => (
          <button
            key={r}
            type="button"
            aria-pressed={active === r}
            title={t(`quickTitle.${r}`)}
            className={active === r ? 'primary' : undefined}
            style={styles.quickButton}
            onClick={() => {
              if (playing) onPause();
              onChange(quickRange(r, now()));
            }}
          >
            {t(`quick.${r}`)}
          </button>
        ))}
        <button
          type="button"
          aria-pressed={window === null}
          title={t('slider.allTitle')}
          className={window === null ? 'primary' : undefined}
          style={styles.quickButton}
          onClick={() => {
            if (playing) onPause();
            onChange(null);
          }}
        >
          {t('slider.all')}
        </button>
      </div>
    </div>
  );
}

/** Inline because the component ships without touching the app's stylesheet; colours are its variables. */
const styles = {
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: 10,
    padding: '8px 12px',
    background: 'var(--panel)',
    borderTop: '1px solid var(--border)',
    minHeight: 48,
  },
  play: { width: 32, height: 30, flex: '0 0 auto' },
  dtg: { fontVariantNumeric: 'tabular-nums', fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace', fontSize: 13, whiteSpace: 'nowrap', flex: '0 0 auto', minWidth: '15ch', textAlign: 'center' },
  track: { position: 'relative', flex: '1 1 auto', height: 28, cursor: 'pointer', touchAction: 'none', minWidth: 160 },
  rail: { position: 'absolute', left: 0, right: 0, top: 12, height: 4, borderRadius: 2, background: 'var(--border)' },
  range: { position: 'absolute', top: 9, height: 10, borderRadius: 5, cursor: 'grab', opacity: 0.85 },
  handle: {
    position: 'absolute',
    top: 5,
    width: 14,
    height: 18,
    marginLeft: -7,
    borderRadius: 4,
    background: 'var(--panel)',
    border: '2px solid var(--accent)',
    cursor: 'ew-resize',
    boxShadow: '0 1px 3px rgba(0,0,0,.25)',
  },
  quick: { display: 'flex', gap: 4, flex: '0 0 auto' },
  quickButton: { padding: '4px 9px', fontSize: 13 },
} satisfies Record<string, CSSProperties>;
