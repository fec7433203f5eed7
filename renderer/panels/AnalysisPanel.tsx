import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Kind } from '../../shared/domain/common';
import { formatDtg } from '../../shared/domain/dtg';
import { TimeWindowSchema } from '../../shared/domain/filters';
import { isNoGoLayerName, type AnalysisKind, type AnalysisRequest, type AnalysisResult } from '../../shared/analysis/run';
import { sortDensity } from '../../shared/analysis/density';
import type { DensitySortKey, TimeSpan } from '../../shared/analysis/types';
import { summariseSelection } from '../../shared/analysis/select';
import { Icon } from '../app/icons';
import type { Workspace } from '../app/workspace';
import type { LayerInfo } from '../db/records';
import { useAnalysis } from '../state/analysis-store';
import { useFilters } from '../state/filters-store';
import { useSelection } from '../state/selection-store';
import { useUi } from '../state/ui-store';

/**
 * The analyses: pick one and its layers and parameters, run it in the analysis worker, read the
 * result as a list (a click opens and frames the feature) or, for density, a sortable table and a
 * choropleth; save the result as a layer. Below, the map selection: tools and a summary.
 */

const KINDS: AnalysisKind[] = ['deconflict', 'coverage', 'proximity', 'nearest', 'density'];
type WindowChoice = 'slider' | 'all' | 'custom';

const ofKinds = (layers: LayerInfo[], kinds: Kind[]): LayerInfo[] => layers.filter((l) => kinds.includes(l.kind));
const ids = (layers: LayerInfo[]): string[] => layers.map((l) => l.id);

export function AnalysisPanel({ workspace, onClose }: { workspace: Workspace; onClose(): void }) {
  const { t } = useTranslation('analysis');
  const layers = useUi((s) => s.layers);
  const selection = useUi((s) => s.selection);
  const sliderWindow = useFilters((s) => s.window);
  const { running, result, error, tool, runs } = useAnalysis();
  const service = workspace.analyses;

  const [kind, setKind] = useState<AnalysisKind>('proximity');
  const [picked, setPicked] = useState<Record<string, string[]>>({});
  const [km, setKm] = useState('5');
  const [windowChoice, setWindowChoice] = useState<WindowChoice>(sliderWindow ? 'slider' : 'all');
  const [custom, setCustom] = useState({ start: '', end: '' });
  const [count, setCount] = useState('5');
  const [problem, setProblem] = useState<string | null>(null);

  /** Layer roles each analysis needs, with the kinds offered and those picked by default. */
  const roles = useMemo(() => roleSpecs(kind, layers), [kind, layers]);
  const chosen = (role: string): string[] => picked[`${kind}:${role}`] ?? roles.find((r) => r.role === role)?.defaults ?? [];
  const toggle = (role: string, id: string): void => {
    const now = chosen(role);
    const single = roles.find((r) => r.role === role)?.single;
    setPicked({ ...picked, [`${kind}:${role}`]: single ? [id] : now.includes(id) ? now.filter((x) => x !== id) : [...now, id] });
  };

  const window = (): TimeSpan | null | 'invalid' => {
    if (windowChoice === 'all') return null;
    const w = windowChoice === 'slider' ? sliderWindow : custom.start && custom.end ? custom : undefined;
    if (!w) return 'invalid';
    return TimeWindowSchema.safeParse(w).success ? w : 'invalid';
  };

  const build = (): AnalysisRequest | string => {
    const distance = Number(km);
    const needsKm = kind === 'coverage' || kind === 'proximity';
    if (needsKm && !(Number.isFinite(distance) && distance >= 0 && distance <= 20_000)) return t('errors.km');
    const w = window();
    if (kind !== 'deconflict' && kind !== 'nearest' && w === 'invalid') return t('errors.window');
    const span = w === 'invalid' ? null : w;
    for (const r of roles) if (r.required && chosen(r.role).length === 0) return t('errors.layers', { role: t(`roles.${r.role}`) });
    switch (kind) {
      case 'deconflict':
        return { kind, planLayerIds: chosen('plans'), siteLayerIds: chosen('sites'), noGoLayerIds: chosen('noGo') };
      case 'coverage':
        return { kind, pointLayerIds: chosen('points'), patrolLayerIds: chosen('patrols'), maxRouteKm: distance, window: span };
      case 'proximity':
        return { kind, incidentLayerIds: chosen('incidents'), targetLayerIds: chosen('targets'), radiusKm: distance, window: span };
      case 'nearest': {
        const layer = layers.find((l) => l.id === selection?.layerId);
        if (!selection || layer?.kind !== 'incident') return t('errors.pickIncident');
        const n = Math.round(Number(count));
        if (!(n >= 1 && n <= 100)) return t('errors.count');
        return { kind, incident: selection, targetLayerIds: chosen('targets'), count: n };
      }
      case 'density':
        if (!span) return t('errors.period');
        return { kind, incidentLayerIds: chosen('incidents'), areaLayerId: chosen('areas')[0] ?? '', period: span };
    }
  };

  const run = (): void => {
    const request = build();
    if (typeof request === 'string') {
      setProblem(request);
      return;
    }
    setProblem(null);
    void service.run(request);
  };

  return (
    <aside className="panel analysis-panel" aria-label={t('title')}>
      <div className="panel-head">
        <h2 className="panel-title">{t('title')}</h2>
        <button type="button" className="icon-button" aria-label={t('common:actions.close')} onClick={onClose}>
          <Icon name="close" />
        </button>
      </div>
      <label className="field">
        <span>{t('analysis')}</span>
        <select
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as AnalysisKind);
            setProblem(null);
          }}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <p className="muted analysis-help">{t(`help.${kind}`)}</p>

      {roles.map((r) => (
        <fieldset key={r.role} className="layer-picks">
          <legend>{t(`roles.${r.role}`)}</legend>
          {r.offered.length === 0 && <p className="muted">{t('noLayers')}</p>}
          {r.offered.map((l) => (
            <label key={l.id} className="check">
              <input type={r.single ? 'radio' : 'checkbox'} name={`${kind}-${r.role}`} checked={chosen(r.role).includes(l.id)} onChange={() => toggle(r.role, l.id)} />
              <span>{l.name}</span>
            </label>
          ))}
        </fieldset>
      ))}

      {(kind === 'coverage' || kind === 'proximity') && (
        <label className="field">
          <span>{kind === 'coverage' ? t('params.routeKm') : t('params.radiusKm')}</span>
          <input type="number" min={0} step="0.5" value={km} onChange={(e) => setKm(e.target.value)} />
        </label>
      )}
      {kind === 'nearest' && (
        <label className="field">
          <span>{t('params.count')}</span>
          <input type="number" min={1} max={100} value={count} onChange={(e) => setCount(e.target.value)} />
        </label>
      )}
      {kind !== 'deconflict' && kind !== 'nearest' && (
        <fieldset className="layer-picks">
          <legend>{kind === 'density' ? t('params.period') : t('params.window')}</legend>
          <label className="check">
            <input type="radio" name="window" checked={windowChoice === 'slider'} disabled={!sliderWindow} onChange={() => setWindowChoice('slider')} />
            <span>{sliderWindow ? t('params.slider', { start: formatDtg(sliderWindow.start), end: formatDtg(sliderWindow.end) }) : t('params.noSlider')}</span>
          </label>
          {kind !== 'density' && (
            <label className="check">
              <input type="radio" name="window" checked={windowChoice === 'all'} onChange={() => setWindowChoice('all')} />
              <span>{t('params.allTime')}</span>
            </label>
          )}
          <label className="check">
            <input type="radio" name="window" checked={windowChoice === 'custom'} onChange={() => setWindowChoice('custom')} />
            <span>{t('params.custom')}</span>
          </label>
          {windowChoice === 'custom' && (
            <div className="date-pair">
              <input type="date" aria-label={t('params.from')} value={custom.start} onChange={(e) => setCustom({ ...custom, start: e.target.value })} />
              <input type="date" aria-label={t('params.to')} value={custom.end} onChange={(e) => setCustom({ ...custom, end: e.target.value })} />
            </div>
          )}
          {kind === 'density' && <p className="muted">{t('params.previousNote')}</p>}
        </fieldset>
      )}

      <div className="panel-actions">
        {result && (
          <button type="button" onClick={() => service.clearResult()}>
            {t('clear')}
          </button>
        )}
        <button type="button" className="primary" disabled={running} onClick={run}>
          {running ? t('running') : t('run')}
        </button>
      </div>
      {(problem ?? error) && (
        <p className="danger-text" role="alert">
          {problem ?? t('errors.failed', { reason: error })}
        </p>
      )}
      {result && <ResultView key={runs} result={result} layers={layers} workspace={workspace} />}
      <SelectionSummary layers={layers} tool={tool} workspace={workspace} />
    </aside>
  );
}

interface RoleSpec {
  role: string;
  offered: LayerInfo[];
  defaults: string[];
  required: boolean;
  single?: boolean;
}

function roleSpecs(kind: AnalysisKind, layers: LayerInfo[]): RoleSpec[] {
  const spec = (role: string, offered: LayerInfo[], defaults = ids(offered), required = true, single = false): RoleSpec => ({ role, offered, defaults, required, single });
  const targets = ofKinds(layers, ['humanitarian', 'ddr']);
  const incidents = ofKinds(layers, ['incident']);
  switch (kind) {
    case 'deconflict': {
      const zones = layers.filter((l) => l.kind !== 'patrol' && l.kind !== 'incident');
      return [
        spec('plans', ofKinds(layers, ['patrol'])),
        spec('sites', ofKinds(layers, ['humanitarian']), undefined, false),
        spec('noGo', zones, ids(zones.filter((l) => isNoGoLayerName(l.name))), false),
      ];
    }
    case 'coverage':
      return [spec('points', targets), spec('patrols', ofKinds(layers, ['patrol']), undefined, false)];
    case 'proximity':
      return [spec('incidents', incidents), spec('targets', targets)];
    case 'nearest':
      return [spec('targets', targets)];
    case 'density': {
      // Reference layers (admin areas, sectors) first: the usual areas for density, so the default.
      const areas = [...ofKinds(layers, ['reference']), ...ofKinds(layers, ['patrol'])];
      return [spec('incidents', incidents), spec('areas', areas, ids(areas).slice(0, 1), true, true)];
    }
  }
}

function ResultView({ result, layers, workspace }: { result: AnalysisResult; layers: LayerInfo[]; workspace: Workspace }) {
  const { t } = useTranslation('analysis');
  const service = workspace.analyses;
  const [name, setName] = useState(() => `${t(`kinds.${result.kind}`)} ${new Date().toISOString().slice(0, 10)}`);
  const [saved, setSaved] = useState(false);
  const layerName = (id: string): string => layers.find((l) => l.id === id)?.name ?? '';
  return (
    <section className="analysis-result" aria-label={t('result')}>
      <h3>{t(`resultCount.${result.kind}`, { count: result.items.length })}</h3>
      {result.density ? (
        <DensityTable result={result} onPick={(id, bbox) => void service.focus({ layerId: result.density?.[0]?.layerId ?? '', featureId: id }, bbox)} />
      ) : (
        <ol className="result-list">
          {result.items.map((item, i) => (
            <li key={`${item.featureId}-${i}`}>
              <button type="button" className="result-item" onClick={() => void service.focus(item, item.bbox)}>
                <span className="result-name">{item.name ?? t('unnamed')}</span>
                <span className="muted result-layer">{layerName(item.layerId)}</span>
                <span className="result-detail">{t(item.detail.key, item.detail.values)}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
      {result.items.length > 0 && (
        <form
          className="save-result"
          onSubmit={(e) => {
            e.preventDefault();
            void service.saveResult(result, name.trim() || t(`kinds.${result.kind}`)).then((ok) => setSaved(ok));
          }}
        >
          <input aria-label={t('saveName')} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
          <button type="submit">{t('save')}</button>
        </form>
      )}
      {saved && <p className="muted">{t('saved')}</p>}
    </section>
  );
}

const COLUMNS: DensitySortKey[] = ['count', 'previousCount', 'change', 'perKm2'];

function DensityTable({ result, onPick }: { result: AnalysisResult; onPick(areaId: string, bbox: [number, number, number, number] | null): void }) {
  const { t } = useTranslation('analysis');
  const [sort, setSort] = useState<{ key: DensitySortKey; order: 'asc' | 'desc' }>({ key: 'count', order: 'desc' });
  const rows = sortDensity(result.density ?? [], sort.key, sort.order);
  const bboxOf = (id: string) => result.items.find((i) => i.featureId === id)?.bbox ?? null;
  return (
    <table className="density-table">
      <thead>
        <tr>
          <th scope="col">{t('density.area')}</th>
          {COLUMNS.map((c) => (
            <th key={c} scope="col" aria-sort={sort.key === c ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
              <button type="button" className="link-button" onClick={() => setSort({ key: c, order: sort.key === c && sort.order === 'desc' ? 'asc' : 'desc' })}>
                {t(`density.${c}`)}
                {sort.key === c ? (sort.order === 'desc' ? ' ▼' : ' ▲') : ''}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.areaId}>
            <th scope="row">
              <button type="button" className="link-button" onClick={() => onPick(r.areaId, bboxOf(r.areaId))}>
                {r.areaName ?? t('unnamed')}
              </button>
            </th>
            <td>{r.count}</td>
            <td>{r.previousCount}</td>
            <td className={r.change === null ? 'muted' : r.change > 0 ? 'trend-up' : r.change < 0 ? 'trend-down' : ''}>
              {r.change === null ? '—' : `${r.change > 0 ? '+' : ''}${Math.round(r.change * 100)} %`}
            </td>
            <td>{per1000Km2(r.perKm2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Incidents per 1,000 km², two significant digits: per km² gives unreadable figures like 2e-5 for a province. */
function per1000Km2(perKm2: number): string {
  const v = perKm2 * 1000;
  if (v === 0) return '0';
  return v >= 100 ? v.toFixed(0) : String(Number(v.toPrecision(2)));
}

function SelectionSummary({ layers, tool, workspace }: { layers: LayerInfo[]; tool: string; workspace: Workspace }) {
  const { t } = useTranslation('analysis');
  const refs = useSelection((s) => s.refs);
  const clear = useSelection((s) => s.clear);
  const service = workspace.analyses;
  const groups = summariseSelection(refs);
  return (
    <section className="selection-summary" aria-label={t('selection.title')}>
      <h3>{t('selection.title')}</h3>
      <div className="tool-row" role="group" aria-label={t('selection.tools')}>
        {(['pointer', 'box', 'lasso'] as const).map((m) => (
          <button key={m} type="button" aria-pressed={tool === m} onClick={() => service.setTool(m)}>
            {t(`selection.${m}`)}
          </button>
        ))}
      </div>
      <p className="muted">{t('selection.hint')}</p>
      <p className="selection-total">{t('selection.count', { count: refs.length })}</p>
      {groups.length > 0 && (
        <ul className="selection-groups">
          {groups.map((g) => {
            const l = layers.find((x) => x.id === g.layerId);
            return (
              <li key={g.layerId}>
                <span>{l?.name ?? g.layerId}</span>
                <span className="muted"> · {l ? t(`domain:kinds.${l.kind}`) : ''}</span>
                <span className="layer-count"> {g.count}</span>
              </li>
            );
          })}
        </ul>
      )}
      {refs.length > 0 && (
        <div className="panel-actions">
          <button type="button" onClick={clear}>
            {t('selection.clear')}
          </button>
        </div>
      )}
    </section>
  );
}
