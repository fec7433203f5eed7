import type * as maplibregl from 'maplibre-gl';
import type { FeatureCollection, Polygon } from 'geojson';
import { areaFromBox, areaFromPath } from '../../shared/analysis/select';
import type { AnalysisOverlay } from './analysis-overlay';

/**
 * Picking features on the map for an analysis or an export: click (shift-click adds or removes),
 * box (shift-drag, or drag with the box tool) and lasso (drag a freehand outline with the lasso
 * tool). It only turns gestures into a ref or an area; which features fall in the area is
 * answered by the analysis worker (shared/analysis/select.ts). MapLibre's own shift-drag box
 * zoom is turned off, since shift-drag now selects.
 */

export type SelectionMode = 'pointer' | 'box' | 'lasso';

export interface SelectionHandlers {
  /** A plain click: the feature under it (null: empty map). */
  onClick(ref: { layerId: string; featureId: string } | null): void;
  /** A shift-click on a feature: add it, or take it out. */
  onToggle(ref: { layerId: string; featureId: string }): void;
  /** A finished box or lasso; `additive` when Ctrl (Cmd) was held: add to the selection rather than replace it. */
  onArea(area: Polygon, additive: boolean): void;
}

type Pick = (point: maplibregl.Point) => { layerId: string; featureId: string } | null;

/** A lasso point is kept only when it is this many pixels from the previous one. */
const LASSO_STEP_PX = 4;
/** A drag shorter than this is a click, not a box. */
const MIN_DRAG_PX = 4;

export class SelectionTool {
  private mode: SelectionMode = 'pointer';
  private handlers: SelectionHandlers | null = null;
  private drag: { kind: 'box' | 'lasso'; additive: boolean; start: [number, number]; path: [number, number][]; lastPx: { x: number; y: number } } | null = null;
  private readonly container: HTMLElement;

  constructor(
    private readonly map: maplibregl.Map,
    private readonly overlay: AnalysisOverlay,
    private readonly pick: Pick,
    /** True while another tool (drawing, shape editing) owns the pointer: no selection drag then. */
    private readonly busy: () => boolean = () => false,
  ) {
    map.boxZoom.disable();
    this.container = map.getContainer();
    // Capture on the map's outer element runs before MapLibre's own handlers on the canvas, so a
    // selecting drag never also pans the map.
    this.container.addEventListener('mousedown', this.onDown, true);
    this.container.addEventListener('click', this.onClickAfterDrag, true);
  }

  setHandlers(handlers: SelectionHandlers | null): void {
    this.handlers = handlers;
  }

  setMode(mode: SelectionMode): void {
    this.mode = mode;
    this.map.getCanvas().style.cursor = mode === 'pointer' ? '' : 'crosshair';
    this.cancel();
  }

  getMode(): SelectionMode {
    return this.mode;
  }

  /** From MapController's click handler; true when the click was used (shift-click). */
  handleClick(e: maplibregl.MapMouseEvent): boolean {
    if (!this.handlers) return false;
    const ref = this.pick(e.point);
    if (e.originalEvent.shiftKey) {
      if (ref) this.handlers.onToggle(ref);
      return true;
    }
    this.handlers.onClick(ref);
    return false;
  }

  cancel(): void {
    if (!this.drag) return;
    this.drag = null;
    this.overlay.setDraft(null);
    window.removeEventListener('mousemove', this.onMove);
    window.removeEventListener('mouseup', this.onUp);
  }

  destroy(): void {
    this.cancel();
    this.container.removeEventListener('mousedown', this.onDown, true);
    this.container.removeEventListener('click', this.onClickAfterDrag, true);
  }

  private local(e: MouseEvent): { x: number; y: number } {
    const r = this.map.getCanvasContainer().getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private lngLat(px: { x: number; y: number }): [number, number] {
    const p = this.map.unproject([px.x, px.y]);
    return [p.lng, p.lat];
  }

  private readonly onDown = (e: MouseEvent): void => {
    if (e.button !== 0 || !this.handlers || this.busy()) return;
    if (!(e.target instanceof HTMLCanvasElement)) return;
    const kind = this.mode === 'lasso' ? 'lasso' : this.mode === 'box' || e.shiftKey ? 'box' : null;
    if (!kind) return;
    e.stopPropagation();
    e.preventDefault();
    const px = this.local(e);
    const start = this.lngLat(px);
    this.drag = { kind, additive: e.ctrlKey || e.metaKey, start, path: [start], lastPx: px };
    window.addEventListener('mousemove', this.onMove);
    window.addEventListener('mouseup', this.onUp);
  };

  private readonly onMove = (e: MouseEvent): void => {
    const d = this.drag;
    if (!d) return;
    const px = this.local(e);
    const here = this.lngLat(px);
    if (d.kind === 'box') {
      d.path = [d.start, here];
      this.overlay.setDraft(asCollection(areaFromBox(d.start, here)));
    } else if (Math.hypot(px.x - d.lastPx.x, px.y - d.lastPx.y) >= LASSO_STEP_PX) {
      d.path.push(here);
      d.lastPx = px;
      const draft = areaFromPath(d.path);
      this.overlay.setDraft(draft ? asCollection(draft) : null);
    }
  };

  /**
   * The browser follows a drag's mouseup with a click when both land on the canvas, and MapLibre
   * (which never saw the swallowed mousedown) would take it for a click on whatever feature lies
   * under the end of the lasso: opening it and replacing the selection just made.
   */
  private swallowClick = false;
  private readonly onClickAfterDrag = (e: MouseEvent): void => {
    if (!this.swallowClick) return;
    this.swallowClick = false;
    e.stopPropagation();
  };

  private readonly onUp = (e: MouseEvent): void => {
    const d = this.drag;
    this.cancel();
    if (!d || !this.handlers) return;
    this.swallowClick = true;
    // The click comes in the same task as the mouseup, or not at all.
    setTimeout(() => (this.swallowClick = false), 0);
    const startPx = this.map.project(d.start);
    const endPx = this.local(e);
    if (d.kind === 'box') {
      if (Math.hypot(endPx.x - startPx.x, endPx.y - startPx.y) < MIN_DRAG_PX) return;
      this.handlers.onArea(areaFromBox(d.start, this.lngLat(endPx)), d.additive);
      return;
    }
    const area = areaFromPath([...d.path, this.lngLat(endPx)]);
    if (area) this.handlers.onArea(area, d.additive);
  };
}

function asCollection(area: Polygon): FeatureCollection {
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: area }] };
}
