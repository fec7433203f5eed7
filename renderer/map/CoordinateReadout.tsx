import { useTranslation } from 'react-i18next';
import { formatPosition } from '../../shared/geo/coords';
import { useCursor } from '../state/cursor-store';
import { useSettings } from '../state/settings';

export const COORDINATE_FORMATS = ['dd', 'dms', 'mgrs'] as const;
export type CoordinateFormat = (typeof COORDINATE_FORMATS)[number];

/**
 * The cursor position in the user's coordinate format, with a selector for that format. The only
 * reader of the cursor store, so a mouse move re-renders this and nothing else.
 */
export function CoordinateReadout() {
  const { t } = useTranslation('map');
  const position = useCursor((s) => s.position);
  const format = useSettings((s) => s.coordFormat);
  let text = t('noPosition');
  if (position) {
    const shown = formatPosition(position.lng, position.lat, format, { mgrsSpaced: true });
    // MGRS is undefined near the poles: a short word fits the readout where the full reason would not.
    text = shown.ok ? shown.value : t('outOfRange');
  }
  return (
    <div className="coordinate-readout" role="group" aria-label={t('cursorPosition')}>
      <output aria-live="off" data-testid="cursor-position" style={{ fontVariantNumeric: 'tabular-nums', minWidth: '18ch', display: 'inline-block' }}>
        {text}
      </output>
      <select aria-label={t('coordinateFormat')} value={format} onChange={(e) => useSettings.getState().update({ coordFormat: e.target.value as CoordinateFormat })}>
        {COORDINATE_FORMATS.map((f) => (
          <option key={f} value={f}>
            {t(`format.${f}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
