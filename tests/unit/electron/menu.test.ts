import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, MENU_LABELS, menuLanguage, type MenuOptions } from '../../../electron/main/menu';
import { MENU_COMMANDS, type MenuCommand } from '../../../shared/ipc/contract';

function build(overrides: Partial<MenuOptions> = {}) {
  const send = vi.fn<(command: MenuCommand) => void>();
  const template = buildMenuTemplate({ locale: 'en-US', isPackaged: true, platform: 'linux', send, ...overrides });
  return { template, send };
}

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? items(item.submenu) : [])]);
}

function click(item: MenuItemConstructorOptions | undefined): void {
  if (!item?.click) throw new Error(`menu item ${item?.label ?? '?'} has no click`);
  // Electron passes (menuItem, window, event); the handlers ignore them.
  (item.click as () => void)();
}

describe('application menu', () => {
  it('has File, Edit, View and Help in English', () => {
    expect(build().template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
  });

  it('uses French labels for French locales', () => {
    for (const locale of ['fr', 'fr-FR', 'fr-CA', 'FR-be']) {
      const { template } = build({ locale });
      expect(template.map((m) => m.label)).toEqual(['&Fichier', '&Édition', '&Affichage', '&Aide']);
      expect(items(template).some((i) => i.label === 'Importer…')).toBe(true);
    }
    expect(menuLanguage('de-DE')).toBe('en');
    expect(menuLanguage('en-GB')).toBe('en');
  });

  it('has the same label keys in every language', () => {
    expect(Object.keys(MENU_LABELS.fr).sort()).toEqual(Object.keys(MENU_LABELS.en).sort());
  });

  it('sends every menu command from some item, and only those', () => {
    const { template, send } = build({ isPackaged: false });
    for (const item of items(template)) if (item.click) click(item);
    expect(send.mock.calls.map(([command]) => command).sort()).toEqual([...MENU_COMMANDS].sort());
  });

  it('wires import and the two exports to Ctrl/Cmd+O, Ctrl/Cmd+E and Ctrl/Cmd+Shift+E', () => {
    const { template, send } = build();
    const importItem = items(template).find((i) => i.label === 'Import…');
    expect(importItem?.accelerator).toBe('CmdOrCtrl+O');
    expect(items(template).find((i) => i.label === 'Export Map…')?.accelerator).toBe('CmdOrCtrl+E');
    expect(items(template).find((i) => i.label === 'Export Data…')?.accelerator).toBe('CmdOrCtrl+Shift+E');
    click(importItem);
    expect(send).toHaveBeenCalledWith('import');
  });

  it('keeps the standard clipboard roles and Quit', () => {
    const roles = items(build().template).map((i) => i.role).filter(Boolean);
    expect(roles).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'selectAll', 'quit']));
  });

  it('offers developer tools only when not packaged', () => {
    expect(items(build({ isPackaged: true }).template).some((i) => i.role === 'toggleDevTools')).toBe(false);
    expect(items(build({ isPackaged: false }).template).some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('follows macOS conventions there', () => {
    const { template } = build({ platform: 'darwin' });
    expect(template[0]?.role).toBe('appMenu');
    expect(items(template).some((i) => i.role === 'quit')).toBe(false);
  });
});
