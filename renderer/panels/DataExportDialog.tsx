import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isFiltering, type LayerFilter, type TimeWindow } from '../../shared/domain/filters';
import { listOutputFormats } from '../../shared/io/serialise';
import type { LayerInfo } from '../db/records';
import { Dialog } from '../app/Dialog';
import './data-export.css';
import { safeFileName, type ExportChoice, type ExportOutcome, type ScopeChoice } from '../app/data-export';

/** How many refusals are listed one by one; the rest are counted. */
const LISTED_REFUSALS = 50;

export interface DataExportDialogProps {
  layers: LayerInfo[];
  initialLayerId: string | null;
  filters: { byLayer: Record<string, LayerFilter>; window: TimeWindow };
  /** Features passing each filtered layer's filter and the time window (absent: not filtered). */
  filteredCounts: Record<string, number>;
  /** The selected feature ids in a layer (multi-selection, else the inspector's feature). */
  selectedIdsIn(layerId: string): string[];
  onExport(choice: ExportChoice): Promise<ExportOutcome>;
  onClose(): void;
}

/**
 * Export one layer's data: the whole layer, what the map shows through its filter and the time
 * window, or the selection; in any output format; then what was written and what was not.
 */
export function DataExportDialog({ layers, initialLayerId, filters, filteredCounts, selectedIdsIn, onExport, onClose }: DataExportDialogProps) {
  const { t } = useTranslation('dataExport');
  const formats = listOutputFormats();
  const ordered = useMemo(() => [...layers].sort((a, b) => b.order - a.order), [layers]);
  const [layerId, setLayerId] = useState(() => (initialLayerId && layers.some((l) => l.id === initialLayerId) ? initialLayerId : (ordered[0]?.id ?? '')));
  const layer = layers.find((l) => l.id === layerId) ?? null;
  const filtering = layer ? isFiltering(layer.kind, filters.byLayer[layer.id], filters.window) : false;
  const filteredCount = layer ? (filteredCounts[layer.id] ?? layer.featureCount) : 0;
  const selectedCount = layer ? selectedIdsIn(layer.id).length : 0;
  const [scope, setScope] = useState<ScopeChoice>(() => (layer && filtering ? 'filtered' : 'layer'));
  const [formatId, setFormatId] = useState(formats[0]?.id ?? 'geojson');
  const format = formats.find((f) => f.id === formatId) ?? formats[0];
  const extension = format?.extension ?? '';
  const suffix = scope === 'filtered' ? `-${t('suffixFiltered')}` : scope === 'selection' ? `-${t('suffixSelection')}` : '';
  const suggested = safeFileName(`${layer?.name ?? 'export'}${suffix}`, extension);
  const [typedName, setTypedName] = useState<string | null>(null);
  const fileName = typedName === null ? suggested : typedName;
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ExportOutcome | null>(null);

  // A scope that no longer applies (another layer chosen, the filter cleared) falls back to the whole layer.
  const effectiveScope: ScopeChoice = (scope === 'filtered' && !filtering) || (scope === 'selection' && selectedCount === 0) ? 'layer' : scope;
  const inScope = effectiveScope === 'filtered' ? filteredCount : effectiveScope === 'selection' ? selectedCount : (layer?.featureCount ?? 0);

  async function submit(): Promise<void> {
    if (!layer || !format) return;
    setBusy(true);
    setOutcome(null);
    const result = await onExport({ layerId: layer.id, scope: effectiveScope, formatId: format.id, fileName: safeFileName(fileName.trim() || suggested, extension) });
    setOutcome(result);
    setBusy(false);
  }

  return (
    <Dialog title={t('title')} onClose={onClose}>
      <form
        className="form data-export"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          <span>{t('layer')}</span>
          <select
            aria-label={t('layer')}
            value={layerId}
            onChange={(e) => {
              setLayerId(e.target.value);
              setOutcome(null);
            }}
          >
            {ordered.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="data-export-scope">
          <legend>{t('scope')}</legend>
          <label className="radio">
            <input type="radio" name="scope" value="layer" checked={effectiveScope === 'layer'} onChange={() => setScope('layer')} />
            <span>{t('scopeLayer', { count: layer?.featureCount ?? 0 })}</span>
          </label>
          <label className={filtering ? 'radio' : 'radio disabled'}>
            <input type="radio" name="scope" value="filtered" disabled={!filtering} checked={effectiveScope === 'filtered'} onChange={() => setScope('filtered')} />
            <span>{filtering ? t('scopeFiltered', { count: filteredCount }) : t('scopeFilteredNone')}</span>
          </label>
          <label className={selectedCount ? 'radio' : 'radio disabled'}>
            <input type="radio" name="scope" value="selection" disabled={!selectedCount} checked={effectiveScope === 'selection'} onChange={() => setScope('selection')} />
            <span>{selectedCount ? t('scopeSelection', { count: selectedCount }) : t('scopeSelectionNone')}</span>
          </label>
        </fieldset>
        <label>
          <span>{t('format')}</span>
          <select aria-label={t('format')} value={formatId} onChange={(e) => setFormatId(e.target.value)}>
            {formats.map((f) => (
              <option key={f.id} value={f.id}>
                {t(`formats.${f.id}`, { defaultValue: f.label })}
              </option>
            ))}
          </select>
        </label>
        {format && <p className="muted data-export-hint">{t(`hints.${format.id}`, { defaultValue: '' })}</p>}
        <label>
          <span>{t('fileName')}</span>
          <input aria-label={t('fileName')} value={fileName} maxLength={200} spellCheck={false} onChange={(e) => setTypedName(e.target.value)} />
        </label>
        {outcome && <OutcomeView outcome={outcome} />}
        <div className="modal-actions">
          <button type="button" onClick={onClose}>
            {t('close')}
          </button>
          <button type="submit" className="primary" disabled={busy || !layer || inScope === 0}>
            {busy ? t('exporting') : t('export', { count: inScope })}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function OutcomeView({ outcome }: { outcome: ExportOutcome }) {
  const { t } = useTranslation('dataExport');
  if (outcome.status === 'failed') {
    return (
      <p className="data-export-outcome error" role="alert">
        {t('failed', { error: outcome.error })}
      </p>
    );
  }
  const s = outcome.summary;
  const listed = s.refused.slice(0, LISTED_REFUSALS);
  return (
    <div className="data-export-outcome" role="status">
      <p>
        {outcome.status === 'saved'
          ? t('saved', { written: s.written.toLocaleString(), count: s.inScope, inScope: s.inScope.toLocaleString(), file: s.fileName })
          : t('cancelled')}
      </p>
      {s.refused.length > 0 && (
        <details open>
          <summary>{t('refusedTitle', { count: s.refused.length })}</summary>
          <ul className="data-export-list">
            {listed.map((r) => (
              <li key={`${r.layer}:${r.index}`}>
                {t('refusedItem', { n: r.index + 1, name: r.name ?? (r.id === undefined ? '' : String(r.id)), reason: t(`reasons.${r.code}`, { defaultValue: r.reason }) })}
              </li>
            ))}
            {s.refused.length > listed.length && <li>{t('refusedMore', { count: s.refused.length - listed.length })}</li>}
          </ul>
        </details>
      )}
      {s.warnings.length > 0 && (
        <details>
          <summary>{t('warningsTitle', { count: s.warnings.length })}</summary>
          <ul className="data-export-list">
            {s.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
