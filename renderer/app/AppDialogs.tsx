import type { MapController } from '../map/map-controller';
import { DataExportDialog } from '../panels/DataExportDialog';
import { SharingDirectoryDialog } from '../panels/SharingDirectoryDialog';
import { closeDialog, openDialog, useDialogs } from '../state/dialog-store';
import { useFilters } from '../state/filters-store';
import { useUi } from '../state/ui-store';
import { AboutDialog } from './AboutDialog';
import { selectedIdsIn } from './data-export';
import { MapExport } from './MapExport';
import { SettingsDialog } from './SettingsDialog';
import type { Workspace } from './workspace';

/** The modal dialog the dialog store names, if any. */
export function AppDialogs({ workspace, map }: { workspace: Workspace; map: MapController | null }) {
  const dialog = useDialogs((s) => s.dialog);
  switch (dialog) {
    case 'about':
      return <AboutDialog platform={workspace.platform} onClose={closeDialog} />;
    case 'settings':
      return <SettingsDialog platform={workspace.platform} onClose={closeDialog} />;
    case 'sharing-directory':
      return <SharingDirectoryDialog platform={workspace.platform} notify={(tone, text) => workspace.notify(tone, text)} onClose={() => openDialog('settings')} />;
    case 'export-data':
      return <DataExport workspace={workspace} />;
    case 'export-map':
      return map ? <MapExport map={map} workspace={workspace} onClose={closeDialog} /> : null;
    case null:
      return null;
  }
}

function DataExport({ workspace }: { workspace: Workspace }) {
  const layers = useUi((s) => s.layers);
  const selectedLayerId = useUi((s) => s.selection?.layerId ?? null);
  const filteredCounts = useUi((s) => s.filteredCounts);
  const initialLayerId = useDialogs((s) => s.exportDataLayerId);
  return (
    <DataExportDialog
      layers={layers}
      initialLayerId={initialLayerId ?? selectedLayerId}
      filters={useFilters.getState()}
      filteredCounts={filteredCounts}
      selectedIdsIn={selectedIdsIn}
      onExport={(choice) => workspace.dataExport.run(choice)}
      onClose={closeDialog}
    />
  );
}
