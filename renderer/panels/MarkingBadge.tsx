import { useTranslation } from 'react-i18next';
import { UN_SCHEME, type Marking, type MarkingScheme } from '../../shared/domain/marking';
import type { SharingDirectory } from '../../shared/domain/sharing-directory';
import { levelColors, levelLabel, markingDetails, markingSummary } from './marking-labels';
import './markings.css';

/** A classification as a small coloured pill in the scheme's banner colours; text only, never HTML. */
export function MarkingBadge({ classification, title, inherited = false, scheme = UN_SCHEME }: { classification: string; title?: string; inherited?: boolean; scheme?: MarkingScheme }) {
  const { t, i18n } = useTranslation('markings');
  const colors = levelColors(scheme, classification);
  return (
    <span
      className={inherited ? 'marking-badge inherited' : 'marking-badge'}
      style={{ background: colors.background, color: colors.color }}
      title={title}
      data-testid="marking-badge"
      data-classification={classification}
    >
      {levelLabel(t, i18n.language, scheme, classification)}
    </span>
  );
}

/** A layer's classification as a badge that opens its marking editor, then the rest of the marking in words. */
export function LayerMarkingButton({ name, marking, directory, open, onToggle, scheme = UN_SCHEME }: { name: string; marking: Marking; directory: SharingDirectory; open: boolean; onToggle(): void; scheme?: MarkingScheme }) {
  const { t, i18n } = useTranslation('markings');
  const colors = levelColors(scheme, marking.classification);
  const summary = markingSummary(t, i18n.language, scheme, directory, marking);
  const level = levelLabel(t, i18n.language, scheme, marking.classification);
  return (
    <div className="layer-marking-line">
      <button
        type="button"
        className="marking-badge"
        style={{ background: colors.background, color: colors.color }}
        title={t('badgeTitle', { name, summary })}
        aria-label={t('changeLayer', { name })}
        aria-expanded={open}
        data-testid="marking-badge"
        data-classification={marking.classification}
        onClick={onToggle}
      >
        {level}
      </button>
      <span className="marking-summary">{markingDetails(t, directory, marking)}</span>
    </div>
  );
}
