import type { Res } from '../../../shared/ipc/contract';
import type { Handle } from './register';

export interface BasemapDeps {
  /** Replaces the allowed online basemap origins; resolves the list now in force. */
  setOnlineOrigins(origins: string[]): Promise<string[]>;
}

export function registerBasemapHandlers(handle: Handle, deps: BasemapDeps): void {
  handle('basemaps:set-online-origins', async (request): Promise<Res<'basemaps:set-online-origins'>> => ({
    origins: await deps.setOnlineOrigins(request.origins),
  }));
}
