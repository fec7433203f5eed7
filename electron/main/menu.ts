import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/ipc/contract';

type LabelKey =
  | 'file' | 'import' | 'export' | 'exportData' | 'sharePackage' | 'quit'
  | 'edit' | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll'
  | 'view' | 'zoomIn' | 'zoomOut' | 'resetNorth' | 'toggleLayers' | 'toggleAnalysis' | 'devTools'
  | 'help' | 'about';

export type MenuLanguage = 'en' | 'fr';

/** The main process's only user-visible strings; everything else is the renderer's i18n. */
export const MENU_LABELS: Readonly<Record<MenuLanguage, Readonly<Record<LabelKey, string>>>> = {
  en: {
    file: '&File',
    import: 'Import…',
    export: 'Export Map…',
    exportData: 'Export Data…',
    sharePackage: 'Share Package…',
    quit: 'Quit',
    edit: '&Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    view: '&View',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    resetNorth: 'Reset North',
    toggleLayers: 'Toggle Layer Panel',
    toggleAnalysis: 'Analyses',
    devTools: 'Toggle Developer Tools',
    help: '&Help',
    about: 'About Common Ground',
  },
  fr: {
    file: '&Fichier',
    import: 'Importer…',
    export: 'Exporter la carte…',
    exportData: 'Exporter les données…',
    sharePackage: 'Partager un paquet…',
    quit: 'Quitter',
    edit: '&Édition',
    undo: 'Annuler',
    redo: 'Rétablir',
    cut: 'Couper',
    copy: 'Copier',
    paste: 'Coller',
    selectAll: 'Tout sélectionner',
    view: '&Affichage',
    zoomIn: 'Zoom avant',
    zoomOut: 'Zoom arrière',
    resetNorth: 'Réorienter vers le nord',
    toggleLayers: 'Afficher/masquer le panneau des couches',
    toggleAnalysis: 'Analyses',
    devTools: 'Outils de développement',
    help: '&Aide',
    about: 'À propos de Common Ground',
  },
};

export function menuLanguage(locale: string): MenuLanguage {
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export interface MenuOptions {
  /** app.getLocale() */
  locale: string;
  /** Developer tools are offered only in unpackaged (development) runs. */
  isPackaged: boolean;
  platform: NodeJS.Platform;
  /** Delivers a command to the renderer of the focused window. */
  send(command: MenuCommand): void;
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const label = MENU_LABELS[menuLanguage(options.locale)];
  const isMac = options.platform === 'darwin';
  const command = (key: LabelKey, cmd: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label: label[key],
    ...(accelerator ? { accelerator } : {}),
    click: () => options.send(cmd),
  });

  const file: MenuItemConstructorOptions = {
    label: label.file,
    submenu: [
      command('import', 'import', 'CmdOrCtrl+O'),
      command('export', 'export', 'CmdOrCtrl+E'),
      command('exportData', 'export-data', 'CmdOrCtrl+Shift+E'),
      command('sharePackage', 'share-package', 'CmdOrCtrl+Shift+S'),
      { type: 'separator' },
      // macOS keeps Quit in the application menu; a second one in File would be out of place.
      isMac ? { role: 'close' } : { role: 'quit', label: label.quit },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: label.edit,
    submenu: [
      command('undo', 'undo', 'CmdOrCtrl+Z'),
      command('redo', 'redo', options.platform === 'win32' ? 'Ctrl+Y' : 'Shift+CmdOrCtrl+Z'),
      { type: 'separator' },
      { role: 'cut', label: label.cut },
      { role: 'copy', label: label.copy },
      { role: 'paste', label: label.paste },
      { role: 'selectAll', label: label.selectAll },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: label.view,
    submenu: [
      // These replace Chromium's page zoom on the same keys: the map zooms, not the UI.
      command('zoomIn', 'zoom-in', 'CmdOrCtrl+='),
      command('zoomOut', 'zoom-out', 'CmdOrCtrl+-'),
      command('resetNorth', 'reset-north'),
      command('toggleLayers', 'toggle-layers', 'CmdOrCtrl+L'),
      command('toggleAnalysis', 'toggle-analysis'),
      ...(options.isPackaged
        ? []
        : [{ type: 'separator' } as const, { role: 'toggleDevTools', label: label.devTools } as const]),
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: label.help,
    submenu: [command('about', 'about')],
  };
  return [...(isMac ? [{ role: 'appMenu' } as const] : []), file, edit, view, help];
}
