import { parseColor, type DrawOp } from '../../shared/export/draw-ops';

/**
 * Replays a laid-out page (shared/export/draw-ops.ts) on a 2D canvas: the PNG export at print
 * resolution and the dialog's preview at screen resolution. `scale` is pixels per point. The
 * font stack is Helvetica's metric twins (Arial, Liberation Sans), so text takes the width the
 * layout measured with Helvetica's metrics.
 */
export const PAGE_FONT_STACK = 'Helvetica, Arial, "Liberation Sans", sans-serif';

const css = (value: string): string => {
  const c = parseColor(value);
  return `rgba(${Math.round(c.r * 255)},${Math.round(c.g * 255)},${Math.round(c.b * 255)},${c.a})`;
};

export function paintPage(ctx: CanvasRenderingContext2D, ops: readonly DrawOp[], scale: number, map: CanvasImageSource | null): void {
  ctx.save();
  ctx.scale(scale, scale);
  ctx.textBaseline = 'alphabetic';
  for (const op of ops) {
    ctx.save();
    switch (op.op) {
      case 'rect':
        ctx.globalAlpha = op.opacity ?? 1;
        if (op.fill) {
          ctx.fillStyle = css(op.fill);
          ctx.fillRect(op.x, op.y, op.w, op.h);
        }
        if (op.stroke) {
          ctx.strokeStyle = css(op.stroke);
          ctx.lineWidth = op.lineWidth ?? 1;
          ctx.strokeRect(op.x, op.y, op.w, op.h);
        }
        break;
      case 'line':
        ctx.strokeStyle = css(op.color);
        ctx.lineWidth = op.width;
        if (op.dash) ctx.setLineDash(op.dash);
        ctx.beginPath();
        ctx.moveTo(op.x1, op.y1);
        ctx.lineTo(op.x2, op.y2);
        ctx.stroke();
        break;
      case 'text':
        ctx.fillStyle = css(op.color);
        ctx.font = `${op.weight === 'bold' ? 'bold ' : ''}${op.size}px ${PAGE_FONT_STACK}`;
        ctx.translate(op.x, op.y);
        if (op.rotate) ctx.rotate((-op.rotate * Math.PI) / 180);
        ctx.fillText(op.text, 0, 0);
        break;
      case 'path': {
        ctx.translate(op.x, op.y);
        ctx.scale(op.scale, op.scale);
        const path = new Path2D(op.d);
        if (op.stroke) {
          ctx.strokeStyle = css(op.stroke);
          ctx.lineWidth = (op.lineWidth ?? 1) / op.scale;
          ctx.lineJoin = 'round';
        }
        // Filled, then outlined: the order of pdf-lib's drawSvgPath with both set.
        if (op.fill) {
          ctx.fillStyle = css(op.fill);
          ctx.fill(path);
        }
        if (op.stroke) ctx.stroke(path);
        break;
      }
      case 'circle':
        ctx.globalAlpha = op.opacity ?? 1;
        ctx.beginPath();
        ctx.arc(op.cx, op.cy, op.r, 0, Math.PI * 2);
        if (op.fill) {
          ctx.fillStyle = css(op.fill);
          ctx.fill();
        }
        if (op.stroke) {
          ctx.strokeStyle = css(op.stroke);
          ctx.lineWidth = op.lineWidth ?? 1;
          ctx.stroke();
        }
        break;
      case 'map':
        if (map) {
          ctx.imageSmoothingQuality = 'high';
          ctx.drawImage(map, op.x, op.y, op.w, op.h);
        } else {
          ctx.fillStyle = '#e6e6e6';
          ctx.fillRect(op.x, op.y, op.w, op.h);
        }
        break;
    }
    ctx.restore();
  }
  ctx.restore();
}
