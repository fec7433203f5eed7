import { useTranslation } from 'react-i18next';
import { formatPosition } from '../../shared/geo/coords';

export const COORDINATE_FORMATS = ['dd', 'dms', 'mgrs'] as const;
export type CoordinateFormat = (typeof COORDINATE_FORMATS)[number];

export interface CoordinateReadoutProps {
  /** Cursor position, or null when the pointer is off the map. */
  position: { lng: number; lat: number } | null;
  format: CoordinateFormat;
  onFormatChange(format: CoordinateFormat): void;
}

/** The cursor position in the user's coordinate format, with a selector for that format. */
export function CoordinateReadout({ position, format, onFormatChange }: CoordinateReadoutProps) {
  const { t } = useTranslation('map');
  let text = t('noPosition');
  if (position) {
    try {
      text = formatPosition(position.lng, position.lat, format, { mgrsSpaced: true });
    } catch {
      // MGRS is undefined near the poles; say so rather than break the readout.
      text = t('outOfRange');
    }
  }
  return (
    <div className="coordinate-readout" role="group" aria-label={t('cursorPosition')}>
      <output aria-live="off" data-testid="cursor-position" style={{ fontVariantNumeric: 'tabular-nums', minWidth: '18ch', display: 'inline-block' }}>
        {text}
      </output>
      <select aria-label={t('coordinateFormat')} value={format} onChange={(e) => onFormatChange(e.target.value as CoordinateFormat)}>
        {COORDINATE_FORMATS.map((f) => (
          <option key={f} value={f}>
            {t(`format.${f}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
