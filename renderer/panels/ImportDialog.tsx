import { useTranslation } from 'react-i18next';
import { KINDS, type Kind } from '../../shared/domain/common';
import type { Problem } from '../../shared/io/types';
import type { LayerInfo } from '../db/records';
import type { Workspace } from '../app/workspace';
import type { ImportSession } from '../state/ui-store';
import { Dialog } from '../app/Dialog';

const MAX_LISTED_PROBLEMS = 100;

/** The preview between parsing and committing: what will be imported, where, and what was refused. */
export function ImportDialog({ workspace, session, layers }: { workspace: Workspace; session: ImportSession; layers: LayerInfo[] }) {
  const { t } = useTranslation('import');
  const title = t('title', { file: session.fileName });
  if (session.stage === 'parsing') {
    return (
      <Dialog title={title} onClose={() => workspace.cancelImport()}>
        <div className="progress" role="status">
          <div className="spinner" aria-hidden="true" />
          <span>{t('parsing', { file: session.fileName })}</span>
        </div>
        <div className="modal-actions">
          <button type="button" onClick={() => workspace.cancelImport()}>
            {t('common:actions.cancel')}
          </button>
        </div>
      </Dialog>
    );
  }
  const { preview, choice } = session;
  const layer = preview.layers[0];
  if (!layer) return null;
  const busy = session.stage === 'committing';
  const targets = layers.filter((l) => l.kind === choice.kind);
  const dryRun = session.stage === 'preview' ? session.dryRun : null;
  const refused = [...preview.refused, ...(dryRun?.refused ?? [])];
  const warnings = [...preview.warnings, ...(dryRun?.warnings ?? [])];
  const importable = dryRun ? dryRun.valid : null;
  const setChoice = (patch: Partial<typeof choice>) => workspace.setImportChoice({ ...choice, ...patch });

  return (
    <Dialog title={title} onClose={() => !busy && workspace.cancelImport()} wide>
      <div className="import-grid">
        <section aria-label={t('summary')}>
          <h3>{t('summary')}</h3>
          <dl className="summary">
            <dt>{t('format')}</dt>
            <dd>{preview.format}</dd>
            <dt>{t('featuresFound')}</dt>
            <dd data-testid="features-found">{layer.featureCount.toLocaleString()}</dd>
            <dt>{t('geometryTypes')}</dt>
            <dd>
              {Object.entries(layer.geometryTypes)
                .map(([g, n]) => `${g === 'null' ? t('noGeometry') : g}: ${n.toLocaleString()}`)
                .join(' · ') || '—'}
            </dd>
            <dt>{t('willImport')}</dt>
            <dd data-testid="will-import">{importable === null ? t('checking') : importable.toLocaleString()}</dd>
            <dt>{t('refusedCount')}</dt>
            <dd data-testid="refused-count" className={refused.length ? 'bad' : ''}>
              {refused.length.toLocaleString()}
            </dd>
          </dl>
        </section>
        <section aria-label={t('target')}>
          <h3>{t('target')}</h3>
          <div className="form">
            <label>
              <span>{t('kind')}</span>
              <select
                value={choice.kind}
                disabled={busy}
                onChange={(e) => setChoice({ kind: e.target.value as Kind, targetLayerId: null })}
              >
                {KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`domain:kinds.${k}`)}
                    {k === layer.suggestedKind ? ` (${t('suggested')})` : ''}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('targetLayer')}</span>
              <select
                value={choice.targetLayerId ?? ''}
                disabled={busy}
                onChange={(e) => setChoice({ targetLayerId: e.target.value || null })}
              >
                <option value="">{t('newLayer')}</option>
                {targets.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
            </label>
            {choice.targetLayerId === null && (
              <label>
                <span>{t('layerName')}</span>
                <input value={choice.name} maxLength={200} disabled={busy} onChange={(e) => setChoice({ name: e.target.value })} />
              </label>
            )}
          </div>
        </section>
      </div>
      <ProblemList title={t('refused')} problems={refused} tone="error" />
      <ProblemList title={t('warnings')} problems={warnings} tone="warning" />
      <div className="modal-actions">
        {busy && (
          <span className="progress" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('committing')}
          </span>
        )}
        <button type="button" disabled={busy} onClick={() => workspace.cancelImport()}>
          {t('common:actions.cancel')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy || !importable || !choice.name.trim()}
          onClick={() => void workspace.commitImport()}
        >
          {t('importN', { count: importable ?? 0 })}
        </button>
      </div>
    </Dialog>
  );
}

function ProblemList({ title, problems, tone }: { title: string; problems: Problem[]; tone: 'error' | 'warning' }) {
  const { t } = useTranslation('import');
  if (!problems.length) return null;
  return (
    <details className={`problems problems-${tone}`} open={tone === 'error'}>
      <summary>
        {title} ({problems.length.toLocaleString()})
      </summary>
      <ul>
        {problems.slice(0, MAX_LISTED_PROBLEMS).map((p, i) => (
          <li key={i}>
            <span className="problem-where">
              {p.index !== undefined ? t('featureN', { n: p.index + 1 }) : p.line !== undefined ? t('lineN', { n: p.line }) : t('file')}
            </span>{' '}
            <code>{p.code}</code> {p.message}
          </li>
        ))}
        {problems.length > MAX_LISTED_PROBLEMS && <li className="muted">{t('more', { count: problems.length - MAX_LISTED_PROBLEMS })}</li>}
      </ul>
    </details>
  );
}
