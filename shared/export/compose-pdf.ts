import { PDFDocument, StandardFonts, degrees, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';
import { parseColor, type DrawOp } from './draw-ops';
import type { PageSize } from './paper';

/**
 * Writes a laid-out page (draw-ops.ts) as a one-page PDF with pdf-lib: every text as real text
 * in the standard Helvetica fonts (searchable, crisp at any zoom), banners, legend swatches, scale
 * bar and north arrow as vector graphics, and the map as one image.
 *
 * The map image is a JPEG (DCTDecode) by default: at 300 dpi an A3 map is ~15 megapixels of
 * anti-aliased basemap, and PNG (Flate) of that is 3–6× larger than JPEG at quality 0.88, with no
 * visible loss at print resolution; the text that must stay sharp is not in the image. PNG is
 * accepted too (pdf-lib re-encodes it with Flate), e.g. for a small map of flat colours.
 */

export interface MapImage {
  bytes: Uint8Array;
  format: 'jpeg' | 'png';
}

export interface PdfMeta {
  title: string;
  subject: string;
  author: string;
  keywords: string[];
  creationDate?: Date;
}

const color = (value: string) => {
  const c = parseColor(value);
  return { color: rgb(c.r, c.g, c.b), opacity: c.a };
};

export async function composePdf(page: PageSize, ops: readonly DrawOp[], map: MapImage | null, meta: PdfMeta): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(meta.title || 'Map', { showInWindowTitleBar: true });
  doc.setSubject(meta.subject);
  doc.setAuthor(meta.author);
  doc.setKeywords(meta.keywords);
  doc.setCreator('Common Ground');
  doc.setProducer('Common Ground (pdf-lib)');
  doc.setCreationDate(meta.creationDate ?? new Date());
  const fonts = { regular: await doc.embedFont(StandardFonts.Helvetica), bold: await doc.embedFont(StandardFonts.HelveticaBold) };
  const image = map ? (map.format === 'jpeg' ? await doc.embedJpg(map.bytes) : await doc.embedPng(map.bytes)) : null;
  const p = doc.addPage([page.width, page.height]);
  for (const op of ops) drawOp(p, page.height, op, fonts, image);
  return doc.save({ useObjectStreams: true });
}

function drawOp(p: PDFPage, H: number, op: DrawOp, fonts: Record<'regular' | 'bold', PDFFont>, image: PDFImage | null): void {
  switch (op.op) {
    case 'rect': {
      const fill = op.fill ? color(op.fill) : null;
      const stroke = op.stroke ? color(op.stroke) : null;
      p.drawRectangle({
        x: op.x,
        y: H - op.y - op.h,
        width: op.w,
        height: op.h,
        ...(fill ? { color: fill.color, opacity: fill.opacity * (op.opacity ?? 1) } : {}),
        ...(stroke ? { borderColor: stroke.color, borderWidth: op.lineWidth ?? 1, borderOpacity: stroke.opacity } : {}),
      });
      return;
    }
    case 'line': {
      const c = color(op.color);
      p.drawLine({ start: { x: op.x1, y: H - op.y1 }, end: { x: op.x2, y: H - op.y2 }, thickness: op.width, color: c.color, opacity: c.opacity, ...(op.dash ? { dashArray: op.dash } : {}) });
      return;
    }
    case 'text': {
      const c = color(op.color);
      p.drawText(op.text, { x: op.x, y: H - op.y, size: op.size, font: fonts[op.weight], color: c.color, ...(op.rotate ? { rotate: degrees(op.rotate) } : {}) });
      return;
    }
    case 'path': {
      const fill = op.fill ? color(op.fill) : null;
      const stroke = op.stroke ? color(op.stroke) : null;
      // drawSvgPath puts the path's origin at (x, y) with the SVG's y axis pointing down.
      p.drawSvgPath(op.d, {
        x: op.x,
        y: H - op.y,
        scale: op.scale,
        ...(fill ? { color: fill.color, opacity: fill.opacity } : {}),
        ...(stroke ? { borderColor: stroke.color, borderWidth: op.lineWidth ?? 1, borderOpacity: stroke.opacity } : {}),
      });
      return;
    }
    case 'circle': {
      const fill = op.fill ? color(op.fill) : null;
      const stroke = op.stroke ? color(op.stroke) : null;
      p.drawCircle({
        x: op.cx,
        y: H - op.cy,
        size: op.r,
        ...(fill ? { color: fill.color, opacity: fill.opacity * (op.opacity ?? 1) } : {}),
        ...(stroke ? { borderColor: stroke.color, borderWidth: op.lineWidth ?? 1, borderOpacity: stroke.opacity } : {}),
      });
      return;
    }
    case 'map':
      if (image) p.drawImage(image, { x: op.x, y: H - op.y - op.h, width: op.w, height: op.h });
      else p.drawRectangle({ x: op.x, y: H - op.y - op.h, width: op.w, height: op.h, color: rgb(0.9, 0.9, 0.9) });
      return;
  }
}
