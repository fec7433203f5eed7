import * as Comlink from 'comlink';
import type { EncodeWorkerApi } from './encode.worker';

let worker: Worker | null = null;
let api: Comlink.Remote<EncodeWorkerApi> | null = null;

/**
 * `source` (a canvas, WebGL or 2D) as a JPEG or PNG Blob, encoded in a worker (see
 * encode.worker.ts for why). The pixels are copied once into an ImageBitmap, which is moved, not
 * copied, to the worker. The worker is started on first use and kept for the next export.
 */
export async function encodeCanvas(source: HTMLCanvasElement, type: 'image/jpeg' | 'image/png', quality?: number): Promise<Blob> {
  const bitmap = await createImageBitmap(source);
  if (!api) {
    worker = new Worker(new URL('./encode.worker.ts', import.meta.url), { type: 'module', name: 'encode' });
    api = Comlink.wrap<EncodeWorkerApi>(worker);
  }
  return api.encode(Comlink.transfer(bitmap, [bitmap]), type, quality);
}
