import type { Res } from '../../../shared/ipc/contract';
import type { Handle } from './register';

export interface BasemapDeps {
  /** Replaces the allowed online basemap origins; resolves the list now in force. */
  setOnlineOrigins(origins: string[]): Promise<string[]>;
}

export interface HubOriginDeps {
  /** Replaces the allowed hub origin (null: none); resolves the origin now in force. */
  setHubOrigin(origin: string | null): Promise<string | null>;
}

export function registerBasemapHandlers(handle: Handle, deps: BasemapDeps): void {
  handle('basemaps:set-online-origins', async (request): Promise<Res<'basemaps:set-online-origins'>> => ({
    origins: await deps.setOnlineOrigins(request.origins),
  }));
}

export function registerHubOriginHandler(handle: Handle, deps: HubOriginDeps): void {
  handle('hub:set-origin', async (request): Promise<Res<'hub:set-origin'>> => ({ origin: await deps.setHubOrigin(request.origin) }));
}
