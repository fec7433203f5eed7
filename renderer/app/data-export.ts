import { isFiltering } from '../../shared/domain/filters';
import type { ExportedFile } from '../../shared/io/export-layer';
import { getOutputFormat } from '../../shared/io/serialise';
import type { ExportScope } from '../db/export-scope';
import type { Platform } from '../platform';
import { useFilters } from '../state/filters-store';
import { useSelection } from '../state/selection-store';
import { useUi } from '../state/ui-store';
import type { StoreClient } from '../workers/store-client';

/**
 * The data export: one layer, in the scope the user chose, written by the store worker in a
 * format of shared/io/serialise and saved through the platform (atomic write in Electron, a
 * download in the web build). What could not be written comes back with the outcome.
 */

export type ScopeChoice = 'layer' | 'filtered' | 'selection';

export interface ExportChoice {
  layerId: string;
  scope: ScopeChoice;
  formatId: string;
  fileName: string;
}

export type ExportSummary = Omit<ExportedFile, 'data'> & { fileName: string };

export type ExportOutcome = { status: 'saved' | 'cancelled'; summary: ExportSummary } | { status: 'failed'; error: string };

/**
 * Ids of the layer's features in the multi-selection, or, when that has none in this layer, the
 * feature open in the inspector if it belongs to the layer.
 */
export function selectedIdsIn(layerId: string): string[] {
  const multi = useSelection
    .getState()
    .refs.filter((r) => r.layerId === layerId)
    .map((r) => r.featureId);
  if (multi.length) return multi;
  const single = useUi.getState().selection;
  return single && single.layerId === layerId ? [single.featureId] : [];
}

/** The scope the store worker understands, built from the same filter model as the map's filter. */
export function exportScope(layerId: string, choice: ScopeChoice): ExportScope {
  if (choice === 'selection') return { type: 'selection', featureIds: selectedIdsIn(layerId) };
  if (choice === 'filtered') {
    const layer = useUi.getState().layers.find((l) => l.id === layerId);
    const { byLayer, window } = useFilters.getState();
    if (layer && isFiltering(layer.kind, byLayer[layerId], window)) {
      return { type: 'filtered', query: { kind: layer.kind, filter: byLayer[layerId] ?? null, window } };
    }
  }
  return { type: 'layer' };
}

/** A name the save dialog and a download accept: no path separators, no characters Windows refuses. */
export function safeFileName(name: string, extension: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const base = name.replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '_').replace(/^[.\s]+|[.\s]+$/g, '').slice(0, 200) || 'export';
  return base.toLowerCase().endsWith(extension) ? base : `${base}${extension}`;
}

export class DataExportFlow {
  constructor(
    private readonly store: StoreClient,
    private readonly platform: Platform,
  ) {}

  async run(choice: ExportChoice): Promise<ExportOutcome> {
    const format = getOutputFormat(choice.formatId);
    if (!format) return { status: 'failed', error: `unknown format ${choice.formatId}` };
    let file: ExportedFile;
    try {
      file = await this.store.exportLayer(choice.layerId, exportScope(choice.layerId, choice.scope), choice.formatId);
    } catch (e) {
      return { status: 'failed', error: e instanceof Error ? e.message : String(e) };
    }
    const fileName = safeFileName(choice.fileName, format.extension);
    const { data, ...rest } = file;
    const summary: ExportSummary = { ...rest, fileName };
    try {
      const saved = await this.platform.saveFile({
        suggestedName: fileName,
        filters: [{ name: format.label, extensions: [format.extension.slice(1)] }],
        data,
        mimeType: format.mimeType,
      });
      return { status: saved ? 'saved' : 'cancelled', summary };
    } catch (e) {
      return { status: 'failed', error: e instanceof Error ? e.message : String(e) };
    }
  }
}
