import type { MenuCommand } from '../../shared/ipc/contract';
import type { Workspace } from './workspace';
import { useSettings } from '../state/settings';
import { useUi } from '../state/ui-store';
import { openDialog } from '../state/dialog-store';
import { useAnalysis } from '../state/analysis-store';

/**
 * One definition per user action, serving the Electron menu (by command name), the keyboard
 * shortcut in the web build, and the toolbar button.
 */
export interface ActionDef {
  id: MenuCommand;
  labelKey: string;
  /** Shortcut as `mod+key`, where mod is Ctrl, or Cmd on macOS. */
  shortcut?: string;
  enabled?(): boolean;
  run(ws: Workspace, map: MapCommands | null): void;
}

export interface MapCommands {
  zoomIn(): void;
  zoomOut(): void;
  resetNorth(): void;
}

export const ACTIONS: readonly ActionDef[] = [
  { id: 'import', labelKey: 'actions.import', shortcut: 'mod+o', run: (ws) => void ws.imports.chooseAndImport() },
  { id: 'export', labelKey: 'actions.export', shortcut: 'mod+e', run: () => openDialog('export-map') },
  {
    id: 'export-data',
    labelKey: 'actions.exportData',
    shortcut: 'mod+shift+e',
    enabled: () => useUi.getState().layers.length > 0,
    run: () => openDialog('export-data'),
  },
  {
    id: 'share-package',
    labelKey: 'package:action',
    shortcut: 'mod+shift+s',
    enabled: () => useUi.getState().layers.length > 0,
    run: (ws) => ws.packages.startShare(),
  },
  { id: 'undo', labelKey: 'actions.undo', shortcut: 'mod+z', enabled: () => useUi.getState().undo.canUndo, run: (ws) => void ws.undo() },
  { id: 'redo', labelKey: 'actions.redo', shortcut: 'mod+shift+z', enabled: () => useUi.getState().undo.canRedo, run: (ws) => void ws.redo() },
  { id: 'zoom-in', labelKey: 'actions.zoomIn', run: (_ws, map) => map?.zoomIn() },
  { id: 'zoom-out', labelKey: 'actions.zoomOut', run: (_ws, map) => map?.zoomOut() },
  { id: 'reset-north', labelKey: 'actions.resetNorth', run: (_ws, map) => map?.resetNorth() },
  {
    id: 'toggle-layers',
    labelKey: 'actions.toggleLayers',
    shortcut: 'mod+l',
    run: () => useSettings.getState().update({ layerPanelOpen: !useSettings.getState().layerPanelOpen }),
  },
  { id: 'toggle-analysis', labelKey: 'analysis:open', run: () => useAnalysis.setState({ open: !useAnalysis.getState().open }) },
  { id: 'about', labelKey: 'actions.about', run: () => openDialog('about') },
];

export function runAction(id: MenuCommand, ws: Workspace, map: MapCommands | null): void {
  // The menu's Ctrl+Z reaches us even while the user types; then it is the field's own undo.
  if ((id === 'undo' || id === 'redo') && isEditable(document.activeElement)) {
    document.execCommand(id);
    return;
  }
  const action = ACTIONS.find((a) => a.id === id);
  if (action && (action.enabled?.() ?? true)) action.run(ws, map);
}

function isEditable(el: Element | null): boolean {
  return el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/** Maps a keydown to an action id, ignoring keys typed into form fields. */
export function actionForKey(e: KeyboardEvent): MenuCommand | null {
  if (isEditable(e.target as Element | null)) return null;
  if (!(e.ctrlKey || e.metaKey)) return null;
  const combo = `mod+${e.shiftKey ? 'shift+' : ''}${e.key.toLowerCase()}`;
  return ACTIONS.find((a) => a.shortcut === combo)?.id ?? null;
}
