import { useTranslation } from 'react-i18next';
import type { Marking, MarkingScheme } from '../../shared/domain/marking';
import { unknownLevelWarning } from '../../shared/domain/marking-scheme-file';
import { formatMessage } from '../../shared/i18n/message';
import { useMarkingScheme } from '../state/settings';
import type { SharingDirectory } from '../../shared/domain/sharing-directory';
import { levelColors, levelLabel, markingDetails, markingSummary } from './marking-labels';
import './markings.css';

/** A classification as a small coloured pill in the scheme's banner colours; text only, never HTML. */
/**
 * A classification the chosen scheme does not know (stored under another scheme) is shown as it is
 * stored, never remapped, with the warning in its title and a mark beside it.
 */
function useUnknownWarning(scheme: MarkingScheme, code: string): string | null {
  const { t } = useTranslation('markings');
  const warning = unknownLevelWarning(scheme, code);
  return warning ? formatMessage(t, warning) : null;
}

export function MarkingBadge({ classification, title, inherited = false, scheme: given }: { classification: string; title?: string; inherited?: boolean; scheme?: MarkingScheme }) {
  const { t, i18n } = useTranslation('markings');
  const chosen = useMarkingScheme();
  const scheme = given ?? chosen;
  const colors = levelColors(scheme, classification);
  const unknown = useUnknownWarning(scheme, classification);
  return (
    <span
      className={inherited ? 'marking-badge inherited' : 'marking-badge'}
      style={{ background: colors.background, color: colors.color }}
      title={[title, unknown].filter(Boolean).join(' — ') || undefined}
      data-unknown-level={unknown ? 'true' : undefined}
      data-testid="marking-badge"
      data-classification={classification}
    >
      {levelLabel(t, i18n.language, scheme, classification)}
      {unknown && <span aria-label={unknown}> ⚠</span>}
    </span>
  );
}

/** A layer's classification as a badge that opens its marking editor, then the rest of the marking in words. */
export function LayerMarkingButton({
  name,
  marking,
  directory,
  open,
  onToggle,
  scheme: given,
  lockedReason = null,
}: {
  name: string;
  marking: Marking;
  directory: SharingDirectory;
  open: boolean;
  onToggle(): void;
  scheme?: MarkingScheme;
  /** Why this marking cannot be changed here (a shared layer another organisation owns); null when it can. */
  lockedReason?: string | null;
}) {
  const { t, i18n } = useTranslation('markings');
  const chosen = useMarkingScheme();
  const scheme = given ?? chosen;
  const unknown = useUnknownWarning(scheme, marking.classification);
  const colors = levelColors(scheme, marking.classification);
  const summary = markingSummary(t, i18n.language, scheme, directory, marking);
  const level = levelLabel(t, i18n.language, scheme, marking.classification);
  return (
    <div className="layer-marking-line">
      <button
        type="button"
        className="marking-badge"
        style={{ background: colors.background, color: colors.color }}
        title={[t('badgeTitle', { name, summary }), unknown, lockedReason].filter(Boolean).join(' — ')}
        data-unknown-level={unknown ? 'true' : undefined}
        aria-label={t('changeLayer', { name })}
        aria-expanded={lockedReason ? undefined : open}
        aria-disabled={lockedReason ? true : undefined}
        data-testid="marking-badge"
        data-classification={marking.classification}
        onClick={lockedReason ? undefined : onToggle}
      >
        {level}
        {unknown && <span aria-hidden="true"> ⚠</span>}
      </button>
      <span className="marking-summary">{markingDetails(t, directory, marking)}</span>
    </div>
  );
}
