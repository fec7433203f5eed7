import { StandardFontEmbedder, StandardFonts } from 'pdf-lib';

/**
 * Text for the PDF's standard fonts. Helvetica in a PDF uses WinAnsi encoding: Latin-1 plus a few
 * typographic signs, so French (é, è, à, ç, œ, «») prints as it is. Anything outside it (Arabic,
 * Cyrillic, primes, most symbols) would make pdf-lib throw; instead each such character is
 * replaced: first by its accent-stripped form (NFKD: "ő" → "o"), then by an ASCII look-alike
 * (′ → ', − → -), and otherwise by "?". Embedding a Unicode font was not chosen: it needs fontkit
 * and a font file of several MB in the bundle for a case the missions' Latin-script products
 * rarely meet.
 */

export type FontWeight = 'regular' | 'bold';

// pdf-lib's StandardFonts values are the standard-fonts package's FontNames (same strings).
type FontName = Parameters<typeof StandardFontEmbedder.for>[0];
const EMBEDDERS: Record<FontWeight, StandardFontEmbedder> = {
  regular: StandardFontEmbedder.for(StandardFonts.Helvetica as unknown as FontName),
  bold: StandardFontEmbedder.for(StandardFonts.HelveticaBold as unknown as FontName),
};

const LOOK_ALIKES: Record<string, string> = {
  '\u2032': "'",
  '\u2033': '"',
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2009': ' ',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2192': '->',
  '\u2190': '<-',
  '\u00d7': 'x',
  // Letters with a stroke have no decomposition.
  '\u0141': 'L',
  '\u0142': 'l',
  '\u0110': 'D',
  '\u0111': 'd',
  '\u0131': 'i',
};

const canEncode = (ch: string): boolean => {
  const cp = ch.codePointAt(0);
  return cp !== undefined && EMBEDDERS.regular.encoding.canEncodeUnicodeCodePoint(cp);
};

/** `text` with every character the standard fonts cannot show replaced (see above); never throws. */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.replace(/[\r\n\t]+/g, ' ')) {
    if (ch in LOOK_ALIKES) out += LOOK_ALIKES[ch];
    else if (canEncode(ch)) out += ch;
    else {
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base && [...base].every(canEncode) ? base : '?';
    }
  }
  return out;
}

/** Width of `text` in points in Helvetica at `size` (the same metrics as Arial on a canvas). */
export function textWidth(text: string, size: number, weight: FontWeight = 'regular'): number {
  return EMBEDDERS[weight].widthOfTextAtSize(toWinAnsi(text), size);
}

/** `text` cut with an ellipsis so it is at most `maxWidth` points wide. */
export function fitText(text: string, size: number, maxWidth: number, weight: FontWeight = 'regular'): string {
  const clean = toWinAnsi(text);
  if (textWidth(clean, size, weight) <= maxWidth) return clean;
  let lo = 0;
  let hi = clean.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${clean.slice(0, mid)}…`, size, weight) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : `${clean.slice(0, lo).trimEnd()}…`;
}

/** Words of `text` in lines at most `maxWidth` wide, at most `maxLines` (the last one cut). */
export function wrapText(text: string, size: number, maxWidth: number, maxLines: number, weight: FontWeight = 'regular'): string[] {
  const words = toWinAnsi(text).split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < words.length; i++) {
    const next = line ? `${line} ${words[i]}` : (words[i] as string);
    if (textWidth(next, size, weight) <= maxWidth || !line) {
      line = next;
      continue;
    }
    lines.push(line);
    line = words[i] as string;
    if (lines.length === maxLines - 1) {
      line = words.slice(i).join(' ');
      break;
    }
  }
  if (line) lines.push(line);
  return lines.slice(0, maxLines).map((l, i, all) => (i === all.length - 1 ? fitText(l, size, maxWidth, weight) : l));
}
