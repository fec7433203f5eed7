import { useTranslation } from 'react-i18next';
import { buildOnlineSource } from '../../shared/basemaps/online-sources';
import { BasemapSwitcher, type BasemapChoice } from '../panels/BasemapSwitcher';
import { BUNDLED_ID, useBasemaps, type BasemapEntry } from '../state/basemaps-store';
import type { Workspace } from './workspace';

/** Connects the basemap switcher to the basemaps store and the workspace's basemap flow (files, removal). */
export function BasemapControl({ workspace }: { workspace: Workspace }) {
  const { t } = useTranslation('basemaps');
  const { entries, selectedId, rasterOpacity } = useBasemaps();

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
      onRemove={(id) => void workspace.basemaps.remove(id)}
      onOpacity={(o) => useBasemaps.getState().setRasterOpacity(o)}
      onOpenFile={() => void workspace.basemaps.openFile()}
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
