import type { LineString, Point, Polygon, Position } from 'geojson';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTHOR, installMemoryStorage } from './fakes';

// Before the renderer's modules load: the persisted stores read localStorage when created.
installMemoryStorage();

const { DrawFlow } = await import('../../../renderer/app/draw-flow');
const { useDraw } = await import('../../../renderer/state/draw-store');
const { useUi, initialUiState } = await import('../../../renderer/state/ui-store');
const { haversineM } = await import('../../../shared/analysis/sphere');
const metres = (a: Position, b: Position) => haversineM(a[0] as number, a[1] as number, b[0] as number, b[1] as number);
type Changeset = import('../../../shared/domain/changeset').Changeset;
type SketchListener = import('../../../renderer/map/draw-controller').SketchListener;
type DrawController = import('../../../renderer/map/draw-controller').DrawController;

/** The map's sketching as the flow sees it: vertices placed by addVertex, Enter finishes the shape. */
class FakeDrawController {
  listener: SketchListener | null = null;
  shape: string | null = null;
  vertices: Position[] = [];
  overlays: unknown[] = [];
  startSketch(shape: string, listener: SketchListener) {
    this.shape = shape;
    this.listener = listener;
    this.vertices = [];
  }
  addVertex(lng: number, lat: number) {
    this.vertices.push([lng, lat]);
    this.listener?.progress({ shape: this.shape as 'linestring', vertices: [...this.vertices], geometry: null });
  }
  finishSketch() {
    const g: LineString | Polygon =
      this.shape === 'polygon' ? { type: 'Polygon', coordinates: [[...this.vertices, this.vertices[0] as Position]] } : { type: 'LineString', coordinates: this.vertices };
    this.listener?.finished(g);
  }
  click(lng: number, lat: number) {
    const p: Point = { type: 'Point', coordinates: [lng, lat] };
    this.listener?.finished(p);
  }
  stop() {
    this.listener = null;
  }
  showOverlay(fc: unknown) {
    this.overlays.push(fc);
  }
}

function setup() {
  const controller = new FakeDrawController();
  const applied: Changeset[] = [];
  const select = vi.fn(async () => {});
  const flow = new DrawFlow({
    controller: () => controller as unknown as DrawController,
    author: () => AUTHOR,
    apply: async (cs) => {
      applied.push(cs);
      return { summary: cs.summary, changedLayerIds: [], deletedLayerIds: [], conflictsChanged: false };
    },
    select,
    getFeature: async () => undefined,
    lang: () => 'en',
  });
  return { flow, controller, applied, select };
}

const layer = (id: string, kind: string, extra: Record<string, unknown> = {}) => ({ id, name: id, kind, order: 1, visible: true, featureCount: 0, ...extra }) as never;

describe('DrawFlow', () => {
  beforeEach(() => {
    useDraw.setState({ draw: null });
    useUi.setState(initialUiState);
  });

  it('draws a route from a typed vertex and a typed leg, and saves it as a new patrol layer in one changeset', async () => {
    const { flow, controller, applied, select } = setup();
    flow.start('route');
    expect(useDraw.getState().draw).toMatchObject({ tool: 'route', stage: 'sketch' });
    expect(flow.typeVertex('6.5N 21.9E')).toBeNull();
    expect(flow.typeVertex('090 10 km')).toBeNull();
    expect(controller.vertices).toHaveLength(2);
    expect(controller.vertices[0]).toEqual([21.9, 6.5]);
    expect(metres(controller.vertices[0] as Position, controller.vertices[1] as Position)).toBeCloseTo(10_000, -1);
    flow.finish();
    expect(useDraw.getState().draw).toMatchObject({ stage: 'form', geometry: { type: 'LineString' } });

    expect(await flow.commit({ name: 'Route Alpha' }, null)).toBe(true);
    expect(applied).toHaveLength(1);
    const cs = applied[0] as Changeset;
    expect(cs.summary).toEqual({ key: 'draw', params: { name: 'Route Alpha' } });
    const put = cs.ops.find((o) => o.op === 'putLayer');
    expect(put?.op === 'putLayer' && put.layer).toMatchObject({ kind: 'patrol', owner: 'joc' });
    const features = cs.ops.flatMap((o) => (o.op === 'putFeatures' ? o.features : []));
    expect(features).toHaveLength(1);
    expect(features[0]).toMatchObject({ geometry: { type: 'LineString' }, properties: { name: 'Route Alpha', createdBy: 'Duty Officer', version: 1 } });
    expect(select).toHaveBeenCalledWith({ layerId: put?.op === 'putLayer' ? put.layer.id : '', featureId: features[0]?.id });
    expect(useDraw.getState().draw).toBeNull();
  });

  it('says what is wrong with a typed vertex and places nothing', () => {
    const { flow, controller } = setup();
    flow.start('route');
    expect(flow.typeVertex('090 10 km')).toEqual({ code: 'draw:errors.needFirstVertex' });
    expect(flow.typeVertex('north of the river')?.code).toBeTruthy();
    expect(controller.vertices).toEqual([]);
  });

  it('turns a typed centre and radius into a circle saved into an existing layer', async () => {
    const { flow, applied } = setup();
    useUi.setState({ layers: [layer('patrols-1', 'patrol')] });
    flow.start('circle');
    expect(flow.typeVertex('6.5N 21.9E')).toBeNull();
    expect(flow.typeRadius('two km')?.code).toBeTruthy();
    expect(flow.typeRadius('2 km')).toBeNull();
    flow.finish();
    const s = useDraw.getState().draw;
    expect(s?.stage).toBe('form');
    expect(s?.geometry?.type).toBe('Polygon');
    expect(flow.targetLayers()).toEqual([{ id: 'patrols-1', name: 'patrols-1' }]);
    expect(await flow.commit({ name: 'Cordon' }, 'patrols-1')).toBe(true);
    const cs = applied[0] as Changeset;
    expect(cs.ops.map((o) => o.op)).toEqual(['putFeatures']);
    const ring = (cs.ops[0]?.op === 'putFeatures' ? cs.ops[0].features[0]?.geometry : null) as Polygon;
    for (const p of ring.coordinates[0] ?? []) expect(metres([21.9, 6.5], p)).toBeCloseTo(2000, -1);
  });

  it('offers a checkpoint only the layer with the checkpoints role, not any reference layer', () => {
    const { flow } = setup();
    useUi.setState({ layers: [layer('ref', 'reference'), layer('cp', 'reference', { role: 'checkpoints' })] });
    flow.start('point', 'checkpoint');
    expect(flow.targetLayers().map((l) => l.id)).toEqual(['cp']);
    flow.setPointKind('ddr');
    expect(flow.targetLayers()).toEqual([]);
  });

  it('never offers a layer the hub shares read-only: a site drawn at the Force goes to a layer it may write', () => {
    const { flow } = setup();
    useUi.setState({
      layers: [
        layer('ocha-sites', 'humanitarian', { hub: { ownerOrg: 'ocha', contributors: [], writable: false } }),
        layer('shared-sites', 'humanitarian', { hub: { ownerOrg: 'ocha', contributors: ['force'], writable: true } }),
      ],
    });
    flow.start('point', 'humanitarian');
    expect(flow.targetLayers().map((l) => l.id)).toEqual(['shared-sites']);
  });

  it('refuses a drawn shape of the wrong geometry for the kind and stays in the sketch', () => {
    const { flow, controller } = setup();
    flow.start('point', 'humanitarian');
    controller.vertices = [[0, 0], [1, 1]];
    controller.finishSketch();
    expect(useDraw.getState().draw).toMatchObject({ stage: 'sketch', error: { code: 'draw:errors.wrongGeometry' } });
  });

  it('measures a distance without storing anything', () => {
    const { flow, controller, applied } = setup();
    flow.start('distance');
    flow.typeVertex('6.5N 21.9E');
    flow.typeVertex('000 5 km');
    flow.finish();
    expect(useDraw.getState().draw).toMatchObject({ stage: 'result', geometry: { type: 'LineString' } });
    const last = controller.overlays.at(-1) as { features: { properties: { label?: string } }[] };
    expect(last.features.some((f) => f.properties.label)).toBe(true);
    expect(applied).toEqual([]);
  });

  it('a buffer without a selected feature says to select one first', () => {
    const { flow } = setup();
    flow.start('buffer');
    expect(useDraw.getState().draw).toMatchObject({ stage: 'result', error: { code: 'draw:errors.selectFirst' } });
  });
});
