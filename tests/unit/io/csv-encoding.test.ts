import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../shared/io/encoding';
import { readableProblem } from '../english';

function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const out = new Uint8Array((text.length + (bom ? 1 : 0)) * 2);
  const units = (bom ? '\ufeff' : '') + text;
  for (let i = 0; i < units.length; i++) {
    const u = units.charCodeAt(i);
    out[2 * i + (bigEndian ? 1 : 0)] = u & 0xff;
    out[2 * i + (bigEndian ? 0 : 1)] = u >> 8;
  }
  return out;
}

const SAMPLE = 'nom,lat,lon\nBérengo,4.05,18.05\nÇa va – 50 €\n';

describe('decodeText', () => {
  it('UTF-8 with and without BOM, no warning', () => {
    const plain = new TextEncoder().encode(SAMPLE);
    expect(decodeText(plain, 'a.csv')).toEqual({ text: SAMPLE, encoding: 'utf-8', warnings: [] });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...plain]);
    expect(decodeText(bom, 'a.csv')).toEqual({ text: SAMPLE, encoding: 'utf-8', warnings: [] });
  });

  it('UTF-16 LE and BE by BOM, no warning', () => {
    expect(decodeText(utf16(SAMPLE, false, true), 'a.csv')).toEqual({ text: SAMPLE, encoding: 'utf-16le', warnings: [] });
    expect(decodeText(utf16(SAMPLE, true, true), 'a.csv')).toEqual({ text: SAMPLE, encoding: 'utf-16be', warnings: [] });
  });

  it('UTF-16 LE and BE without BOM, by the NUL-byte pattern, with a warning', () => {
    for (const [be, enc] of [
      [false, 'utf-16le'],
      [true, 'utf-16be'],
    ] as const) {
      const r = decodeText(utf16(SAMPLE, be, false), 'a.csv');
      expect(r.text).toBe(SAMPLE);
      expect(r.encoding).toBe(enc);
      expect(r.warnings.map(readableProblem)).toEqual([expect.objectContaining({ code: 'encoding-guessed', severity: 'warning', message: expect.stringMatching(/UTF-16/) })]);
    }
  });

  it('Windows-1252 when not valid UTF-8, including the 0x80–0x9F letters (€ – ’ œ)', () => {
    const bytes = new Uint8Array([0x42, 0xe9, 0x72, 0x20, 0x80, 0x20, 0x96, 0x20, 0x92, 0x20, 0x9c, 0x20, 0xe7]);
    const r = decodeText(bytes, 'old.csv');
    expect(r.text).toBe('Bér € – ’ œ ç');
    expect(r.encoding).toBe('windows-1252');
    expect(r.warnings.map(readableProblem)).toEqual([
      expect.objectContaining({ code: 'encoding-guessed', message: expect.stringMatching(/^old\.csv: .*Windows-1252/) }),
    ]);
  });

  it('empty input is empty UTF-8', () => {
    expect(decodeText(new Uint8Array(), 'e.csv')).toEqual({ text: '', encoding: 'utf-8', warnings: [] });
  });
});
