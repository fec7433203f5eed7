import type { Feature, FeatureCollection, Geometry, LineString, Point, Polygon, Position } from 'geojson';
import { centroid } from '@turf/turf';
import i18next from 'i18next';
import { changeSummary, type Changeset } from '../../shared/domain/changeset';
import { drawTarget, fitsTarget, type CreateTool, type PointKind } from '../../shared/domain/draw-targets';
import { kindDefaults } from '../../shared/domain/kinds';
import { createFeatureChangeset, geometryUpdateChangeset, mergeFeaturesChangeset, newDrawnFeature, splitLineChangeset } from '../../shared/domain/edits';
import type { Author, CgFeature, FeatureProperties } from '../../shared/domain/feature';
import { KIND_GEOMETRIES } from '../../shared/domain/kinds';
import { newLayerChangeset } from '../../shared/domain/new-layer';
import { newLayerMarking } from '../state/settings';
import { areaM2, bufferGeometry, circlePolygon, destination, legs, rangeRings, storableGeometry, type LngLat } from '../../shared/geo/measure';
import { formatArea, formatBearing, formatLength } from '../../shared/geo/measure-format';
import { parseLength, parseRadii, parseVertexInput } from '../../shared/geo/precise-input';
import { msg, type Message } from '../../shared/i18n/message';
import { editableShape, overlayFeature, type DrawController, type SketchShape } from '../map/draw-controller';
import { useUi, type FeatureRef } from '../state/ui-store';
import { useDraw } from '../state/draw-store';
import type { ApplySummary } from '../workers/store.worker';

export type MeasureTool = 'distance' | 'measure-area' | 'rings' | 'buffer';
export type DrawTool = CreateTool | MeasureTool | 'edit' | 'split' | 'merge';

/**
 * The drawing, editing or measuring under way (draw-store). Stages: `sketch` (placing
 * vertices or a centre), `form` (the new feature's attributes), `edit` (dragging an existing
 * shape's vertices), `result` (a measurement to read or save as a layer).
 */
export interface DrawState {
  tool: DrawTool;
  pointKind: PointKind;
  stage: 'sketch' | 'form' | 'edit' | 'result';
  /** Vertices placed so far while sketching. */
  vertices: Position[];
  /** The sketch following the pointer, for live readouts. */
  live: Geometry | null;
  /** The finished shape: the new feature's, the measured one, or the shape being edited. */
  geometry: Geometry | null;
  /** Centre of a circle or of range rings. */
  centre: LngLat | null;
  /** Radius of a circle or buffer, or the range rings' radii, in metres. */
  radiiM: number[];
  /** The feature being edited, split, merged or buffered. */
  target: FeatureRef | null;
  error: Message | null;
}

export interface DrawFlowDeps {
  controller(): DrawController | null;
  author(): Author;
  apply(cs: Changeset): Promise<ApplySummary | null>;
  select(ref: FeatureRef | null): Promise<void>;
  getFeature(layerId: string, featureId: string): Promise<CgFeature | undefined>;
  lang(): string;
}

const SKETCH_OF: Record<DrawTool, SketchShape | null> = {
  route: 'linestring',
  area: 'polygon',
  circle: 'point',
  point: 'point',
  distance: 'linestring',
  'measure-area': 'polygon',
  rings: 'point',
  buffer: null,
  edit: null,
  split: 'point',
  merge: 'point',
};

const MEASURE_TOOLS: readonly DrawTool[] = ['distance', 'measure-area', 'rings', 'buffer'];

/**
 * Drawing new features, reshaping, splitting and merging existing ones, and measuring: the page
 * side of DrawController. Every edit it makes is a changeset applied through the Workspace, so it
 * is undoable and shows in the feature's history.
 */
export class DrawFlow {
  constructor(private readonly deps: DrawFlowDeps) {}

  private get state(): DrawState | null {
    return useDraw.getState().draw;
  }

  private set(patch: Partial<DrawState>): void {
    const s = this.state;
    if (s) useDraw.setState({ draw: { ...s, ...patch } });
  }

  /** Starts a tool; the same tool again (or Escape) leaves it. */
  start(tool: DrawTool, pointKind: PointKind = this.state?.pointKind ?? 'humanitarian'): void {
    const controller = this.deps.controller();
    if (!controller) return;
    const selection = useUi.getState().selection;
    const state: DrawState = {
      tool,
      pointKind,
      stage: 'sketch',
      vertices: [],
      live: null,
      geometry: null,
      centre: null,
      radiiM: [],
      target: tool === 'buffer' ? selection : null,
      error: null,
    };
    if (tool === 'buffer') {
      const f = useUi.getState().selectedFeature;
      state.stage = 'result';
      state.geometry = f?.geometry ?? null;
      if (!selection || !f?.geometry) state.error = msg('draw:errors.selectFirst');
      controller.stop();
    }
    useDraw.setState({ draw: state });
    this.sketch();
    this.updateOverlay();
  }

  cancel(): void {
    this.deps.controller()?.stop();
    this.deps.controller()?.showOverlay(null);
    useDraw.setState({ draw: null });
  }

  setPointKind(pointKind: PointKind): void {
    this.set({ pointKind });
  }

  /** A typed vertex, or for circles and rings a typed centre. Returns what is wrong, or null. */
  typeVertex(text: string): Message | null {
    const s = this.state;
    const controller = this.deps.controller();
    if (!s || !controller) return null;
    const parsed = parseVertexInput(text);
    if (!parsed.ok) return parsed.error;
    let position: LngLat;
    if (parsed.value.type === 'leg') {
      const from = s.tool === 'circle' || s.tool === 'rings' ? s.centre : (s.vertices[s.vertices.length - 1] as LngLat | undefined);
      if (!from) return msg('draw:errors.needFirstVertex');
      position = destination([from[0], from[1]], parsed.value.bearingDeg, parsed.value.distanceM);
    } else position = [parsed.value.lng, parsed.value.lat];
    if (s.tool === 'circle' || s.tool === 'rings') {
      this.set({ centre: position, error: null });
      this.updateOverlay();
    } else controller.addVertex(position[0], position[1]);
    return null;
  }

  /** Radius of a circle or buffer, or the list of range-ring radii. Returns an error or null. */
  typeRadius(text: string): Message | null {
    const s = this.state;
    if (!s) return null;
    const parsed = s.tool === 'rings' ? parseRadii(text) : parseLength(text);
    if (!parsed.ok) return parsed.error;
    this.set({ radiiM: Array.isArray(parsed.value) ? parsed.value : [parsed.value] });
    this.updateOverlay();
    return null;
  }

  /** Enter: finishes the sketch, or turns a circle into a feature to describe. */
  finish(): void {
    const s = this.state;
    if (!s) return;
    if (s.stage === 'sketch' && (s.tool === 'route' || s.tool === 'area' || s.tool === 'distance' || s.tool === 'measure-area')) {
      this.deps.controller()?.finishSketch();
    } else if (s.stage === 'sketch' && s.tool === 'circle' && s.centre && s.radiiM[0]) {
      this.deps.controller()?.stop();
      this.set({ stage: 'form', geometry: circlePolygon(s.centre, s.radiiM[0]) });
      this.updateOverlay();
    }
  }

  /** Saves a new feature from the form into `layerId`, or into a new layer when null. */
  async commit(properties: FeatureProperties, layerId: string | null): Promise<boolean> {
    const s = this.state;
    if (!s || s.stage !== 'form' || !s.geometry || !isCreateTool(s.tool)) return false;
    const target = drawTarget(s.tool, s.pointKind);
    const by = this.deps.author();
    const now = new Date().toISOString();
    const feature = newDrawnFeature(storableGeometry(s.geometry), { ...kindDefaults(target.kind), ...properties, ...target.fixed }, by, now);
    let cs: Changeset;
    let layer = layerId;
    if (layerId) cs = createFeatureChangeset(layerId, feature, by, now);
    else {
      const order = Math.max(0, ...useUi.getState().layers.map((l) => l.order)) + 1;
      const name = i18next.t(`draw:defaultLayers.${target.defaultLayer}`);
      cs = newLayerChangeset({
        name,
        kind: target.kind,
        ...(target.role ? { role: target.role } : {}),
        owner: by.org,
        features: [feature],
        author: by,
        now,
        order,
        marking: newLayerMarking(),
        summary: changeSummary('draw', { name: String(feature.properties.name ?? name) }),
      });
      const put = cs.ops[0];
      layer = put?.op === 'putLayer' ? put.layer.id : null;
    }
    if (!(await this.deps.apply(cs)) || !layer) return false;
    this.cancel();
    await this.deps.select({ layerId: layer, featureId: feature.id });
    return true;
  }

  /** The layers a new feature of the current tool can go to (none: a new layer is made). */
  targetLayers(): { id: string; name: string }[] {
    const s = this.state;
    if (!s || !isCreateTool(s.tool)) return [];
    const target = drawTarget(s.tool, s.pointKind);
    return useUi
      .getState()
      // A layer the hub shares read-only takes no new features from here.
      .layers.filter((l) => fitsTarget(target, l) && l.hub?.writable !== false)
      .sort((a, b) => b.order - a.order)
      .map((l) => ({ id: l.id, name: l.name }));
  }

  // ---- editing existing features ----

  /** "Edit shape" on the selected feature. Returns what is wrong, or null. */
  startEdit(ref: FeatureRef, feature: CgFeature): Message | null {
    const controller = this.deps.controller();
    if (!controller) return null;
    if (!editableShape(feature.geometry)) return msg('draw:errors.notEditable');
    const error = controller.startEdit(feature.geometry, { changed: (g) => this.set({ geometry: g }) });
    if (error) return error;
    useDraw.setState({
      draw: { tool: 'edit', pointKind: 'humanitarian', stage: 'edit', vertices: [], live: null, geometry: feature.geometry, centre: null, radiiM: [], target: ref, error: null },
    });
    return null;
  }

  async saveEdit(): Promise<void> {
    const s = this.state;
    const controller = this.deps.controller();
    const feature = useUi.getState().selectedFeature;
    const geometry = controller?.editedGeometry();
    if (!s?.target || !feature || feature.id !== s.target.featureId || !geometry) return this.cancel();
    const cs = geometryUpdateChangeset(s.target.layerId, feature, storableGeometry(geometry), this.deps.author(), new Date().toISOString());
    if (await this.deps.apply(cs)) this.cancel();
  }

  /** "Split": the next click on the map splits the selected line there. */
  startSplit(ref: FeatureRef): void {
    this.start('split');
    this.set({ target: ref });
  }

  /** "Merge with…": the next click on the map picks the feature of the same layer to merge in. */
  startMerge(ref: FeatureRef): void {
    this.start('merge');
    this.set({ target: ref });
  }

  private async mergeAt(s: DrawState, at: Position): Promise<void> {
    const controller = this.deps.controller();
    const keep = useUi.getState().selectedFeature;
    if (!s.target || !controller || !keep) return this.cancel();
    const otherId = controller.featureIdsAt(at[0] ?? 0, at[1] ?? 0, s.target.layerId).find((id) => id !== keep.id);
    const other = otherId ? await this.deps.getFeature(s.target.layerId, otherId) : undefined;
    if (!other) {
      this.set({ error: msg('draw:errors.noMergeTarget') });
      return this.sketch();
    }
    const r = mergeFeaturesChangeset(s.target.layerId, keep, other, this.deps.author(), new Date().toISOString());
    if (!r.ok) {
      this.set({ error: r.error });
      return this.sketch();
    }
    if (await this.deps.apply(r.changeset)) this.cancel();
  }

  // ---- measurement results ----

  /** Saves what was measured as a new reference layer (rings, buffer, measured line or area). */
  async saveAsLayer(name: string): Promise<boolean> {
    const features = this.resultFeatures();
    if (!features.length) return false;
    const by = this.deps.author();
    const now = new Date().toISOString();
    const order = Math.max(0, ...useUi.getState().layers.map((l) => l.order)) + 1;
    const stored = features.map(({ geometry, properties }) => newDrawnFeature(storableGeometry(geometry), properties, by, now));
    const cs = newLayerChangeset({ name, kind: 'reference', owner: by.org, features: stored, author: by, now, order, marking: newLayerMarking(), summary: changeSummary('saveMeasurement', { name }) });
    if (!(await this.deps.apply(cs))) return false;
    this.cancel();
    return true;
  }

  /** The features a measurement would be saved as, with their measures as attributes. */
  resultFeatures(): { geometry: Geometry; properties: FeatureProperties }[] {
    const s = this.state;
    if (!s) return [];
    const lang = this.deps.lang();
    if (s.tool === 'rings' && s.centre) {
      return rangeRings(s.centre, s.radiiM).map((r) => ({ geometry: r.geometry, properties: { name: `Range ring ${formatLength(r.properties.radiusM, lang)}`, radiusM: r.properties.radiusM } }));
    }
    if (s.tool === 'buffer' && s.geometry && s.radiiM[0]) {
      const b = bufferGeometry(s.geometry, s.radiiM[0]);
      const name = useUi.getState().selectedFeature?.properties.name;
      return b ? [{ geometry: b, properties: { name: `Buffer ${formatLength(s.radiiM[0], lang)}${name ? ` ${String(name)}` : ''}`, radiusM: s.radiiM[0], areaM2: Math.round(areaM2(b)) } }] : [];
    }
    if (s.stage === 'result' && s.tool === 'distance' && s.geometry?.type === 'LineString') {
      const l = legs(s.geometry.coordinates);
      return [{ geometry: s.geometry, properties: { name: `Distance ${formatLength(l[l.length - 1]?.cumulativeM ?? 0, lang)}`, lengthM: Math.round(l[l.length - 1]?.cumulativeM ?? 0) } }];
    }
    if (s.stage === 'result' && s.tool === 'measure-area' && s.geometry?.type === 'Polygon') {
      return [{ geometry: s.geometry, properties: { name: `Area ${formatArea(areaM2(s.geometry), lang)}`, areaM2: Math.round(areaM2(s.geometry)) } }];
    }
    return [];
  }

  // ---------------------------------------------------------------------------------------------

  private sketch(): void {
    const s = this.state;
    const controller = this.deps.controller();
    const shape = s ? SKETCH_OF[s.tool] : null;
    if (!s || !controller || !shape) return;
    controller.startSketch(shape, {
      progress: (p) => {
        this.set({ vertices: p.vertices, live: p.geometry });
        if (this.state?.tool === 'distance') this.updateOverlay();
      },
      finished: (g) => void this.finished(g),
    });
  }

  private async finished(g: Point | LineString | Polygon): Promise<void> {
    const s = this.state;
    if (!s) return;
    if (s.tool === 'circle' || s.tool === 'rings') {
      // A click places (or moves) the centre; the user may click again until they finish.
      this.set({ centre: [g.coordinates[0] as number, g.coordinates[1] as number] as LngLat, error: null });
      this.sketch();
    } else if (s.tool === 'split') {
      const feature = useUi.getState().selectedFeature;
      if (!s.target || !feature || g.type !== 'Point') return this.cancel();
      const r = splitLineChangeset(s.target.layerId, feature, g.coordinates, this.deps.author(), new Date().toISOString());
      if (!r.ok) {
        this.set({ error: r.error });
        this.sketch();
        return;
      }
      if (await this.deps.apply(r.changeset)) this.cancel();
      return;
    } else if (s.tool === 'merge') {
      return this.mergeAt(s, g.coordinates as Position);
    } else if (MEASURE_TOOLS.includes(s.tool)) {
      this.set({ stage: 'result', geometry: g, live: null });
    } else {
      const target = isCreateTool(s.tool) ? drawTarget(s.tool, s.pointKind) : null;
      if (target && !KIND_GEOMETRIES[target.kind].includes(g.type)) {
        this.set({ error: msg('draw:errors.wrongGeometry', { kind: msg(`kindName.${target.kind}`), type: g.type }) });
        return;
      }
      this.set({ stage: 'form', geometry: g, live: null });
    }
    this.updateOverlay();
  }

  /** Redraws the overlay from the state: the draft shape, circles, rings, buffers and their labels. */
  private updateOverlay(): void {
    const s = this.state;
    const controller = this.deps.controller();
    if (!controller) return;
    if (!s) return controller.showOverlay(null);
    const lang = this.deps.lang();
    const out: Feature[] = [];
    if (s.stage === 'form' && s.geometry) out.push(overlayFeature(s.geometry, 'draft'));
    if (s.tool === 'circle' && s.stage === 'sketch' && s.centre) {
      out.push(overlayFeature({ type: 'Point', coordinates: s.centre }, 'draft'));
      const r = s.radiiM[0];
      if (r) out.push(overlayFeature(circlePolygon(s.centre, r), 'draft'), labelAt(destination(s.centre, 0, r), formatLength(r, lang), 'draft'));
    }
    if (s.tool === 'rings' && s.centre) {
      out.push(overlayFeature({ type: 'Point', coordinates: s.centre }, 'measure'));
      for (const ring of rangeRings(s.centre, s.radiiM)) {
        out.push(overlayFeature(ring.geometry, 'measure'), labelAt(destination(s.centre, 0, ring.properties.radiusM), formatLength(ring.properties.radiusM, lang), 'measure'));
      }
    }
    if (s.tool === 'buffer') for (const f of this.resultFeatures()) out.push(overlayFeature(f.geometry, 'measure', String(f.properties.name ?? '')));
    const line = s.tool === 'distance' ? (s.stage === 'result' ? s.geometry : s.live) : null;
    if (line?.type === 'LineString') {
      if (s.stage === 'result') out.push(overlayFeature(line, 'measure'));
      for (const leg of legs(line.coordinates)) {
        if (leg.distanceM === 0) continue;
        const mid = destination(leg.from, leg.bearingDeg, leg.distanceM / 2);
        out.push(labelAt(mid, `${formatLength(leg.distanceM, lang)} · ${formatBearing(leg.bearingDeg)}`, 'measure'));
      }
    }
    if (s.tool === 'measure-area' && s.stage === 'result' && s.geometry?.type === 'Polygon') {
      out.push(overlayFeature(s.geometry, 'measure'), labelAt(centroid(s.geometry).geometry.coordinates as LngLat, formatArea(areaM2(s.geometry), lang), 'measure'));
    }
    const fc: FeatureCollection = { type: 'FeatureCollection', features: out };
    controller.showOverlay(fc);
  }
}

function labelAt(p: LngLat, label: string, role: 'draft' | 'measure'): Feature {
  return overlayFeature({ type: 'Point', coordinates: p }, role, label) as Feature;
}

export function isCreateTool(tool: DrawTool): tool is CreateTool {
  return tool === 'route' || tool === 'area' || tool === 'circle' || tool === 'point';
}

export function isMeasureTool(tool: DrawTool): tool is MeasureTool {
  return MEASURE_TOOLS.includes(tool);
}
