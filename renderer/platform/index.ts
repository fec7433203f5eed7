import { BRIDGE_GLOBAL, type BridgeApi } from '../../shared/ipc/contract';
import { electronPlatform } from './electron-platform';
import type { Platform } from './types';
import { webPlatform } from './web-platform';

export type { Platform, FileFilter, OpenResult } from './types';
export { readFiles } from './web-platform';

/** The preload puts the bridge on window; its absence means we run as a plain web page. */
export function detectPlatform(): Platform {
  const bridge = (window as unknown as Record<string, BridgeApi | undefined>)[BRIDGE_GLOBAL];
  return bridge ? electronPlatform(bridge) : webPlatform();
}
