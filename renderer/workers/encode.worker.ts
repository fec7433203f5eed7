import { expose } from 'comlink';

/**
 * Encodes a picture (the export's map or page) as JPEG or PNG off the main thread. Chromium runs
 * a canvas's toBlob/convertToBlob encoder in the page's idle time, so on a page that is drawing a
 * big map it can take tens of seconds for a print-size image; here nothing competes with it.
 */
const api = {
  async encode(bitmap: ImageBitmap, type: 'image/jpeg' | 'image/png', quality?: number): Promise<Blob> {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('No 2D canvas in the encoder worker');
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    return canvas.convertToBlob(quality === undefined ? { type } : { type, quality });
  },
};

export type EncodeWorkerApi = typeof api;
expose(api);
