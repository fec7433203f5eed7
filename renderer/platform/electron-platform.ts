import type { BridgeApi } from '../../shared/ipc/contract';
import type { Platform } from './types';

export function electronPlatform(bridge: BridgeApi): Platform {
  return {
    kind: 'electron',
    openFiles: (o) => bridge.openFiles({ title: o.title, filters: o.filters, multiple: o.multiple }),
    async saveFile(o) {
      const res = await bridge.saveFile({ suggestedName: o.suggestedName, filters: o.filters, data: o.data });
      return res.saved;
    },
    appInfo: () => bridge.appInfo(undefined),
    async openExternal(url) {
      await bridge.openExternal({ url });
    },
    onMenuCommand: (listener) => bridge.onMenuCommand(listener),
  };
}
