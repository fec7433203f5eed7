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
    // Through the existing open-dialog channel, so the whole file comes over IPC (up to its
    // MAX_OPEN_BYTES); a range-read channel would lift that limit for large PMTiles.
    async openBlob(o) {
      const res = await bridge.openFiles({ title: o.title, filters: o.filters, multiple: false });
      const error = res.errors[0];
      if (error) throw new Error(`${error.name}: ${error.message}`);
      const file = res.files[0];
      return file ? { name: file.name, blob: new Blob([file.bytes]) } : null;
    },
    async allowOnlineOrigins(origins) {
      await bridge.setOnlineOrigins({ origins });
    },
    async allowHubOrigin(origin) {
      await bridge.setHubOrigin({ origin });
    },
    appInfo: () => bridge.appInfo(undefined),
    async openExternal(url) {
      await bridge.openExternal({ url });
    },
    onMenuCommand: (listener) => bridge.onMenuCommand(listener),
  };
}
