import { msg, type Message } from '../../shared/i18n/message';
import type * as maplibregl from 'maplibre-gl';
import type { Feature, FeatureCollection, Geometry, LineString, Point, Polygon, Position } from 'geojson';
import {
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
  type TerraDrawMouseEvent,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { DRAW_COLOUR, DRAW_OVERLAY_LAYERS, DRAW_OVERLAY_SOURCE } from '../../shared/layers/draw-style';
import { MAP_FEATURE_ID, layerIdFromSourceId } from '../../shared/layers/layer-style';

/**
 * Drawing on the map with terra-draw: sketching new points, lines and areas, editing the vertices
 * of an existing shape, and an overlay for results (rings, buffers, measured lines, the shape
 * waiting for its form). MapController creates it and asks `active` before treating a click as a
 * feature selection, so the two never fight over the pointer.
 */

export type SketchShape = 'point' | 'linestring' | 'polygon';

export interface SketchProgress {
  shape: SketchShape;
  /** Vertices placed so far (not the one following the pointer). */
  vertices: Position[];
  /** The sketch as drawn now, following the pointer; null before the first vertex. */
  geometry: Geometry | null;
}

export interface SketchListener {
  progress(p: SketchProgress): void;
  finished(geometry: Point | LineString | Polygon): void;
}

export interface ShapeEditListener {
  changed(geometry: Geometry): void;
}

/** The shapes terra-draw can edit vertex by vertex. */
export function editableShape(g: Geometry | null): g is Point | LineString | Polygon {
  if (!g) return false;
  return g.type === 'Point' || g.type === 'LineString' || (g.type === 'Polygon' && g.coordinates.length === 1);
}

const MODE_OF: Record<'Point' | 'LineString' | 'Polygon', SketchShape> = { Point: 'point', LineString: 'linestring', Polygon: 'polygon' };

/** Coordinates beyond this many decimals are refused by terra-draw's validation (adapter default). */
const PRECISION = 9;

const sketchStyles = {
  lineStringColor: DRAW_COLOUR,
  lineStringWidth: 3,
  closingPointColor: DRAW_COLOUR,
  closingPointOutlineColor: '#ffffff',
  closingPointWidth: 6,
  closingPointOutlineWidth: 2,
} as const;

export class DrawController {
  private readonly draw: TerraDraw;
  private started = false;
  private sketch: { shape: SketchShape; listener: SketchListener; id: string | number | null } | null = null;
  private editing: { id: string | number; listener: ShapeEditListener } | null = null;
  private readonly modes: { point: TerraDrawPointMode; linestring: TerraDrawLineStringMode; polygon: TerraDrawPolygonMode };

  constructor(private readonly map: maplibregl.Map) {
    this.modes = {
      point: new TerraDrawPointMode({ editable: false, styles: { pointColor: DRAW_COLOUR, pointWidth: 6, pointOutlineColor: '#ffffff', pointOutlineWidth: 2 } }),
      // Enter finishes; Escape is handled by the page (it also leaves the tool), not here.
      linestring: new TerraDrawLineStringMode({ keyEvents: { cancel: null, finish: 'Enter' }, styles: sketchStyles }),
      polygon: new TerraDrawPolygonMode({
        keyEvents: { cancel: null, finish: 'Enter' },
        styles: { fillColor: DRAW_COLOUR, fillOpacity: 0.15, outlineColor: DRAW_COLOUR, outlineWidth: 3, closingPointColor: DRAW_COLOUR, closingPointOutlineColor: '#ffffff' },
      }),
    };
    const editFlags = { feature: { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true } } };
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map: this.map, coordinatePrecision: PRECISION }),
      modes: [
        this.modes.point,
        this.modes.linestring,
        this.modes.polygon,
        new TerraDrawSelectMode({
          flags: { point: { feature: { draggable: true } }, linestring: editFlags, polygon: editFlags },
          keyEvents: null,
          allowManualDeselection: false,
          styles: {
            selectedLineStringColor: DRAW_COLOUR,
            selectedLineStringWidth: 3,
            selectedPolygonColor: DRAW_COLOUR,
            selectedPolygonOutlineColor: DRAW_COLOUR,
            selectedPolygonFillOpacity: 0.15,
            selectedPointColor: DRAW_COLOUR,
            selectionPointColor: '#ffffff',
            selectionPointOutlineColor: DRAW_COLOUR,
            selectionPointWidth: 6,
            selectionPointOutlineWidth: 2,
            midPointColor: DRAW_COLOUR,
            midPointOutlineColor: '#ffffff',
          },
        }),
      ],
    });
    this.draw.on('change', (ids) => this.onChange(ids));
    this.draw.on('finish', (id, context) => {
      if (context.action === 'draw') this.onFinish(id);
    });
    if (map.isStyleLoaded()) this.setUp();
    else map.once('load', () => this.setUp());
  }

  /** True while a sketch or a shape edit is under way: map clicks then belong to terra-draw. */
  get active(): boolean {
    return this.sketch !== null || this.editing !== null;
  }

  /** Starts sketching a new shape; any earlier sketch or edit is dropped. */
  startSketch(shape: SketchShape, listener: SketchListener): void {
    this.stop();
    this.sketch = { shape, listener, id: null };
    this.whenStarted(() => this.draw.setMode(shape));
  }

  /**
   * Places the next vertex at a typed position, as a click there would. The click is reported far
   * off-screen so terra-draw never reads it as a click on the closing point.
   */
  addVertex(lng: number, lat: number): void {
    if (!this.sketch || !this.started) return;
    const event: TerraDrawMouseEvent = { lng, lat, containerX: -1e6, containerY: -1e6, button: 'left', heldKeys: [], isContextMenu: false };
    this.modes[this.sketch.shape].onClick(event);
  }

  /** Finishes the line or area being sketched (as Enter does). */
  finishSketch(): void {
    if (!this.sketch || this.sketch.shape === 'point') return;
    this.modes[this.sketch.shape].onKeyUp({ key: 'Enter', heldKeys: [], preventDefault: () => undefined });
  }

  /** Makes an existing shape editable: drag it, drag its vertices, add one from a midpoint. */
  startEdit(geometry: Point | LineString | Polygon, listener: ShapeEditListener): Message | null {
    this.stop();
    if (!this.started) return msg('draw:errors.mapNotReady');
    const id = this.draw.getFeatureId();
    const feature: GeoJSONStoreFeatures = { type: 'Feature', id, geometry: roundGeometry(geometry), properties: { mode: MODE_OF[geometry.type] } };
    const [result] = this.draw.addFeatures([feature]);
    // terra-draw's reason is its own English; it is shown as a detail.
    if (!result?.valid) return msg('draw:errors.shapeRefused', { detail: result?.reason ?? '' });
    this.editing = { id, listener };
    this.draw.setMode('select');
    this.draw.selectFeature(id);
    return null;
  }

  /** The shape as edited so far, or null when nothing is being edited. */
  editedGeometry(): Geometry | null {
    if (!this.editing) return null;
    return (this.draw.getSnapshotFeature(this.editing.id)?.geometry as Geometry | undefined) ?? null;
  }

  /** Drops any sketch or edit and leaves the map's pointer to MapController. */
  stop(): void {
    this.sketch = null;
    this.editing = null;
    if (!this.started) return;
    this.draw.setMode('static');
    this.draw.clear();
  }

  /** Shows result shapes (see draw-style.ts); null clears them. */
  showOverlay(data: FeatureCollection | null): void {
    const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
    const apply = () => this.map.getSource<maplibregl.GeoJSONSource>(DRAW_OVERLAY_SOURCE)?.setData(data ?? empty);
    this.whenStarted(apply);
  }

  /** Keeps the overlay and terra-draw's layers above the data after the data layers were restacked. */
  raise(): void {
    if (!this.started) return;
    for (const layer of this.map.getStyle().layers) if (layer.id.startsWith('cg-draw-') || layer.id.startsWith('td-')) this.map.moveLayer(layer.id);
  }

  /** Ids of the features of one of our layers drawn at a position (to pick a feature to merge). */
  featureIdsAt(lng: number, lat: number, layerId: string): string[] {
    const p = this.map.project([lng, lat]);
    const hits = this.map.queryRenderedFeatures([
      [p.x - 4, p.y - 4],
      [p.x + 4, p.y + 4],
    ]);
    const ids = new Set<string>();
    for (const f of hits) {
      const id = (f.properties as Record<string, unknown>)[MAP_FEATURE_ID];
      if (layerIdFromSourceId(f.source) === layerId && typeof id === 'string') ids.add(id);
    }
    return [...ids];
  }

  destroy(): void {
    if (this.started) this.draw.stop();
    this.started = false;
  }

  // ---------------------------------------------------------------------------------------------

  private pendingStart: (() => void)[] = [];

  private setUp(): void {
    this.map.addSource(DRAW_OVERLAY_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    for (const spec of DRAW_OVERLAY_LAYERS) this.map.addLayer(spec);
    this.draw.start();
    this.started = true;
    for (const run of this.pendingStart.splice(0)) run();
  }

  private whenStarted(run: () => void): void {
    if (this.started) run();
    else this.pendingStart.push(run);
  }

  private onChange(ids: (string | number)[]): void {
    const sketch = this.sketch;
    if (sketch) {
      const drawing = ids.map((id) => this.draw.getSnapshotFeature(id)).find((f) => f && f.properties.mode === sketch.shape && f.properties.currentlyDrawing);
      if (!drawing) return;
      sketch.id = drawing.id ?? null;
      sketch.listener.progress({ shape: sketch.shape, vertices: committedVertices(drawing), geometry: drawing.geometry as Geometry });
      return;
    }
    const editing = this.editing;
    if (editing && ids.includes(editing.id)) {
      const g = this.editedGeometry();
      if (g) editing.listener.changed(g);
    }
  }

  private onFinish(id: string | number): void {
    const sketch = this.sketch;
    const f = this.draw.getSnapshotFeature(id);
    if (!sketch || !f) return;
    const geometry = f.geometry as Point | LineString | Polygon;
    // The sketch is over: terra-draw's copy goes, the page shows the shape in the overlay.
    this.sketch = null;
    this.draw.setMode('static');
    this.draw.clear();
    sketch.listener.finished(geometry);
  }
}

/** The vertices placed so far in a sketch, without the one that follows the pointer. */
function committedVertices(f: GeoJSONStoreFeatures): Position[] {
  const g = f.geometry;
  if (g.type === 'Point') return [g.coordinates];
  if (g.type === 'LineString') return g.coordinates.slice(0, -1);
  if (g.type === 'Polygon') {
    const count = typeof f.properties.committedCoordinateCount === 'number' ? f.properties.committedCoordinateCount : Math.max(0, (g.coordinates[0]?.length ?? 0) - 2);
    return (g.coordinates[0] ?? []).slice(0, count);
  }
  return [];
}

function roundGeometry<G extends Point | LineString | Polygon>(g: G): G {
  const r = (p: Position): Position => [round(p[0] ?? 0), round(p[1] ?? 0)];
  if (g.type === 'Point') return { ...g, coordinates: r(g.coordinates) };
  if (g.type === 'LineString') return { ...g, coordinates: g.coordinates.map(r) };
  return { ...g, coordinates: (g as Polygon).coordinates.map((ring) => ring.map(r)) };
}

function round(n: number): number {
  const f = 10 ** PRECISION;
  return Math.round(n * f) / f;
}

/** A geometry as a feature of the overlay, with its look (`role`) and an optional label. */
export function overlayFeature(geometry: Geometry, role: 'draft' | 'measure', label?: string): Feature {
  return { type: 'Feature', geometry, properties: { role, ...(label ? { label } : {}) } };
}
