import type { Res } from '../../../shared/ipc/contract';
import { isExternalWebUrl } from '../urls';
import type { Handle } from './register';

export interface ShellDeps {
  openExternal(url: string): Promise<void>;
}

export async function openExternal(deps: ShellDeps, url: string): Promise<Res<'shell:open-external'>> {
  // The contract already refuses other schemes; checked again because this is the one call
  // that hands a renderer-chosen string to the operating system.
  if (!isExternalWebUrl(url)) throw new Error('only http and https links open outside the app');
  await deps.openExternal(url);
  return { opened: true };
}

export function registerShellHandler(handle: Handle, deps: ShellDeps): void {
  handle('shell:open-external', (request) => openExternal(deps, request.url));
}
