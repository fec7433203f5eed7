import { isFiltering } from '../../shared/domain/filters';
import type { Extent } from '../../shared/domain/time-window';
import { useFilters } from '../state/filters-store';
import { useUi } from '../state/ui-store';
import type { StoreClient } from '../workers/store-client';

/** Kinds whose features carry dates the time window applies to. */
const DATED_KINDS = new Set(['incident', 'patrol']);

/**
 * Keeps the layer panel's counts and the time slider's extent in line with the filter store, by
 * asking the store worker. The map's filter comes from the same filter model (shared/domain/filters)
 * through the scene (map-sync.ts), so what is counted is what is drawn.
 */
export class FilterSync {
  private seq = 0;
  private extentKey = '';

  constructor(private readonly store: StoreClient) {}

  start(): () => void {
    const offFilters = useFilters.subscribe((s, prev) => {
      if (s.window !== prev.window || s.byLayer !== prev.byLayer) void this.sync();
    });
    const offUi = useUi.subscribe((s, prev) => {
      if (s.layers !== prev.layers || s.dataVersions !== prev.dataVersions || s.ready !== prev.ready) void this.sync();
    });
    void this.sync();
    return () => {
      offFilters();
      offUi();
    };
  }

  async sync(): Promise<void> {
    const seq = ++this.seq;
    const { layers, dataVersions } = useUi.getState();
    if (!useUi.getState().ready) return;
    useFilters.getState().pruneLayers(layers.map((l) => l.id));
    const { window, byLayer } = useFilters.getState();

    const counts: Record<string, number> = {};
    await Promise.all(
      layers
        .filter((l) => isFiltering(l.kind, byLayer[l.id], window))
        .map(async (l) => {
          counts[l.id] = await this.store.countFiltered(l.id, { kind: l.kind, filter: byLayer[l.id] ?? null, window });
        }),
    );
    if (seq !== this.seq) return;
    useUi.setState({ filteredCounts: counts });

    // The slider's span only moves when dated layers or their data change, not with the window.
    const dated = layers.filter((l) => DATED_KINDS.has(l.kind) && l.visible);
    const key = dated.map((l) => `${l.id}:${dataVersions[l.id] ?? 0}`).join('|');
    if (key === this.extentKey) return;
    this.extentKey = key;
    const extents = await Promise.all(dated.map((l) => this.store.dateExtent(l.id, l.kind)));
    if (seq !== this.seq) {
      this.extentKey = '';
      return;
    }
    useUi.setState({ timeExtent: unionExtent(extents) });
  }
}

function unionExtent(extents: (Extent | null)[]): Extent | null {
  const known = extents.filter((e): e is Extent => e !== null);
  if (!known.length) return null;
  return known.reduce((a, e) => ({ min: e.min < a.min ? e.min : a.min, max: e.max > a.max ? e.max : a.max }));
}
