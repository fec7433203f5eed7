import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
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
import { useCursor } from '../state/cursor-store';
import { useImport } from '../state/import-store';
import { actionForKey, runAction } from './actions';
import { DropZone } from './DropZone';
import { Notices } from './Notices';
import { TopBar } from './TopBar';
import { MapTools } from './MapTools';
import { TimeBar } from './TimeBar';
import type { Workspace } from './workspace';
import { installTestHook } from './test-hook';
import { Profiled } from './render-profile';
import { AppDialogs } from './AppDialogs';
import { HubDialog } from '../hub/HubDialog';
import { useHub } from '../state/hub-settings';
import { Legend } from '../panels/Legend';
import { contentClassification } from '../../shared/domain/feature-marking';
import { DrawToolbar } from '../panels/DrawToolbar';
import { BasemapControl } from './BasemapControl';
import { z } from 'zod';
import { AnalysisPanel } from '../panels/AnalysisPanel';
import { useAnalysis } from '../state/analysis-store';
import '../panels/analysis.css';
import { ConflictsPanel } from '../panels/ConflictsPanel';
import { PackageOpenDialog } from '../panels/PackageOpenDialog';
import { SharePackageDialog } from '../panels/SharePackageDialog';
import { usePackages } from '../state/package-store';
import { useConflicts } from '../state/conflicts-store';

export function App({ workspace }: { workspace: Workspace }) {
  const { i18n } = useTranslation();
  const language = useSettings((s) => s.language);
  const layerPanelOpen = useSettings((s) => s.layerPanelOpen);
  // Read once: the map restores it at start and then owns the view.
  const [initialView] = useState(() => useSettings.getState().view ?? undefined);
  const [map, setMap] = useState<MapController | null>(null);
  const mapRef = useRef<MapController | null>(null);
  const analysisOpen = useAnalysis((s) => s.open);
  const conflictsOpen = useConflicts((s) => s.open);
  const openPackage = usePackages((s) => s.open);
  const share = usePackages((s) => s.share);

  useEffect(() => {
    mapRef.current = map;
    workspace.attachMap(map);
    const removeHook = map && new URLSearchParams(location.search).has('e2e') ? installTestHook(map, () => workspace.mapSettled()) : null;
    return () => {
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
        for (const err of r.errors) workspace.notify('error', () => i18n.t('import.fileError', { file: err.name, reason: err.message }));
        await workspace.imports.inspectFiles(r.files);
      });
    },
    [workspace, i18n],
  );

  const onViewChange = useCallback((view: { center: [number, number]; zoom: number; bearing: number }) => useSettings.getState().update({ view }), []);
  const onCursor = useCallback((p: { lng: number; lat: number } | null) => useCursor.setState({ position: p }), []);
  const onFeatureClick = useCallback((ref: { layerId: string; featureId: string } | null) => void workspace.select(ref), [workspace]);
  const lang = i18n.language === 'fr' ? 'fr' : 'en';

  return (
    <Profiled id="app">
      <div className="app">
        <Profiled id="top-bar">
          <TopBar workspace={workspace} />
        </Profiled>
        <div className="main">
          {layerPanelOpen && (
            <Profiled id="layer-panel">
              <Layers workspace={workspace} />
            </Profiled>
          )}
          <div className="map-column">
            <div className="map-area">
              <Profiled id="map-view">
                <MapView
                  baseUrl={new URL('./', document.baseURI).href}
                  lang={lang}
                  initialView={initialView}
                  onViewChange={onViewChange}
                  onReady={setMap}
                  onCursor={onCursor}
                  onFeatureClick={onFeatureClick}
                />
              </Profiled>
              <Profiled id="map-tools">
                <MapTools workspace={workspace} />
              </Profiled>
              <Profiled id="draw-toolbar">
                <DrawToolbar flow={workspace.draw} />
              </Profiled>
              <Profiled id="readout">
                <CoordinateReadout />
              </Profiled>
              <Profiled id="legend">
                <LayerLegend />
              </Profiled>
              <Profiled id="basemap-control">
                <BasemapControl workspace={workspace} />
              </Profiled>
              <Loading />
            </div>
            <Profiled id="time-bar">
              <TimeBar />
            </Profiled>
          </div>
          {analysisOpen && (
            <Profiled id="analysis">
              <AnalysisPanel workspace={workspace} onClose={() => useAnalysis.setState({ open: false })} />
            </Profiled>
          )}
          {conflictsOpen && <ConflictsPanel workspace={workspace} />}
          <Profiled id="inspector">
            <InspectorWhenSelected workspace={workspace} />
          </Profiled>
        </div>
        <Profiled id="dialogs">
          <Imports workspace={workspace} />
          <AppDialogs workspace={workspace} map={map} />
          <HubDialogWhenOpen workspace={workspace} />
          {openPackage && <PackageOpenDialog flow={workspace.packages} open={openPackage} />}
          {share && <SharePackageDialog flow={workspace.packages} share={share} />}
        </Profiled>
        <Profiled id="drop-zone">
          <DropZone onFiles={onDrop} />
        </Profiled>
        <Profiled id="notices">
          <Notices onDismiss={(id) => workspace.dismiss(id)} />
        </Profiled>
      </div>
    </Profiled>
  );
}

function Layers({ workspace }: { workspace: Workspace }) {
  const layers = useUi((s) => s.layers);
  return <LayerPanel workspace={workspace} layers={layers} />;
}

function LayerLegend() {
  const layers = useUi((s) => s.layers);
  const scheme = useMarkingScheme();
  const classification = useMemo(() => contentClassification(layers, scheme), [layers, scheme]);
  return <Legend layers={layers} classification={classification} />;
}

function Loading() {
  const { t } = useTranslation();
  const ready = useUi((s) => s.ready);
  return ready ? null : <div className="map-loading">{t('status.loading')}</div>;
}

function InspectorWhenSelected({ workspace }: { workspace: Workspace }) {
  const selected = useUi((s) => s.selection !== null);
  return selected ? <Inspector workspace={workspace} /> : null;
}

function Imports({ workspace }: { workspace: Workspace }) {
  const session = useImport((s) => s.session);
  const layers = useUi((s) => s.layers);
  return session ? <ImportDialog imports={workspace.imports} session={session} layers={layers} /> : null;
}

function HubDialogWhenOpen({ workspace }: { workspace: Workspace }) {
  const open = useHub((s) => s.open);
  return open ? <HubDialog hub={workspace.hub} /> : null;
}
