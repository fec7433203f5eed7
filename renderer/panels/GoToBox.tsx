import { formatMessage } from '../../shared/i18n/message';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CoordinateFormat } from '../../shared/geo/coords';
import { resolveGoTo, type GoToError, type GoToTarget, type NameMatch } from '../../shared/geo/goto';
import { parseCoordinate } from '../../shared/geo/parse-coords';

export interface GoToBoxProps {
  /** Called with the place to show; moving the map is the caller's business. */
  onGo(target: GoToTarget): void;
  /** Feature names matching the text, best first. */
  search(q: string): Promise<NameMatch[]>;
  /** The user's coordinate format, for the label of a coordinate target. */
  format: CoordinateFormat;
}

/** Typing pauses this long before names are searched. */
const SEARCH_DELAY_MS = 200;

/**
 * "Go to": a coordinate in any notation the app reads (resolveGoTo), or a feature name picked from
 * the dropdown. Enter goes; arrows move in the dropdown; Escape closes it. Errors show under the
 * box in the user's language, with the parser's own (English) explanation as detail.
 */
export function GoToBox({ onGo, search, format }: GoToBoxProps) {
  const { t } = useTranslation('map');
  const id = useId();
  const [text, setText] = useState('');
  const [matches, setMatches] = useState<{ q: string; items: NameMatch[] }>({ q: '', items: [] });
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<GoToError | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Only the latest search may fill the dropdown.
  const latest = useRef(0);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const runSearch = async (q: string): Promise<NameMatch[]> => {
    const ticket = ++latest.current;
    let items: NameMatch[];
    try {
      items = await search(q);
    } catch {
      items = [];
    }
    if (ticket === latest.current) setMatches({ q, items });
    return items;
  };

  const onChange = (value: string) => {
    setText(value);
    setError(null);
    setActive(-1);
    if (timer.current) clearTimeout(timer.current);
    const q = value.trim();
    // A coordinate needs no name search.
    if (q === '' || parseCoordinate(q).ok) {
      latest.current++;
      setMatches({ q: '', items: [] });
      setOpen(false);
      return;
    }
    timer.current = setTimeout(() => {
      setOpen(true);
      void runSearch(q);
    }, SEARCH_DELAY_MS);
  };

  const go = (target: GoToTarget) => {
    setError(null);
    setOpen(false);
    setActive(-1);
    onGo(target);
  };

  const pick = (m: NameMatch) => {
    setText(m.label);
    go({ lng: m.lng, lat: m.lat, label: m.label, ...(m.bbox ? { bbox: m.bbox } : { zoom: 14 }) });
  };

  const submit = async () => {
    const chosen = open ? matches.items[active] : undefined;
    if (chosen) {
      pick(chosen);
      return;
    }
    const q = text.trim();
    if (timer.current) clearTimeout(timer.current);
    let result = resolveGoTo(q, () => [], { format });
    if (!result.ok && result.error.code !== 'empty') {
      const items = matches.q === q ? matches.items : await runSearch(q);
      result = resolveGoTo(q, () => items, { format });
    }
    if (result.ok) go(result.target);
    else {
      setOpen(false);
      setError(result.error);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = matches.items.length;
    if (e.key === 'Enter') {
      e.preventDefault();
      void submit();
    } else if (e.key === 'ArrowDown' && n > 0) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % n);
    } else if (e.key === 'ArrowUp' && n > 0) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a <= 0 ? n - 1 : a - 1));
    } else if (e.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  };

  const errorText = (err: GoToError): string => {
    switch (err.code) {
      case 'empty':
        return t('goTo.errorEmpty');
      case 'not-found':
        return t('goTo.errorNotFound', { text: text.trim() });
      default:
        return t('goTo.errorUnreadable');
    }
  };

  const listId = `${id}-list`;
  const errorId = `${id}-error`;
  const showList = open && matches.q !== '' && matches.q === text.trim();
  return (
    <div className="goto-box" role="search" aria-label={t('goTo.label')}>
      <input
        type="search"
        value={text}
        placeholder={t('goTo.placeholder')}
        aria-label={t('goTo.label')}
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        spellCheck={false}
        autoComplete="off"
      />
      <button type="button" onClick={() => void submit()}>
        {t('goTo.go')}
      </button>
      {showList && (
        <ul id={listId} role="listbox" className="goto-results" aria-label={t('goTo.results')}>
          {matches.items.length === 0 && <li className="empty">{t('goTo.noMatches')}</li>}
          {matches.items.map((m, i) => (
            <li
              key={`${m.label}-${i}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              // mousedown, not click: the input's blur would close the list before a click lands.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(m);
              }}
            >
              {m.label}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <div id={errorId} className="goto-error" role="alert">
          <p>{errorText(error)}</p>
          {error.detail && <p className="detail">{t('goTo.detail', { detail: formatMessage(t, error.detail) })}</p>}
        </div>
      )}
    </div>
  );
}
