import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MapView } from '../map/MapView';
import { CoordinateReadout } from '../map/CoordinateReadout';
import type { MapController } from '../map/map-controller';
import { LayerPanel } from '../panels/LayerPanel';
import { ImportDialog } from '../panels/ImportDialog';
import { Inspector } from '../panels/Inspector';
import { readFiles } from '../platform';
import { useMarkingScheme, useSettings } from '../state/settings';
import { useUi } from '../state/ui-store';
import { actionForKey, runAction } from './actions';
import { DropZone } from './DropZone';
import { Notices } from './Notices';
import { TopBar } from './TopBar';
import { MapTools } from './MapTools';
import { TimeBar } from './TimeBar';
import { AboutDialog } from './AboutDialog';
import { SettingsDialog } from './SettingsDialog';
import type { Workspace } from './workspace';
import { installTestHook } from './test-hook';
import { startDisplaySync } from './display-sync';
import { Legend } from '../panels/Legend';
import { SharingDirectoryDialog } from '../panels/SharingDirectoryDialog';
import { contentClassification } from '../../shared/domain/feature-marking';
import { DrawToolbar } from '../panels/DrawToolbar';
import { BasemapControl } from './BasemapControl';
import { z } from 'zod';
import { DataExportDialog } from '../panels/DataExportDialog';
import { useFilters } from '../state/filters-store';
import { selectedIdsIn } from './data-export';
import { AnalysisPanel } from '../panels/AnalysisPanel';
import { analysisFor } from './analysis-service';
import { useAnalysis } from '../state/analysis-store';
import '../panels/analysis.css';
import { MapExport } from './MapExport';
import { ConflictsPanel } from '../panels/ConflictsPanel';
import { PackageOpenDialog } from '../panels/PackageOpenDialog';
import { SharePackageDialog } from '../panels/SharePackageDialog';
import { usePackages } from '../state/package-store';
import { useConflicts } from '../state/conflicts-store';

export function App({ workspace }: { workspace: Workspace }) {
  const { i18n } = useTranslation();
  const scheme = useMarkingScheme();
  const ui = useUi();
  const language = useSettings((s) => s.language);
  const layerPanelOpen = useSettings((s) => s.layerPanelOpen);
  const coordFormat = useSettings((s) => s.coordFormat);
  // Read once: the map restores it at start and then owns the view.
  const [initialView] = useState(() => useSettings.getState().view ?? undefined);
  const [map, setMap] = useState<MapController | null>(null);
  const mapRef = useRef<MapController | null>(null);
  const analysisOpen = useAnalysis((s) => s.open);
  const conflictsOpen = useConflicts((s) => s.open);
  const openPackage = usePackages((s) => s.open);
  const share = usePackages((s) => s.share);

  useEffect(() => analysisFor(workspace).attachMap(map), [map, workspace]);

  useEffect(() => {
    mapRef.current = map;
    workspace.attachMap(map);
    const removeHook = map && new URLSearchParams(location.search).has('e2e') ? installTestHook(map) : null;
    const stopDisplay = map ? startDisplaySync(() => map) : null;
    return () => {
      stopDisplay?.();
      removeHook?.();
      workspace.attachMap(null);
    };
  }, [map, workspace]);

  useEffect(() => {
    const lang = language ?? (i18n.language === 'fr' ? 'fr' : 'en');
    if (i18n.language !== lang) void i18n.changeLanguage(lang);
    document.documentElement.lang = lang;
    z.config(lang === 'fr' ? z.locales.fr() : z.locales.en());
  }, [language, i18n]);

  useEffect(() => workspace.platform.onMenuCommand((cmd) => runAction(cmd, workspace, mapRef.current)), [workspace]);

  useEffect(() => {
    // In Electron the menu's accelerators already deliver these; the web build needs its own.
    if (workspace.platform.kind !== 'web') return;
    const onKey = (e: KeyboardEvent) => {
      const id = actionForKey(e);
      if (!id) return;
      e.preventDefault();
      runAction(id, workspace, mapRef.current);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [workspace]);

  const onDrop = useCallback(
    (files: File[]) => {
      void readFiles(files).then(async (r) => {
        for (const err of r.errors) workspace.notify('error', i18n.t('import.fileError', { file: err.name, reason: err.message }));
        await workspace.imports.inspectFiles(r.files);
      });
    },
    [workspace, i18n],
  );

  const onViewChange = useCallback((view: { center: [number, number]; zoom: number; bearing: number }) => useSettings.getState().update({ view }), []);
  const onCursor = useCallback((p: { lng: number; lat: number } | null) => useUi.setState({ cursor: p }), []);
  const onFeatureClick = useCallback((ref: { layerId: string; featureId: string } | null) => void workspace.select(ref), [workspace]);
  const lang = i18n.language === 'fr' ? 'fr' : 'en';

  return (
    <div className="app">
      <TopBar workspace={workspace} undo={ui.undo} />
      <div className="main">
        {layerPanelOpen && <LayerPanel workspace={workspace} layers={ui.layers} />}
        <div className="map-column">
          <div className="map-area">
            <MapView
              baseUrl={new URL('./', document.baseURI).href}
              lang={lang}
              initialView={initialView}
              onViewChange={onViewChange}
              onReady={setMap}
              onCursor={onCursor}
              onFeatureClick={onFeatureClick}
            />
            <MapTools workspace={workspace} />
            <DrawToolbar flow={workspace.draw} />
            <CoordinateReadout
              position={ui.cursor}
              format={coordFormat}
              onFormatChange={(f) => useSettings.getState().update({ coordFormat: f })}
            />
            <Legend layers={ui.layers} classification={contentClassification(ui.layers, scheme)} />
            <BasemapControl workspace={workspace} map={map} />
            {!ui.ready && <div className="map-loading">{i18n.t('status.loading')}</div>}
          </div>
          {ui.timeExtent && <TimeBar extent={ui.timeExtent} />}
        </div>
        {analysisOpen && <AnalysisPanel workspace={workspace} onClose={() => useAnalysis.setState({ open: false })} />}
        {conflictsOpen && <ConflictsPanel workspace={workspace} />}
        {ui.selection && <Inspector workspace={workspace} />}
      </div>
      {ui.importSession && <ImportDialog imports={workspace.imports} session={ui.importSession} layers={ui.layers} />}
      {ui.dialog === 'about' && <AboutDialog platform={workspace.platform} onClose={() => useUi.setState({ dialog: null })} />}
      {ui.dialog === 'settings' && <SettingsDialog platform={workspace.platform} onClose={() => useUi.setState({ dialog: null })} />}
      {ui.dialog === 'sharing-directory' && (
        <SharingDirectoryDialog platform={workspace.platform} notify={(tone, text) => workspace.notify(tone, text)} onClose={() => useUi.setState({ dialog: 'settings' })} />
      )}
      {ui.dialog === 'export-data' && (
        <DataExportDialog
          layers={ui.layers}
          initialLayerId={ui.exportDataLayerId ?? ui.selection?.layerId ?? null}
          filters={useFilters.getState()}
          filteredCounts={ui.filteredCounts}
          selectedIdsIn={selectedIdsIn}
          onExport={(choice) => workspace.dataExport.run(choice)}
          onClose={() => useUi.setState({ dialog: null, exportDataLayerId: null })}
        />
      )}
      {ui.dialog === 'export-map' && map && <MapExport map={map} workspace={workspace} onClose={() => useUi.setState({ dialog: null })} />}
      {openPackage && <PackageOpenDialog flow={workspace.packages} open={openPackage} />}
      {share && <SharePackageDialog flow={workspace.packages} share={share} />}
      <DropZone onFiles={onDrop} />
      <Notices notices={ui.notices} onDismiss={(id) => workspace.dismiss(id)} />
    </div>
  );
}
