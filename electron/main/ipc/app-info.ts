import type { Res } from '../../../shared/ipc/contract';
import type { Handle } from './register';

export interface AppInfoDeps {
  getName(): string;
  getVersion(): string;
  versions: Readonly<Record<string, string | undefined>>;
  platform: string;
}

export function appInfo(deps: AppInfoDeps): Res<'app:info'> {
  return {
    name: deps.getName(),
    version: deps.getVersion(),
    electron: deps.versions.electron ?? 'unknown',
    chrome: deps.versions.chrome ?? 'unknown',
    node: deps.versions.node ?? 'unknown',
    platform: deps.platform,
  };
}

export function registerAppInfoHandler(handle: Handle, deps: AppInfoDeps): void {
  handle('app:info', async () => appInfo(deps));
}
