import { z } from 'zod';
import type { BRIDGE_FUNCTIONS, MenuCommand } from './bridge';
import { isSafeOrigin } from '../basemaps/online-sources';

/**
 * The one description of what crosses the Electron bridge. The preload builds one function
 * per channel from it; the main process validates every request against it before acting.
 */
const FileFilter = z.object({
  name: z.string().min(1).max(100),
  extensions: z.array(z.string().regex(/^[A-Za-z0-9*]{1,16}$/)).max(50),
});

/** Largest file the open dialog hands to the renderer; bigger files are refused by name. */
export const MAX_OPEN_BYTES = 512 * 1024 * 1024;
/** Largest payload the renderer may ask the main process to write. */
export const MAX_SAVE_BYTES = 1024 * 1024 * 1024;

export const OpenedFile = z.object({
  name: z.string(),
  bytes: z.instanceof(Uint8Array),
});
export type OpenedFile = z.infer<typeof OpenedFile>;

export const channels = {
  'file:open': {
    request: z
      .object({
        title: z.string().max(200).optional(),
        filters: z.array(FileFilter).max(20).default([]),
        multiple: z.boolean().default(false),
      })
      .strict(),
    response: z.object({
      files: z.array(OpenedFile),
      /** Files the user chose that could not be read, with the reason. */
      errors: z.array(z.object({ name: z.string(), message: z.string() })),
    }),
  },
  'file:save': {
    request: z
      .object({
        suggestedName: z
          .string()
          .min(1)
          .max(255)
          .refine((n) => !/[/\\]|^\.\.?$/.test(n), 'a file name, not a path'),
        filters: z.array(FileFilter).max(20).default([]),
        data: z.union([z.string(), z.instanceof(Uint8Array)]).refine(
          (d) => (typeof d === 'string' ? d.length * 3 : d.byteLength) <= MAX_SAVE_BYTES,
          'payload too large',
        ),
      })
      .strict(),
    response: z.object({ saved: z.boolean(), path: z.string().optional() }),
  },
  'app:info': {
    request: z.undefined(),
    response: z.object({
      name: z.string(),
      version: z.string(),
      electron: z.string(),
      chrome: z.string(),
      node: z.string(),
      platform: z.string(),
    }),
  },
  'shell:open-external': {
    request: z
      .object({
        url: z
          .string()
          .max(2048)
          .refine((u) => {
            try {
              return ['http:', 'https:'].includes(new URL(u).protocol);
            } catch {
              return false;
            }
          }, 'only http and https links open outside the app'),
      })
      .strict(),
    response: z.object({ opened: z.boolean() }),
  },
  /**
   * The origins of the online basemap sources the user added: the main process adds them (and
   * only them) to img-src/connect-src of the page's policy from the next page load on.
   */
  'basemaps:set-online-origins': {
    request: z
      .object({
        origins: z.array(z.string().max(300).refine(isSafeOrigin, 'an origin: scheme://host[:port]')).max(100),
      })
      .strict(),
    response: z.object({ origins: z.array(z.string()) }),
  },
  /**
   * The JOC hub's origin the user connects to (null: none): the main process adds it, and its
   * WebSocket twin, to connect-src of the page's policy from the next page load on.
   */
  'hub:set-origin': {
    request: z
      .object({ origin: z.string().max(300).refine(isSafeOrigin, 'an origin: scheme://host[:port]').nullable() })
      .strict(),
    response: z.object({ origin: z.string().nullable() }),
  },
} as const;

export type Channel = keyof typeof channels;
export type Req<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type Res<C extends Channel> = z.output<(typeof channels)[C]['response']>;

export { MENU_COMMANDS, MENU_CHANNEL, BRIDGE_FUNCTIONS, BRIDGE_GLOBAL, type MenuCommand, type BridgeFunction } from './bridge';

/** Fails to compile if a bridge function names a channel the contract lacks. */
export type _BridgeChannelsExist = (typeof BRIDGE_FUNCTIONS)[keyof typeof BRIDGE_FUNCTIONS] extends Channel ? true : never;

/** The API the preload exposes on `window.commonGround`. */
export type BridgeApi = {
  [F in keyof typeof BRIDGE_FUNCTIONS]: (request: Req<(typeof BRIDGE_FUNCTIONS)[F]>) => Promise<Res<(typeof BRIDGE_FUNCTIONS)[F]>>;
} & {
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
};
