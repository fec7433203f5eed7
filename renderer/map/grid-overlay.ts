import type * as maplibregl from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { GRID_LABELS_SOURCE, GRID_LAYERS, GRID_LINES_SOURCE, type GridMode } from '../../shared/layers/grid-style';
import { mgrsGrid } from '../../shared/geo/mgrs-grid';
import { graticule } from '../../shared/geo/graticule';
import { EMPTY_COLLECTION } from '../../shared/layers/map-scene';

/**
 * The reference grid drawn over the data (MGRS or a latitude/longitude graticule), computed for
 * the view after each move. Generating it takes tens of milliseconds at wide views, once per
 * move, so it runs here rather than in a worker for now. Its style layers are added on first use,
 * above the operational layers, as on a printed map.
 */
export class GridOverlay {
  private mode: GridMode = 'none';

  constructor(private readonly map: maplibregl.Map) {}

  get current(): GridMode {
    return this.mode;
  }

  /** Sets the mode and draws it; true when the grid's style layers were just added. */
  setMode(mode: GridMode): boolean {
    this.mode = mode;
    return this.update();
  }

  /** Draws the grid for the current view; true when its style layers were just added. */
  update(): boolean {
    let added = false;
    if (!this.map.getSource(GRID_LINES_SOURCE)) {
      if (this.mode === 'none') return false;
      this.map.addSource(GRID_LINES_SOURCE, { type: 'geojson', data: EMPTY_COLLECTION });
      this.map.addSource(GRID_LABELS_SOURCE, { type: 'geojson', data: EMPTY_COLLECTION });
      for (const spec of GRID_LAYERS) this.map.addLayer(spec);
      added = true;
    }
    const b = this.map.getBounds();
    const bbox: [number, number, number, number] = [b.getWest(), Math.max(-85, b.getSouth()), b.getEast(), Math.min(85, b.getNorth())];
    const zoom = this.map.getZoom();
    const data = this.mode === 'mgrs' ? mgrsGrid(bbox, zoom) : this.mode === 'graticule' ? graticule(bbox, zoom) : { lines: null, labels: null };
    this.map.getSource<maplibregl.GeoJSONSource>(GRID_LINES_SOURCE)?.setData((data.lines as FeatureCollection | null) ?? EMPTY_COLLECTION);
    this.map.getSource<maplibregl.GeoJSONSource>(GRID_LABELS_SOURCE)?.setData((data.labels as FeatureCollection | null) ?? EMPTY_COLLECTION);
    return added;
  }

  /** How many grid lines of each level are drawn now (for tests). */
  renderedLevels(): Record<string, number> {
    const ids = GRID_LAYERS.filter((l) => l.type === 'line').map((l) => l.id).filter((id) => this.map.getLayer(id));
    const out: Record<string, number> = {};
    for (const f of ids.length ? this.map.queryRenderedFeatures({ layers: ids }) : []) {
      const level = String((f.properties as Record<string, unknown>).level);
      out[level] = (out[level] ?? 0) + 1;
    }
    return out;
  }
}
