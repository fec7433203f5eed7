import { msg } from '../i18n/message';
import type { Problem } from './types';

/**
 * Decoding of text files whose encoding nobody told us: UTF-8 (with or without byte-order mark),
 * UTF-16 little- or big-endian (by byte-order mark, or by the pattern of NUL bytes that ASCII
 * text leaves in UTF-16 without one), and Windows-1252 when the bytes are not valid UTF-8 (what
 * Excel and older Windows tools write for "CSV" in Western European locales).
 *
 * Only the detection is hand-written: decoding itself is TextDecoder, whose WHATWG labels
 * ('utf-8', 'utf-16le', 'utf-16be', 'windows-1252') exist in browsers, workers and node.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  /** The text, without a byte-order mark. */
  text: string;
  encoding: TextEncodingName;
  /** 'encoding-guessed' when the encoding was inferred rather than declared by a byte-order mark or valid UTF-8. */
  warnings: Problem[];
}

const LABELS: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 little-endian',
  'utf-16be': 'UTF-16 big-endian',
  'windows-1252': 'Windows-1252 (Western European)',
};

/** How many bytes are inspected for the NUL-byte pattern of UTF-16 without a byte-order mark. */
const SAMPLE_BYTES = 4096;

/**
 * Windows-1252's bytes 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ). Node's
 * TextDecoder (up to at least node 22) decodes the 'windows-1252' label as ISO-8859-1, leaving them
 * as C1 control characters; browsers map them. Folding U+0080–U+009F afterwards gives the WHATWG
 * result everywhere (the five bytes Windows-1252 leaves undefined stay as they are, as WHATWG does).
 */
const CP1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWith(encoding: TextEncodingName, bytes: Uint8Array, fatal = false): string {
  // ignoreBOM false (the default): the decoder drops a byte-order mark that matches its encoding.
  const text = new TextDecoder(encoding, { fatal }).decode(bytes);
  if (encoding !== 'windows-1252') return text;
  return text.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1.charAt(c.charCodeAt(0) - 0x80));
}

/**
 * UTF-16 without a byte-order mark, recognised by its NUL bytes: text that is mostly ASCII has a
 * zero high byte in nearly every code unit, at odd offsets (little-endian) or even offsets
 * (big-endian). Text in UTF-8 or a single-byte encoding has no NUL bytes at all.
 */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, SAMPLE_BYTES) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const units = n / 2;
  if (oddNul >= units * 0.3 && evenNul <= units * 0.05) return 'utf-16le';
  if (evenNul >= units * 0.3 && oddNul <= units * 0.05) return 'utf-16be';
  return null;
}

function guessed(fileName: string, encoding: TextEncodingName, why: 'utf16-pattern' | 'not-utf8'): Problem {
  return {
    code: 'encoding-guessed',
    params: { file: fileName, why: msg(`encoding.${why}`), encoding: LABELS[encoding] },
    severity: 'warning',
  };
}

/** Decodes a text file of unknown encoding. Never throws; undecodable bytes become U+FFFD. */
export function decodeText(bytes: Uint8Array, fileName: string): DecodedText {
  const b0 = bytes[0];
  const b1 = bytes[1];
  const b2 = bytes[2];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    return { text: decodeWith('utf-8', bytes), encoding: 'utf-8', warnings: [] };
  }
  if (b0 === 0xff && b1 === 0xfe) {
    return { text: decodeWith('utf-16le', bytes), encoding: 'utf-16le', warnings: [] };
  }
  if (b0 === 0xfe && b1 === 0xff) {
    return { text: decodeWith('utf-16be', bytes), encoding: 'utf-16be', warnings: [] };
  }
  const utf16 = sniffUtf16(bytes);
  if (utf16) {
    return {
      text: decodeWith(utf16, bytes),
      encoding: utf16,
      warnings: [guessed(fileName, utf16, 'utf16-pattern')],
    };
  }
  try {
    return { text: decodeWith('utf-8', bytes, true), encoding: 'utf-8', warnings: [] };
  } catch {
    return {
      text: decodeWith('windows-1252', bytes),
      encoding: 'windows-1252',
      warnings: [guessed(fileName, 'windows-1252', 'not-utf8')],
    };
  }
}
