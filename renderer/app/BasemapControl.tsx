import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { buildOnlineSource } from '../../shared/basemaps/online-sources';
import type { MapController } from '../map/map-controller';
import { BasemapSwitcher, type BasemapChoice } from '../panels/BasemapSwitcher';
import { BUNDLED_ID, useBasemaps, type BasemapEntry } from '../state/basemaps-store';
import { openBasemapFile, removeBasemap, startBasemapSync } from './basemap-sync';
import type { Workspace } from './workspace';

/** Connects the basemap switcher to the basemaps store, the platform's file dialog and the map. */
export function BasemapControl({ workspace, map }: { workspace: Workspace; map: MapController | null }) {
  const { t } = useTranslation('basemaps');
  const { entries, selectedId, rasterOpacity } = useBasemaps();
  const notify = (tone: 'info' | 'error', text: string) => workspace.notify(tone, text);

  useEffect(() => (map ? startBasemapSync(map, workspace.platform, (tone, text) => workspace.notify(tone, text), t) : undefined), [map, workspace, t]);

  const choices: BasemapChoice[] = [
    { id: BUNDLED_ID, name: null, origin: 'bundled', kind: 'vector', removable: false },
    ...entries.map((e) => choiceOf(e, t('notKeptHint'))),
  ];
  return (
    <BasemapSwitcher
      choices={choices}
      selectedId={selectedId}
      rasterOpacity={rasterOpacity}
      onSelect={(id) => useBasemaps.getState().select(id)}
      onRemove={(id) => void removeBasemap(id)}
      onOpacity={(o) => useBasemaps.getState().setRasterOpacity(o)}
      onOpenFile={() => void openBasemapFile(workspace.platform, map, notify, t)}
      onAddOnline={(input) => {
        const result = buildOnlineSource(input);
        if (!result.ok) return result.problems;
        const { source } = result;
        // Added, not selected: nothing is fetched until the user picks it.
        useBasemaps.getState().add({
          id: `online-${crypto.randomUUID()}`,
          type: 'online',
          name: source.name,
          sourceType: source.type,
          tiles: source.tiles,
          attribution: source.attribution,
          origin: source.origin,
        });
        return [];
      }}
    />
  );
}

function choiceOf(e: BasemapEntry, notKeptHint: string): BasemapChoice {
  if (e.type === 'online') return { id: e.id, name: e.name, origin: 'online', kind: 'raster', detail: `${e.sourceType.toUpperCase()} · ${e.origin}`, removable: true };
  return { id: e.id, name: e.name, origin: 'file', kind: e.kind, detail: e.kept ? e.fileName : `${e.fileName} · ${notKeptHint}`, removable: true };
}
