import { problemText } from '../../shared/io/problem-text';
import { useTranslation } from 'react-i18next';
import { KINDS, type Kind } from '../../shared/domain/common';
import type { Problem, RepairSummary } from '../../shared/io/types';
import type { LayerInfo } from '../db/records';
import type { ImportFlow } from '../app/import-flow';
import type { ImportSession } from '../state/import-store';
import { Dialog } from '../app/Dialog';
import { CrsChoice } from './CrsChoice';
import { FieldMapping } from './FieldMapping';

const MAX_LISTED_PROBLEMS = 100;

/** The preview between parsing and committing: what will be imported, where, and what was refused. */
export function ImportDialog({ imports, session, layers }: { imports: ImportFlow; session: ImportSession; layers: LayerInfo[] }) {
  const { t } = useTranslation('import');
  const title = t('title', { file: session.fileName });
  if (session.stage === 'parsing') {
    return (
      <Dialog title={title} onClose={() => imports.cancel()}>
        <div className="progress-block" role="status">
          <span>{t('parsing', { file: session.fileName })}</span>
          <progress max={1} value={session.progress ?? undefined} aria-label={t('parsing', { file: session.fileName })} />
        </div>
        <div className="modal-actions">
          <button type="button" onClick={() => imports.cancel()}>
            {t('common:actions.cancel')}
          </button>
        </div>
      </Dialog>
    );
  }
  if (session.stage === 'crs') {
    return (
      <Dialog title={title} onClose={() => imports.cancel()} wide>
        <CrsChoice question={session.question} error={session.error} onChoose={(code) => void imports.chooseCrs(code)} onCancel={() => imports.cancel()} />
      </Dialog>
    );
  }
  const { preview, choices, dryRuns, active } = session;
  const busy = session.stage === 'committing';
  const layer = preview.layers[active];
  const choice = choices[active];
  if (!layer || !choice) return null;
  const dryRun = dryRuns[active] ?? null;
  const multi = preview.layers.length > 1;
  const included = choices.map((c, i) => ({ c, d: dryRuns[i] })).filter(({ c }) => c.include);
  const pending = included.some(({ d }) => d === null);
  const total = included.reduce((n, { d }) => n + (d?.valid ?? 0), 0);
  const targets = layers.filter((l) => l.kind === choice.kind);
  const merge = dryRun?.merge ?? null;
  const mergeCounts = choice.targetLayerId && choice.keyColumn ? (merge?.preview?.counts ?? null) : null;
  const refused = [...preview.refused, ...(dryRun?.refused ?? []), ...(mergeCounts ? (merge?.preview?.refused ?? []) : [])];
  const warnings = [...preview.warnings, ...(dryRun?.warnings ?? [])];
  const setChoice = (patch: Partial<typeof choice>) => imports.setChoice(active, patch);

  return (
    <Dialog title={title} onClose={() => !busy && imports.cancel()} wide>
      {multi && (
        <section className="import-layers" aria-label={t('layersInFile')}>
          <h3>{t('layersInFile')}</h3>
          <ul>
            {preview.layers.map((l, i) => (
              <li key={i} className={i === active ? 'active' : ''}>
                <input
                  type="checkbox"
                  checked={choices[i]?.include ?? false}
                  disabled={busy || l.featureCount === 0}
                  aria-label={t('includeLayer', { name: choices[i]?.name ?? l.name })}
                  onChange={(e) => imports.setChoice(i, { include: e.target.checked })}
                />
                <button type="button" className="link-button layer-pick" onClick={() => imports.setActive(i)}>
                  {choices[i]?.name ?? l.name}
                </button>
                <span className="muted">{l.featureCount.toLocaleString()}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
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
            {layer.images > 0 && (
              <>
                <dt>{t('images')}</dt>
                <dd data-testid="overlay-images" className={choice.targetLayerId ? 'muted' : ''}>
                  {choice.targetLayerId ? t('imagesNeedNewLayer', { count: layer.images }) : layer.images.toLocaleString()}
                </dd>
              </>
            )}
            {mergeCounts ? (
              <>
                <dt>{t('mergeAdded')}</dt>
                <dd data-testid="merge-added">{mergeCounts.added.toLocaleString()}</dd>
                <dt>{t('mergeUpdated')}</dt>
                <dd data-testid="merge-updated">{mergeCounts.updated.toLocaleString()}</dd>
                <dt>{t('mergeUnchanged')}</dt>
                <dd data-testid="merge-unchanged">{mergeCounts.unchanged.toLocaleString()}</dd>
                <dt>{t('mergeConflict')}</dt>
                <dd data-testid="merge-conflict" className={mergeCounts.conflict ? 'bad' : ''}>
                  {mergeCounts.conflict.toLocaleString()}
                </dd>
              </>
            ) : (
              <>
                <dt>{t('willImport')}</dt>
                <dd data-testid="will-import">{dryRun === null ? t('checking') : dryRun.valid.toLocaleString()}</dd>
              </>
            )}
            <dt>{t('repairedCount')}</dt>
            <dd data-testid="repaired-count" title={repairBreakdown(layer.repairs, t)}>
              {(layer.repairs?.features ?? 0).toLocaleString()}
              {layer.repairs && <span className="muted"> ({repairBreakdown(layer.repairs, t)})</span>}
            </dd>
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
              <select value={choice.kind} disabled={busy} onChange={(e) => setChoice({ kind: e.target.value as Kind })}>
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
              <select value={choice.targetLayerId ?? ''} disabled={busy} onChange={(e) => setChoice({ targetLayerId: e.target.value || null })}>
                <option value="">{t('newLayer')}</option>
                {targets.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
            </label>
            {choice.targetLayerId !== null && merge && (
              <label>
                <span>{t('matchBy')}</span>
                <select
                  data-testid="match-by"
                  value={choice.keyColumn ?? ''}
                  disabled={busy}
                  onChange={(e) => setChoice({ keyColumn: e.target.value || null })}
                >
                  <option value="">{t('matchAppend')}</option>
                  {merge.columns.map((c) => (
                    <option key={c} value={c}>
                      {t('matchKey', { column: c })}
                      {c === merge.suggested ? ` (${t('suggested')})` : ''}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {choice.targetLayerId !== null && merge && merge.columns.length === 0 && <p className="muted">{t('noSharedColumn')}</p>}
            {choice.targetLayerId === null && (
              <label>
                <span>{t('layerName')}</span>
                <input value={choice.name} maxLength={200} disabled={busy} onChange={(e) => setChoice({ name: e.target.value })} />
              </label>
            )}
          </div>
        </section>
      </div>
      <FieldMapping
        kind={choice.kind}
        columns={layer.propertyNames}
        sample={layer.sample}
        mapping={choice.mapping}
        disabled={busy}
        onChange={(mapping) => setChoice({ mapping })}
      />
      <ProblemList title={t('refused')} problems={refused} tone="error" />
      <ProblemList title={t('warnings')} problems={warnings} tone="warning" />
      <div className="modal-actions">
        {busy ? (
          <span className="progress" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('committing')}
          </span>
        ) : (
          <button type="button" className="left" disabled={pending} onClick={() => void imports.saveReport()}>
            {t('saveReport')}
          </button>
        )}
        <button type="button" disabled={busy} onClick={() => imports.cancel()}>
          {t('common:actions.cancel')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy || pending || (total === 0 && !mergeCounts) || included.some(({ c }) => !c.name.trim())}
          onClick={() => void imports.commit()}
        >
          {mergeCounts && !multi ? t('updateLayer') : multi ? t('importNInLayers', { count: total, layers: included.length }) : t('importN', { count: total })}
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
              {p.line !== undefined
                ? t('lineN', { n: p.line })
                : p.index !== undefined
                  ? p.featureId !== undefined
                    ? t('featureWithId', { n: p.index + 1, id: String(p.featureId) })
                    : t('featureN', { n: p.index + 1 })
                  : t('file')}
            </span>{' '}
            <code>{p.code}</code> {problemText(t, p)}
          </li>
        ))}
        {problems.length > MAX_LISTED_PROBLEMS && <li className="muted">{t('more', { count: problems.length - MAX_LISTED_PROBLEMS })}</li>}
      </ul>
    </details>
  );
}

/** "rings closed: 2 · split at 180°: 1", from the repair names of the import catalogue. */
function repairBreakdown(repairs: RepairSummary | null, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (!repairs) return '';
  return Object.entries(repairs.byCode)
    .map(([code, n]) => t('repairItem', { what: t(`repairs.${code}`), count: n }))
    .join(' · ');
}
