import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { geometryBBox } from '../../shared/geo/bbox';
import type { MapController } from '../map/map-controller';
import { MapExportDialog, type ExtentChoice } from '../panels/MapExportDialog';
import { useDisplay } from '../state/display-store';
import { currentScheme, useSettings } from '../state/settings';
import { useUi } from '../state/ui-store';
import { useSelection } from '../state/selection-store';
import type { BBox } from '../../shared/io/types';
import { MapExporter, type ExportRequest, type ExportResult } from './map-export';
import type { Workspace } from './workspace';
import { contentClassification } from '../../shared/domain/feature-marking';

/** Wires the export dialog to the map, the stores and the platform's save dialog. */
export function MapExport({ map, workspace, onClose }: { map: MapController; workspace: Workspace; onClose(): void }) {
  const { t } = useTranslation('exportMap');
  const layers = useUi((s) => s.layers);
  const selected = useUi((s) => s.selectedFeature);
  const author = useSettings((s) => s.authorName);
  const org = useSettings((s) => s.authorOrg);
  const exporter = useMemo(
    () =>
      new MapExporter(
        map,
        () => useUi.getState().layers,
        () => useDisplay.getState().byLayer,
      ),
    [map],
  );

  // The multi-selection (box, lasso) comes first; without one, the feature open in the inspector.
  const picked = useSelection((s) => s.refs);
  const [pickedBox, setPickedBox] = useState<{ refs: typeof picked; box: BBox | null } | null>(null);
  useEffect(() => {
    if (picked.length === 0) return;
    let stale = false;
    void workspace.featuresBounds(picked).then((box) => {
      if (!stale) setPickedBox({ refs: picked, box });
    });
    return () => {
      stale = true;
    };
  }, [picked, workspace]);

  const extents = useMemo<ExtentChoice[]>(() => {
    const out: ExtentChoice[] = [{ id: 'screen', label: t('extent.screen'), bounds: null }];
    const multiBox = picked.length > 0 && pickedBox?.refs === picked ? pickedBox.box : null;
    const box = selected ? geometryBBox(selected.geometry) : null;
    if (multiBox) out.push({ id: 'selection', label: t('extent.selectionMany', { count: picked.length }), bounds: padded(multiBox) });
    else if (selected && box) out.push({ id: `selection:${selected.id}`, label: t('extent.selection', { name: selected.properties.name || selected.id }), bounds: padded(box) });
    for (const l of layers) if (l.bbox && l.featureCount > 0) out.push({ id: `layer:${l.id}`, label: t('extent.layer', { name: l.name }), bounds: padded(l.bbox) });
    return out;
  }, [layers, selected, picked, pickedBox, t]);

  const preview = useCallback((req: ExportRequest, canvas: HTMLCanvasElement, width: number) => exporter.preview(req, canvas, width), [exporter]);
  const run = useCallback(
    async (req: ExportRequest): Promise<ExportResult | null> => {
      const result = await exporter.export(req);
      return (await exporter.save(workspace.platform, result)) ? result : null;
    },
    [exporter, workspace],
  );
  const done = useCallback(
    (r: ExportResult) => {
      const asked = r.mapDpi;
      workspace.notify('info', () => (Math.round(asked) < 150 ? t('doneReduced', { file: r.fileName, dpi: Math.round(asked) }) : t('done', { file: r.fileName })));
      onClose();
    },
    [workspace, t, onClose],
  );
  // Read once when the dialog opens: the banner's default, and the level below which it warns.
  const [shown] = useState(() => contentClassification(useUi.getState().layers, currentScheme()));
  return <MapExportDialog extents={extents} author={author} organisation={org} contentClassification={shown} preview={preview} export={run} onDone={done} onClose={onClose} />;
}

/** A box with a 5 % margin (and at least ~100 m) so features on its edge are not cut by the frame. */
function padded([w, s, e, n]: [number, number, number, number]): [number, number, number, number] {
  const dx = Math.max((e - w) * 0.05, 0.001);
  const dy = Math.max((n - s) * 0.05, 0.001);
  return [Math.max(-180, w - dx), Math.max(-85, s - dy), Math.min(180, e + dx), Math.min(85, n + dy)];
}
