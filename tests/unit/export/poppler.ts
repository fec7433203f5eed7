import { execFileSync } from 'node:child_process';

/** Poppler's command-line tools, the real clients the exported PDFs are checked with. */
export const hasPoppler = ((): boolean => {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export function pdfInfo(path: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return Object.fromEntries(out.split('\n').flatMap((l) => (/^([^:]+):\s*(.*)$/.exec(l) ? [[RegExp.$1.trim(), RegExp.$2.trim()]] : [])));
}

export const pdfText = (path: string): string => execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });

export interface Raster {
  width: number;
  height: number;
  /** RGB, 3 bytes a pixel. */
  data: Buffer;
}

/** The first page rendered by pdftoppm at `dpi`, read from its PPM output. */
export function pdfRaster(path: string, dpi: number): Raster {
  const ppm = execFileSync('pdftoppm', ['-r', String(dpi), '-f', '1', '-l', '1', path], { maxBuffer: 512 * 1024 * 1024 });
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 50).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not give a PPM');
  return { width: Number(header[1]), height: Number(header[2]), data: ppm.subarray(header[0].length) };
}

/** Share of the pixels of a rectangle (in pixels) within `tol` (sum of channel differences) of `rgb`. */
export function shareNear(r: Raster, box: { x: number; y: number; w: number; h: number }, rgb: [number, number, number], tol = 40): number {
  let n = 0;
  let hit = 0;
  for (let y = Math.max(0, Math.floor(box.y)); y < Math.min(r.height, box.y + box.h); y++)
    for (let x = Math.max(0, Math.floor(box.x)); x < Math.min(r.width, box.x + box.w); x++) {
      const i = (y * r.width + x) * 3;
      n++;
      if (Math.abs(r.data[i]! - rgb[0]) + Math.abs(r.data[i + 1]! - rgb[1]) + Math.abs(r.data[i + 2]! - rgb[2]) <= tol) hit++;
    }
  return n ? hit / n : 0;
}
