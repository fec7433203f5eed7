import type { MapController } from '../map/map-controller';
import { useDisplay, type DisplayState } from '../state/display-store';
import { useUi } from '../state/ui-store';

/**
 * Keeps the map's display modes (icons or heatmap per layer) in line with the display store: the
 * current choices at once, then every change. Kept apart from the workspace, which feeds the map
 * its data; the controller remembers a mode per layer id, so a layer added later picks it up.
 * Returns the unsubscribe function.
 */
export function startDisplaySync(getMap: () => MapController | null): () => void {
  const push = (state: DisplayState, previous: DisplayState | null): void => {
    const map = getMap();
    if (!map) return;
    for (const [layerId, mode] of Object.entries(state.byLayer)) map.setDisplayMode(layerId, mode);
    // A layer whose entry went away is back to the default.
    for (const layerId of Object.keys(previous?.byLayer ?? {})) if (!(layerId in state.byLayer)) map.setDisplayMode(layerId, 'points');
  };
  // Choices of deleted layers are dropped once the layer list is loaded (as the filters are).
  const prune = (): void => {
    const { ready, layers } = useUi.getState();
    if (ready) useDisplay.getState().pruneLayers(layers.map((l) => l.id));
  };
  prune();
  push(useDisplay.getState(), null);
  const offDisplay = useDisplay.subscribe((state, previous) => push(state, previous));
  const offUi = useUi.subscribe((s, prev) => {
    if (s.layers !== prev.layers || s.ready !== prev.ready) prune();
  });
  return () => {
    offDisplay();
    offUi();
  };
}
