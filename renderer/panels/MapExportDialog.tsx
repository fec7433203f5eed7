import { useMarkingScheme } from '../state/settings';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MARKING_PRESETS, markingFor } from '../../shared/export/classification';
import { DPIS, ORIENTATIONS, PAPERS, pageSize, pointsToPixels } from '../../shared/export/paper';
import { formatDtg } from '../../shared/domain/dtg';
import type { BBox } from '../../shared/io/types';
import { Dialog } from '../app/Dialog';
import type { ExportRequest, ExportResult } from '../app/map-export';
import { DEFAULT_LAYOUT, useExportPresets, type ExportLayout } from '../state/export-presets';
import { isBelow } from '../../shared/domain/feature-marking';
import { levelLabel } from './marking-labels';
import './map-export-dialog.css';
import './markings.css';

export interface ExtentChoice {
  id: string;
  label: string;
  bounds: BBox | null;
}

export interface MapExportDialogProps {
  /** "As on screen" first, then the layers and the selection that have an extent. */
  extents: ExtentChoice[];
  author: string;
  organisation: string;
  /** The highest classification among the visible layers and their features: the banner's default and its floor. */
  contentClassification: string;
  preview(req: ExportRequest, canvas: HTMLCanvasElement, widthPx: number): Promise<void>;
  /** Renders and saves; resolves to the result, or null when the user cancelled the save. */
  export(req: ExportRequest): Promise<ExportResult | null>;
  onDone(result: ExportResult): void;
  onClose(): void;
}

const PREVIEW_WIDTH = 380;

const isPresetMarking = (text: string): boolean => MARKING_PRESETS.some((m) => m.text === text);
const CUSTOM = '__custom__';

/**
 * Briefing map export: paper, orientation, resolution, format, extent, the page's texts and
 * marking, grid ticks; a live preview of the page; presets saved by name and the last layout
 * remembered. Props in, callbacks out: the rendering is the app's (map-export.ts).
 */
export function MapExportDialog(props: MapExportDialogProps) {
  const { t, i18n } = useTranslation('exportMap');
  const scheme = useMarkingScheme();
  const presets = useExportPresets();
  const shown = props.contentClassification;
  // The banner starts at what the map shows; a marking the user typed last time is kept as typed.
  const [layout, setLayout] = useState<ExportLayout>(() => {
    const last = presets.last ?? DEFAULT_LAYOUT;
    return isPresetMarking(last.marking) ? { ...last, marking: shown, markingColor: '' } : last;
  });
  const [dtg, setDtg] = useState(() => formatDtg(new Date()) ?? '');
  const [author, setAuthor] = useState(props.author);
  const [organisation, setOrganisation] = useState(props.organisation);
  const [extentId, setExtentId] = useState(props.extents[0]?.id ?? 'screen');
  const [presetName, setPresetName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The outcome of the last preview drawn, with the request it was drawn for: any other request is still 'drawing'.
  const [drawn, setDrawn] = useState<{ for: ExportRequest | null; state: 'ready' | 'failed' }>({ for: null, state: 'ready' });
  const canvas = useRef<HTMLCanvasElement>(null);
  const [customMarking, setCustomMarking] = useState(!isPresetMarking(layout.marking));
  const levelName = (code: string) => levelLabel(t, i18n.language, scheme, code);
  const below = isBelow(layout.marking.trim().toUpperCase(), shown, scheme);
  const set = <K extends keyof ExportLayout>(key: K, value: ExportLayout[K]): void => setLayout((l) => ({ ...l, [key]: value }));

  const request: ExportRequest = useMemo(
    () => ({ layout, dtg, author, organisation, bounds: props.extents.find((e) => e.id === extentId)?.bounds ?? null }),
    [layout, dtg, author, organisation, extentId, props.extents],
  );

  // The preview follows the choices, after a pause in typing; a newer request supersedes an older one.
  const { preview } = props;
  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => {
      const target = document.createElement('canvas');
      preview(request, target, PREVIEW_WIDTH).then(
        () => {
          const shown = canvas.current;
          if (stale || !shown) return;
          shown.width = target.width;
          shown.height = target.height;
          shown.style.width = target.style.width;
          shown.style.height = target.style.height;
          shown.getContext('2d')?.drawImage(target, 0, 0);
          setDrawn({ for: request, state: 'ready' });
        },
        (e: unknown) => {
          console.warn('Export preview failed', e);
          if (!stale) setDrawn({ for: request, state: 'failed' });
        },
      );
    }, 350);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [request, preview]);

  const previewState = drawn.for === request ? drawn.state : 'drawing';
  const page = pageSize(layout.paper, layout.orientation);
  const pixels = `${pointsToPixels(page.width, layout.dpi)} × ${pointsToPixels(page.height, layout.dpi)} px`;

  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const result = await props.export(request);
      presets.remember(layout);
      if (result) props.onDone(result);
    } catch (e) {
      setError(t('failed', { reason: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('title')} onClose={props.onClose} wide>
      <form
        className="form export-map"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <div className="export-map-columns">
          <div className="export-map-fields">
            <fieldset>
              <legend>{t('sections.page')}</legend>
              <div className="export-map-row">
                <label>
                  <span>{t('fields.paper')}</span>
                  <select value={layout.paper} onChange={(e) => set('paper', e.target.value as ExportLayout['paper'])}>
                    {PAPERS.map((p) => (
                      <option key={p} value={p}>
                        {t(`paper.${p}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  <span>{t('fields.orientation')}</span>
                  <select value={layout.orientation} onChange={(e) => set('orientation', e.target.value as ExportLayout['orientation'])}>
                    {ORIENTATIONS.map((o) => (
                      <option key={o} value={o}>
                        {t(`orientation.${o}`)}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <div className="export-map-row">
                <label>
                  <span>{t('fields.dpi')}</span>
                  <select value={layout.dpi} onChange={(e) => set('dpi', Number(e.target.value) === 150 ? 150 : 300)}>
                    {DPIS.map((d) => (
                      <option key={d} value={d}>
                        {t('dpi', { dpi: d })}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  <span>{t('fields.format')}</span>
                  <select value={layout.format} onChange={(e) => set('format', e.target.value === 'png' ? 'png' : 'pdf')}>
                    <option value="pdf">PDF</option>
                    <option value="png">PNG</option>
                  </select>
                </label>
              </div>
              <div className="export-map-row">
                <label>
                  <span>{t('fields.extent')}</span>
                  <select value={extentId} onChange={(e) => setExtentId(e.target.value)}>
                    {props.extents.map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.label}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  <span>{t('fields.grid')}</span>
                  <select value={layout.grid} onChange={(e) => set('grid', e.target.value as ExportLayout['grid'])}>
                    <option value="mgrs">{t('grid.mgrs')}</option>
                    <option value="latlon">{t('grid.latlon')}</option>
                    <option value="none">{t('grid.none')}</option>
                  </select>
                </label>
              </div>
            </fieldset>
            <fieldset>
              <legend>{t('sections.texts')}</legend>
              <label>
                <span>{t('fields.title')}</span>
                <input value={layout.title} maxLength={200} placeholder={t('defaultTitle')} onChange={(e) => set('title', e.target.value)} />
              </label>
              <label>
                <span>{t('fields.subtitle')}</span>
                <input value={layout.subtitle} maxLength={300} onChange={(e) => set('subtitle', e.target.value)} />
              </label>
              <div className="export-map-row">
                <label>
                  <span>{t('fields.dtg')}</span>
                  <input value={dtg} maxLength={40} onChange={(e) => setDtg(e.target.value)} />
                </label>
                <button type="button" className="export-map-now" onClick={() => setDtg(formatDtg(new Date()) ?? '')}>
                  {t('now')}
                </button>
              </div>
              <div className="export-map-row">
                <label>
                  <span>{t('fields.marking')}</span>
                  <select
                    value={customMarking ? CUSTOM : layout.marking}
                    onChange={(e) => {
                      const custom = e.target.value === CUSTOM;
                      setCustomMarking(custom);
                      if (!custom) setLayout((l) => ({ ...l, marking: e.target.value, markingColor: '' }));
                    }}
                  >
                    {MARKING_PRESETS.map((m) => (
                      <option key={m.text} value={m.text}>
                        {levelName(m.text)}
                      </option>
                    ))}
                    <option value={CUSTOM}>{t('markingOther')}</option>
                  </select>
                </label>
                {customMarking && (
                  <label>
                    <span>{t('fields.markingText')}</span>
                    <input value={layout.marking} maxLength={80} onChange={(e) => set('marking', e.target.value)} required />
                  </label>
                )}
                <label className="export-map-color">
                  <span>{t('fields.markingColor')}</span>
                  <input type="color" value={layout.markingColor || markingFor(layout.marking).background} onChange={(e) => set('markingColor', e.target.value)} />
                </label>
              </div>
              {below ? (
                <p className="export-map-warning" role="alert" data-testid="marking-below">
                  {t('markings:exportBelow', { shown: levelName(shown), chosen: levelName(layout.marking.trim().toUpperCase()) })}
                </p>
              ) : (
                <p className="muted export-map-hint" data-testid="marking-shown">
                  {t('markings:exportDefault', { shown: levelName(shown) })}
                </p>
              )}
              <label>
                <span>{t('fields.sources')}</span>
                <input value={layout.sources} maxLength={500} placeholder={t('sourcesHint')} onChange={(e) => set('sources', e.target.value)} />
              </label>
              <div className="export-map-row">
                <label>
                  <span>{t('fields.author')}</span>
                  <input value={author} maxLength={200} onChange={(e) => setAuthor(e.target.value)} />
                </label>
                <label>
                  <span>{t('fields.organisation')}</span>
                  <input value={organisation} maxLength={200} onChange={(e) => setOrganisation(e.target.value)} />
                </label>
              </div>
            </fieldset>
            <fieldset>
              <legend>{t('sections.presets')}</legend>
              <div className="export-map-row">
                <label>
                  <span>{t('fields.preset')}</span>
                  <select
                    value=""
                    onChange={(e) => {
                      const p = presets.presets.find((x) => x.name === e.target.value);
                      if (!p) return;
                      setLayout(p.layout);
                      setCustomMarking(!isPresetMarking(p.layout.marking));
                      setPresetName(p.name);
                    }}
                  >
                    <option value="">{presets.presets.length ? t('presetChoose') : t('presetNone')}</option>
                    {presets.presets.map((p) => (
                      <option key={p.name} value={p.name}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  <span>{t('fields.presetName')}</span>
                  <input value={presetName} maxLength={80} onChange={(e) => setPresetName(e.target.value)} />
                </label>
              </div>
              <div className="export-map-row export-map-preset-actions">
                <button type="button" disabled={!presetName.trim()} onClick={() => presets.save(presetName, layout)}>
                  {t('presetSave')}
                </button>
                <button type="button" disabled={!presets.presets.some((p) => p.name === presetName.trim())} onClick={() => presets.remove(presetName.trim())}>
                  {t('presetDelete')}
                </button>
              </div>
            </fieldset>
          </div>
          <figure className="export-map-preview" aria-label={t('preview')}>
            <canvas ref={canvas} data-testid="export-preview" data-state={previewState} width={PREVIEW_WIDTH} height={Math.round((PREVIEW_WIDTH * page.height) / page.width)} />
            <figcaption className="muted">
              {previewState === 'drawing' ? t('previewDrawing') : previewState === 'failed' ? t('previewFailed') : t('previewCaption', { paper: t(`paper.${layout.paper}`), pixels })}
            </figcaption>
          </figure>
        </div>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" onClick={props.onClose}>
            {t('cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('exporting') : t('export', { format: layout.format.toUpperCase() })}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
