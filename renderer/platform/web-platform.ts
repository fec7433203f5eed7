import type { MenuCommand } from '../../shared/ipc/contract';
import { MAX_OPEN_BYTES } from '../../shared/ipc/contract';
import type { OpenResult, Platform } from './types';

declare const __APP_VERSION__: string;

/** The browser stand-in for the Electron bridge: a file input to open, a download to save. */
export function webPlatform(doc: Document = document): Platform {
  const menuListeners = new Set<(c: MenuCommand) => void>();
  return {
    kind: 'web',
    openFiles(o) {
      return new Promise<OpenResult>((resolve) => {
        const input = doc.createElement('input');
        input.type = 'file';
        input.multiple = o.multiple;
        input.accept = o.filters.flatMap((f) => f.extensions.filter((e) => e !== '*').map((e) => `.${e}`)).join(',');
        input.style.display = 'none';
        input.addEventListener('change', () => {
          void readFiles([...(input.files ?? [])]).then(resolve);
          input.remove();
        });
        input.addEventListener('cancel', () => {
          resolve({ files: [], errors: [] });
          input.remove();
        });
        doc.body.append(input);
        input.click();
      });
    },
    openBlob(o) {
      // The File itself: it is read by range (slice), so its size is not limited here.
      return new Promise((resolve) => {
        const input = doc.createElement('input');
        input.type = 'file';
        input.accept = o.filters.flatMap((f) => f.extensions.filter((e) => e !== '*').map((e) => `.${e}`)).join(',');
        input.style.display = 'none';
        input.addEventListener('change', () => {
          const file = input.files?.[0];
          resolve(file ? { name: file.name, blob: file } : null);
          input.remove();
        });
        input.addEventListener('cancel', () => {
          resolve(null);
          input.remove();
        });
        doc.body.append(input);
        input.click();
      });
    },
    async allowOnlineOrigins() {
      // Nothing to tell: csp-boot.ts reads the origins from storage when the page loads.
    },
    async allowHubOrigin() {
      // Likewise: csp-boot.ts reads the hub's address from storage.
    },
    async saveFile(o) {
      const blob = new Blob([o.data], { type: o.mimeType });
      const url = URL.createObjectURL(blob);
      const a = doc.createElement('a');
      a.href = url;
      a.download = o.suggestedName;
      a.rel = 'noopener';
      doc.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return true;
    },
    async appInfo() {
      return {
        name: 'Common Ground',
        version: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0',
        electron: '',
        chrome: /Chrom(?:e|ium)\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? '',
        node: '',
        platform: 'web',
      };
    },
    async openExternal(url) {
      const protocol = new URL(url).protocol;
      if (protocol === 'http:' || protocol === 'https:') window.open(url, '_blank', 'noopener,noreferrer');
    },
    onMenuCommand(listener) {
      menuListeners.add(listener);
      return () => menuListeners.delete(listener);
    },
  };
}

/** Reads dropped or chosen files into bytes, refusing oversized ones by name. */
export async function readFiles(files: File[]): Promise<OpenResult> {
  const result: OpenResult = { files: [], errors: [] };
  for (const file of files) {
    if (file.size > MAX_OPEN_BYTES) {
      result.errors.push({ name: file.name, message: `larger than ${MAX_OPEN_BYTES / 1024 / 1024} MB` });
      continue;
    }
    try {
      result.files.push({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    } catch (e) {
      result.errors.push({ name: file.name, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return result;
}
