import { useTranslation } from 'react-i18next';
import type { ChangeRecord } from '../db/records';
import { historyText } from '../../shared/domain/changeset';
import { formatDtg } from '../../shared/domain/dtg';
import { displayValue } from './display-value';
import { AcknowledgementNote } from './PlanAlerts';
import { BOOKKEEPING_FIELDS } from '../../shared/sync';

/** Who changed this feature, when, and which fields, newest first. */
export function FeatureHistory({ records }: { records: ChangeRecord[] }) {
  const { t } = useTranslation('inspector');
  if (!records.length) return null;
  return (
    <section className="history" aria-label={t('history')}>
      <h3>{t('history')}</h3>
      <ol>
        {records.map((r) => (
          <li key={r.id}>
            <div className="history-head">
              <span className="history-label">{historyText(t, r)}</span>
              <time dateTime={r.at} title={new Date(r.at).toLocaleString()}>
                {formatDtg(r.at)}
              </time>
            </div>
            <div className="muted">
              {r.by.name}
              {r.by.org ? ` (${r.by.org})` : ''}
            </div>
            <ChangedFields record={r} />
            {r.acknowledgement && <AcknowledgementNote ack={r.acknowledgement} />}
          </li>
        ))}
      </ol>
    </section>
  );
}

function ChangedFields({ record }: { record: ChangeRecord }) {
  const { t } = useTranslation('inspector');
  const diffs = record.diffs ?? [];
  const lines: string[] = [];
  for (const d of diffs) {
    if (!d.before || !d.after) continue;
    const keys = new Set([...Object.keys(d.before.properties), ...Object.keys(d.after.properties)]);
    for (const k of keys) {
      // Bookkeeping (who, when, versions) is the entry's own header, not a change to show.
      if (BOOKKEEPING_FIELDS.has(k)) continue;
      const before = d.before.properties[k];
      const after = d.after.properties[k];
      if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) continue;
      lines.push(
        t('fieldChanged', { field: t(`domain:fields.${k}`, { defaultValue: k }), before: displayValue(k, before, t), after: displayValue(k, after, t) }),
      );
    }
  }
  if (!lines.length) return null;
  return (
    <ul className="changed-fields">
      {lines.map((l, i) => (
        <li key={i}>{l}</li>
      ))}
    </ul>
  );
}
