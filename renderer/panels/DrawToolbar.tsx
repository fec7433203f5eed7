import { formatMessage, type Message, type Translate } from '../../shared/i18n/message';
import { useEffect, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Geometry } from 'geojson';
import { POINT_KINDS, drawTarget, type PointKind } from '../../shared/domain/draw-targets';
import type { CgFeature } from '../../shared/domain/feature';
import { kindDefaults } from '../../shared/domain/kinds';
import { formatPosition, type CoordinateFormat } from '../../shared/geo/coords';
import { areaM2, bufferGeometry, legs, perimeterM } from '../../shared/geo/measure';
import { formatArea, formatBearing, formatLength } from '../../shared/geo/measure-format';
import { isCreateTool, type DrawFlow, type DrawState, type DrawTool } from '../app/draw-flow';
import { useSettings } from '../state/settings';
import { useDraw } from '../state/draw-store';
import { FeatureForm } from './FeatureForm';
import './draw.css';

const CREATE_TOOLS: DrawTool[] = ['route', 'area', 'circle', 'point'];
const MEASURE_TOOLS: DrawTool[] = ['distance', 'measure-area', 'rings', 'buffer'];

/**
 * The draw and measure toolbar over the map's left edge, and the panel of the tool in use: what to
 * do next, typed input (next vertex, radius), live lengths and areas, the new feature's form,
 * and measurement results with "Save as layer". Escape cancels, Enter finishes.
 */
export function DrawToolbar({ flow }: { flow: DrawFlow }) {
  const { t } = useTranslation('draw');
  const draw = useDraw((s) => s.draw);
  const pointKind = draw?.pointKind ?? 'humanitarian';
  // Folded, the toolbar leaves the map's left edge to the data; a tool in use keeps it open.
  const openSetting = useSettings((s) => s.drawToolsOpen);
  const update = useSettings((s) => s.update);
  const open = openSetting || !!draw;

  useEffect(() => {
    if (!draw) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        flow.cancel();
      } else if (e.key === 'Enter' && !isField(e.target)) {
        e.preventDefault();
        flow.finish();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [draw, flow]);

  const toggle = (tool: DrawTool) => (draw?.tool === tool ? flow.cancel() : flow.start(tool, pointKind));
  const button = (tool: DrawTool) => (
    <button key={tool} type="button" className="draw-tool" aria-pressed={draw?.tool === tool} onClick={() => toggle(tool)} title={t(`tools.${tool}.hint`)}>
      {t(`tools.${tool}.label`)}
    </button>
  );

  return (
    <>
      <div className={open ? 'draw-toolbar' : 'draw-toolbar folded'} role="toolbar" aria-label={t('toolbar')} aria-orientation="vertical" data-map-overlay="left">
        <button type="button" className="draw-fold" aria-expanded={open} disabled={!!draw} onClick={() => update({ drawToolsOpen: !openSetting })}>
          <span>{t('toolbar')}</span>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        </button>
        {open && (
          <>
        <div className="draw-group" role="group" aria-label={t('groups.draw')}>
          <span className="draw-group-title">{t('groups.draw')}</span>
          {CREATE_TOOLS.map(button)}
          <select
            aria-label={t('pointKind')}
            value={pointKind}
            onChange={(e) => {
              const kind = e.target.value as PointKind;
              if (draw) flow.setPointKind(kind);
              else flow.start('point', kind);
            }}
          >
            {POINT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`pointKinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="draw-group" role="group" aria-label={t('groups.measure')}>
          <span className="draw-group-title">{t('groups.measure')}</span>
          {MEASURE_TOOLS.map(button)}
        </div>
          </>
        )}
      </div>
      {draw && <DrawPanel flow={flow} draw={draw} />}
    </>
  );
}

function isField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON'].includes(target.tagName);
}

function DrawPanel({ flow, draw }: { flow: DrawFlow; draw: DrawState }) {
  const { t } = useTranslation('draw');
  const title = draw.tool === 'point' ? t(`pointKinds.${draw.pointKind}`) : t(`tools.${draw.tool}.label`);
  return (
    <section className="draw-panel" aria-label={t('panel', { tool: title })}>
      <div className="draw-panel-head">
        <h2>{title}</h2>
        <button type="button" onClick={() => flow.cancel()}>
          {draw.stage === 'result' ? t('close') : t('cancel')}
        </button>
      </div>
      {draw.error && (
        <p className="error-text" role="alert">
          {formatMessage(t, draw.error)}
        </p>
      )}
      {draw.stage === 'sketch' && <SketchStep flow={flow} draw={draw} />}
      {draw.stage === 'form' && <FormStep flow={flow} draw={draw} />}
      {draw.stage === 'edit' && <EditStep flow={flow} draw={draw} />}
      {draw.stage === 'result' && <ResultStep flow={flow} draw={draw} />}
    </section>
  );
}

/** A text box that hands its text to `onSubmit` on Enter and shows the error it returns. */
function PreciseInput({ label, placeholder, onSubmit, keep }: { label: string; placeholder: string; onSubmit(text: string): Message | null; keep?: boolean }) {
  const { t } = useTranslation('draw');
  const [text, setText] = useState('');
  const [error, setError] = useState<Message | null>(null);
  const submit = () => {
    const err = onSubmit(text);
    setError(err);
    if (!err && !keep) setText('');
  };
  const onKey = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    submit();
  };
  return (
    <div className={`field precise-field${error ? ' field-error' : ''}`}>
      <label>
        <span>{label}</span>
        <span className="precise-row">
          <input type="text" value={text} placeholder={placeholder} onChange={(e) => setText(e.target.value)} onKeyDown={onKey} aria-invalid={!!error} />
          <button type="button" onClick={submit}>
            OK
          </button>
        </span>
      </label>
      {error && (
        <span className="error-text" role="alert">
          {formatMessage(t, error)}
        </span>
      )}
    </div>
  );
}

function SketchStep({ flow, draw }: { flow: DrawFlow; draw: DrawState }) {
  const { t, i18n } = useTranslation('draw');
  const format = useSettings((s) => s.coordFormat);
  const lang = i18n.language;
  const centred = draw.tool === 'circle' || draw.tool === 'rings';
  const lines = draw.tool === 'route' || draw.tool === 'distance';
  const areas = draw.tool === 'area' || draw.tool === 'measure-area';
  const live = draw.live;
  return (
    <>
      <p className="draw-hint">{t(`tools.${draw.tool}.steps`)}</p>
      {draw.tool !== 'split' && (
        <PreciseInput
          label={centred ? t('input.centre') : t('input.vertex')}
          placeholder={centred ? t('input.centrePlaceholder') : t('input.vertexPlaceholder')}
          onSubmit={(text) => flow.typeVertex(text)}
        />
      )}
      {centred && (
        <PreciseInput
          label={draw.tool === 'rings' ? t('input.radii') : t('input.radius')}
          placeholder={draw.tool === 'rings' ? '1, 5, 10 km' : '2.5 km'}
          onSubmit={(text) => flow.typeRadius(text)}
          keep
        />
      )}
      <dl className="readout" aria-live="polite">
        {centred && draw.centre && (
          <>
            <dt>{t('readout.centre')}</dt>
            <dd>{positionText(t, draw.centre[0], draw.centre[1], format)}</dd>
          </>
        )}
        {draw.tool === 'circle' && draw.radiiM[0] !== undefined && (
          <>
            <dt>{t('readout.radius')}</dt>
            <dd>{formatLength(draw.radiiM[0], lang)}</dd>
            <dt>{t('readout.area')}</dt>
            <dd>{formatArea(Math.PI * draw.radiiM[0] ** 2, lang)}</dd>
          </>
        )}
        {draw.tool === 'rings' && draw.radiiM.length > 0 && (
          <>
            <dt>{t('readout.radii')}</dt>
            <dd>{draw.radiiM.map((r) => formatLength(r, lang)).join(', ')}</dd>
          </>
        )}
        {lines && live?.type === 'LineString' && <LineReadout coordinates={live.coordinates} lang={lang} />}
        {areas && live?.type === 'Polygon' && <AreaReadout geometry={live} lang={lang} />}
        {!centred && draw.vertices.length > 0 && (
          <>
            <dt>{t('readout.lastVertex')}</dt>
            <dd>{positionText(t, draw.vertices[draw.vertices.length - 1]?.[0] ?? 0, draw.vertices[draw.vertices.length - 1]?.[1] ?? 0, format)}</dd>
          </>
        )}
      </dl>
      {(lines || areas || draw.tool === 'circle') && (
        <div className="panel-actions">
          <button type="button" className="primary" onClick={() => flow.finish()} disabled={draw.tool === 'circle' ? !(draw.centre && draw.radiiM[0]) : draw.vertices.length < (areas ? 3 : 2)}>
            {t('finish')}
          </button>
        </div>
      )}
      {draw.tool === 'rings' && <SaveAsLayer flow={flow} />}
    </>
  );
}

function LineReadout({ coordinates, lang }: { coordinates: number[][]; lang: string }) {
  const { t } = useTranslation('draw');
  const l = legs(coordinates).filter((x) => x.distanceM > 0);
  if (!l.length) return null;
  return (
    <>
      <dt>{t('readout.length')}</dt>
      <dd data-testid="draw-length">{formatLength(l[l.length - 1]?.cumulativeM ?? 0, lang)}</dd>
      <dt>{t('readout.legs')}</dt>
      <dd>
        <ol className="legs">
          {l.map((leg, i) => (
            <li key={i}>
              {formatLength(leg.distanceM, lang)} · {formatBearing(leg.bearingDeg)}
            </li>
          ))}
        </ol>
      </dd>
    </>
  );
}

function AreaReadout({ geometry, lang }: { geometry: Geometry & { type: 'Polygon' }; lang: string }) {
  const { t } = useTranslation('draw');
  const ring = geometry.coordinates[0] ?? [];
  return (
    <>
      <dt>{t('readout.area')}</dt>
      <dd data-testid="draw-area">{formatArea(areaM2(geometry), lang)}</dd>
      <dt>{t('readout.perimeter')}</dt>
      <dd>{formatLength(perimeterM(ring), lang)}</dd>
    </>
  );
}

function FormStep({ flow, draw }: { flow: DrawFlow; draw: DrawState }) {
  const { t, i18n } = useTranslation('draw');
  const targets = flow.targetLayers();
  const [layerId, setLayerId] = useState<string>(() => targets[0]?.id ?? '');
  if (!isCreateTool(draw.tool) || !draw.geometry) return null;
  const target = drawTarget(draw.tool, draw.pointKind);
  const draft: CgFeature = { type: 'Feature', id: 'draft', geometry: draw.geometry, properties: kindDefaults(target.kind) };
  return (
    <>
      <dl className="readout">
        {draw.geometry.type === 'LineString' && <LineReadout coordinates={draw.geometry.coordinates} lang={i18n.language} />}
        {draw.geometry.type === 'Polygon' && <AreaReadout geometry={draw.geometry} lang={i18n.language} />}
      </dl>
      <label className="field">
        <span>{t('targetLayer')}</span>
        <select value={layerId} onChange={(e) => setLayerId(e.target.value)}>
          {targets.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
          <option value="">{t('newLayer', { name: t(`defaultLayers.${target.defaultLayer}`) })}</option>
        </select>
      </label>
      <FeatureForm
        kind={target.kind}
        feature={draft}
        onCancel={() => flow.cancel()}
        onSave={async (patch) => {
          await flow.commit(patch, layerId || null);
        }}
      />
    </>
  );
}

function EditStep({ flow, draw }: { flow: DrawFlow; draw: DrawState }) {
  const { t, i18n } = useTranslation('draw');
  const g = draw.geometry;
  return (
    <>
      <p className="draw-hint">{t('editSteps')}</p>
      <dl className="readout">
        {g?.type === 'LineString' && <LineReadout coordinates={g.coordinates} lang={i18n.language} />}
        {g?.type === 'Polygon' && <AreaReadout geometry={g} lang={i18n.language} />}
      </dl>
      <div className="panel-actions">
        <button type="button" onClick={() => flow.cancel()}>
          {t('cancel')}
        </button>
        <button type="button" className="primary" onClick={() => void flow.saveEdit()}>
          {t('saveShape')}
        </button>
      </div>
    </>
  );
}

function ResultStep({ flow, draw }: { flow: DrawFlow; draw: DrawState }) {
  const { t, i18n } = useTranslation('draw');
  const format = useSettings((s) => s.coordFormat);
  const lang = i18n.language;
  const g = draw.geometry;
  const buffered = draw.tool === 'buffer' && g && draw.radiiM[0] ? bufferGeometry(g, draw.radiiM[0]) : null;
  return (
    <>
      {draw.tool === 'buffer' && !draw.error && (
        <PreciseInput label={t('input.radius')} placeholder="500 m" onSubmit={(text) => flow.typeRadius(text)} keep />
      )}
      <dl className="readout" aria-live="polite">
        {draw.tool === 'distance' && g?.type === 'LineString' && (
          <>
            <LineReadout coordinates={g.coordinates} lang={lang} />
            <dt>{t('readout.from')}</dt>
            <dd>{positionText(t, g.coordinates[0]?.[0] ?? 0, g.coordinates[0]?.[1] ?? 0, format)}</dd>
            <dt>{t('readout.to')}</dt>
            <dd>{positionText(t, g.coordinates[g.coordinates.length - 1]?.[0] ?? 0, g.coordinates[g.coordinates.length - 1]?.[1] ?? 0, format)}</dd>
          </>
        )}
        {draw.tool === 'measure-area' && g?.type === 'Polygon' && <AreaReadout geometry={g} lang={lang} />}
        {buffered && (
          <>
            <dt>{t('readout.bufferArea')}</dt>
            <dd>{formatArea(areaM2(buffered), lang)}</dd>
          </>
        )}
      </dl>
      <SaveAsLayer flow={flow} />
    </>
  );
}

/** Keeps what was measured (rings, buffer, line, area) as a reference layer, under a name the user may type. */
function SaveAsLayer({ flow }: { flow: DrawFlow }) {
  const { t } = useTranslation('draw');
  const [name, setName] = useState('');
  const features = flow.resultFeatures();
  if (!features.length) return null;
  const defaultName = String(features[0]?.properties.name ?? t('measurement'));
  return (
    <div className="save-layer">
      <label className="field">
        <span>{t('layerName')}</span>
        <input type="text" value={name} placeholder={defaultName} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="button" className="primary" onClick={() => void flow.saveAsLayer(name.trim() || defaultName)}>
        {t('saveAsLayer')}
      </button>
    </div>
  );
}

function positionText(t: Translate, lng: number, lat: number, format: CoordinateFormat): string {
  const shown = formatPosition(lng, lat, format);
  return shown.ok ? shown.value : formatMessage(t, shown.error);
}
