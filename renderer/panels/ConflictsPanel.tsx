import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConflictRecord, FieldConflict } from '../../shared/domain/conflict';
import { formatDtg } from '../../shared/domain/dtg';
import type { PropertyValue } from '../../shared/domain/feature';
import type { ConflictChoice } from '../../shared/sync';
import { Icon } from '../app/icons';
import type { Workspace } from '../app/workspace';
import { useConflicts } from '../state/conflicts-store';
import { useUi } from '../state/ui-store';
import { displayValue, personLabel } from './display-value';
import './conflicts.css';

const GEOMETRY = '@geometry';

/**
 * Open conflicts, oldest first, and the focused one side by side: base, ours and theirs field by
 * field with who changed each side and when. Settling keeps ours, takes theirs, or picks per field;
 * each settlement is one undoable change. Every value is rendered as text, never as markup.
 */
export function ConflictsPanel({ workspace }: { workspace: Workspace }) {
  const { t } = useTranslation('conflicts');
  const records = useConflicts((s) => s.records);
  const focused = useConflicts((s) => s.focused);
  const layers = useUi((s) => s.layers);
  const record = records.find((r) => r.layerId === focused?.layerId && r.featureId === focused.featureId) ?? records[0];
  const layerName = (id: string): string => layers.find((l) => l.id === id)?.name ?? t('unknownLayer');

  return (
    <aside className="panel conflicts-panel" aria-label={t('title')}>
      <div className="panel-head">
        <h2 className="panel-title">{t('titleCount', { count: records.length })}</h2>
        <button type="button" className="icon-button" aria-label={t('common:actions.close')} onClick={() => workspace.conflicts.close()}>
          <Icon name="close" />
        </button>
      </div>
      {records.length === 0 ? (
        <p className="empty">{t('none')}</p>
      ) : (
        <>
          <ul className="conflict-list" aria-label={t('list')}>
            {records.map((r) => (
              <li key={`${r.layerId}/${r.featureId}`}>
                <button
                  type="button"
                  className={`conflict-item${r === record ? ' active' : ''}`}
                  aria-current={r === record}
                  onClick={() => workspace.conflicts.focus(r)}
                >
                  <span className="conflict-name">{featureName(r, t)}</span>
                  <span className="muted">
                    {layerName(r.layerId)} · {t(`source.${r.source.type}`, { name: r.source.name })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {record && <ConflictDetail key={`${record.layerId}/${record.featureId}/${record.detectedAt}`} record={record} workspace={workspace} />}
        </>
      )}
    </aside>
  );
}

function ConflictDetail({ record, workspace }: { record: ConflictRecord; workspace: Workspace }) {
  const { t } = useTranslation('conflicts');
  const { conflict } = record;
  const [picks, setPicks] = useState<Record<string, 'ours' | 'theirs'>>({});
  const [busy, setBusy] = useState(false);
  const settle = async (choice: ConflictChoice): Promise<void> => {
    setBusy(true);
    try {
      await workspace.conflicts.settle(record, choice);
    } finally {
      setBusy(false);
    }
  };
  const who = (by: { updatedBy?: string; updatedAt?: string }): string =>
    t('by', { who: by.updatedBy ? personLabel(by.updatedBy) : t('someone'), when: by.updatedAt ? (formatDtg(by.updatedAt) ?? by.updatedAt) : '—' });

  return (
    <section className="conflict-detail" aria-label={t('detail', { name: featureName(record, t) })}>
      <h3>{featureName(record, t)}</h3>
      <dl className="conflict-sides">
        <dt>{t('ours')}</dt>
        <dd data-testid="conflict-ours-by">{who(conflict.oursBy)}</dd>
        <dt>{t('theirs')}</dt>
        <dd data-testid="conflict-theirs-by">
          {conflict.theirsBy.updatedBy ? `${who(conflict.theirsBy)} · ` : ''}
          {t(`source.${record.source.type}`, { name: record.source.name })}
        </dd>
        <dt>{t('detected')}</dt>
        <dd>{formatDtg(record.detectedAt) ?? record.detectedAt}</dd>
      </dl>
      {conflict.theirs === null ? (
        <p className="conflict-withdrawn" role="note">
          {t('withdrawn', { originator: conflict.theirsBy.originator ?? record.source.name })}
        </p>
      ) : (
        <table className="conflict-fields">
          <thead>
            <tr>
              <th scope="col">{t('field')}</th>
              <th scope="col">{t('base')}</th>
              <th scope="col">{t('ours')}</th>
              <th scope="col">{t('theirs')}</th>
            </tr>
          </thead>
          <tbody>
            {conflict.fields.map((f) => (
              <FieldRow key={f.field} field={f} pick={picks[f.field] ?? 'ours'} hasBase={conflict.base !== undefined} onPick={(side) => setPicks({ ...picks, [f.field]: side })} />
            ))}
          </tbody>
        </table>
      )}
      <div className="panel-actions conflict-actions">
        <button type="button" disabled={busy} onClick={() => void settle('ours')}>
          {t('keepOurs')}
        </button>
        <button type="button" disabled={busy} onClick={() => void settle('theirs')}>
          {conflict.theirs === null ? t('acceptWithdrawal') : t('takeTheirs')}
        </button>
        {conflict.theirs !== null && (
          <button type="button" className="primary" disabled={busy} onClick={() => void settle(picks)}>
            {t('applyPicked')}
          </button>
        )}
      </div>
    </section>
  );
}

function FieldRow({ field, pick, hasBase, onPick }: { field: FieldConflict; pick: 'ours' | 'theirs'; hasBase: boolean; onPick(side: 'ours' | 'theirs'): void }) {
  const { t } = useTranslation('conflicts');
  const label = field.field === GEOMETRY ? t('geometry') : t(`domain:fields.${field.field}`, { defaultValue: field.field });
  const show = (v: FieldConflict['ours']): string => valueText(field.field, v, t);
  const name = `pick-${field.field}`;
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="muted">{hasBase ? show(field.base) : t('noBase')}</td>
      <td className={pick === 'ours' ? 'picked' : ''}>
        <label>
          <input type="radio" name={name} checked={pick === 'ours'} onChange={() => onPick('ours')} aria-label={t('pickOurs', { field: label })} />
          <span>{show(field.ours)}</span>
        </label>
      </td>
      <td className={pick === 'theirs' ? 'picked' : ''}>
        <label>
          <input type="radio" name={name} checked={pick === 'theirs'} onChange={() => onPick('theirs')} aria-label={t('pickTheirs', { field: label })} />
          <span>{show(field.theirs)}</span>
        </label>
      </td>
    </tr>
  );
}

type T = ReturnType<typeof useTranslation>['t'];

function valueText(field: string, v: FieldConflict['ours'], t: T): string {
  if (field !== GEOMETRY) return displayValue(field, v as PropertyValue | undefined, t);
  if (!v || typeof v !== 'object' || !('type' in v)) return t('noGeometry');
  const g = v as { type: string; coordinates?: unknown };
  if (g.type === 'Point' && Array.isArray(g.coordinates)) {
    const [lng, lat] = g.coordinates as number[];
    return `${t('geometryType.Point')} ${lat?.toFixed(5)}, ${lng?.toFixed(5)}`;
  }
  return t(`geometryType.${g.type}`, { defaultValue: g.type });
}

function featureName(r: ConflictRecord, t: T): string {
  const p = r.conflict.ours.properties;
  const name = p.name ?? p.locationName ?? r.conflict.theirs?.properties.name;
  return typeof name === 'string' && name.trim() ? name : t('unnamed', { id: r.featureId.slice(0, 8) });
}
