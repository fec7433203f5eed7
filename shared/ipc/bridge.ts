/**
 * The plain constants of the bridge, kept apart from the zod schemas in contract.ts so the
 * sandboxed preload can import them without bundling zod.
 */
/** Commands the main process's menu sends to the renderer (one-way). */
export const MENU_COMMANDS = [
  'import',
  'export',
  'export-data',
  'share-package',
  'zoom-in',
  'zoom-out',
  'reset-north',
  'toggle-layers',
  'toggle-analysis',
  'undo',
  'redo',
  'about',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
export const MENU_CHANNEL = 'menu:command';

/** One bridge function per channel: the preload builds each from this table. */
export const BRIDGE_FUNCTIONS = {
  openFiles: 'file:open',
  saveFile: 'file:save',
  appInfo: 'app:info',
  openExternal: 'shell:open-external',
  setOnlineOrigins: 'basemaps:set-online-origins',
  setHubOrigin: 'hub:set-origin',
} as const;
export type BridgeFunction = keyof typeof BRIDGE_FUNCTIONS;

export const BRIDGE_GLOBAL = 'commonGround';
