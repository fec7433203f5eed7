/**
 * unzipSafely: limits on entry count, sizes and compression ratio, checked from the archive's
 * directory before anything is inflated.
 */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ZIP_LIMITS, firstZipEntryName, isZip, unzipSafely } from '../../../shared/io/zip';
import { inEnglish } from '../english';

const MB = 1024 * 1024;

describe('unzipSafely', () => {
  it('returns the files of an ordinary archive, skipping folders', () => {
    const zip = zipSync({ 'doc.kml': strToU8('<kml/>'), files: {}, 'files/a.png': new Uint8Array([1, 2, 3]) });
    const r = unzipSafely(zip, 'a.zip');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([...r.entries.keys()]).toEqual(['doc.kml', 'files/a.png']);
    expect(r.entries.get('files/a.png')).toEqual(new Uint8Array([1, 2, 3]));
    expect(r.listing.map((e) => e.name)).toEqual(['doc.kml', 'files/', 'files/a.png']);
  });

  it('decompresses only the selected entries', () => {
    const zip = zipSync({ 'a.shp': strToU8('x'), 'a.dbf': strToU8('y'), 'readme.txt': strToU8('z') });
    const r = unzipSafely(zip, 'a.zip', { select: (n) => /\.(shp|dbf)$/.test(n) });
    expect(r.ok && [...r.entries.keys()]).toEqual(['a.shp', 'a.dbf']);
  });

  it('refuses a zip bomb: 50 MB of zeros compressed tiny', () => {
    const bomb = zipSync({ 'zeros.kml': new Uint8Array(50 * MB) }, { level: 9 });
    expect(bomb.length).toBeLessThan(MB);
    const started = Date.now();
    const r = unzipSafely(bomb, 'bomb.kmz');
    expect(Date.now() - started).toBeLessThan(1000); // refused from the directory, nothing inflated
    expect(r).toMatchObject({ ok: false, code: 'zip-bomb' });
    expect(!r.ok && inEnglish(r.error)).toMatch(/^refused as a likely zip bomb: "zeros\.kml" is compressed [\d,]+:1/);
  });

  it('does not ratio-check small entries (text compresses well)', () => {
    const zip = zipSync({ 'doc.kml': new Uint8Array(512 * 1024) });
    expect(unzipSafely(zip, 'small.kmz').ok).toBe(true);
  });

  it('does not ratio-check entries that are not selected', () => {
    const zip = zipSync({ 'doc.kml': strToU8('<kml/>'), 'pad.bin': new Uint8Array(20 * MB) });
    expect(unzipSafely(zip, 'a.kmz', { select: (n) => n.endsWith('.kml') }).ok).toBe(true);
  });

  it('caps the number of entries', () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 6; i++) files[`f${i}.txt`] = strToU8(String(i));
    expect(unzipSafely(zipSync(files), 'many.zip', { maxEntries: 5 })).toMatchObject({ ok: false, code: 'zip-too-many-entries' });
    expect(unzipSafely(zipSync(files), 'many.zip', { maxEntries: 6 }).ok).toBe(true);
  });

  it('caps the total and per-entry decompressed size', () => {
    const zip = zipSync({ 'a.txt': new Uint8Array(600), 'b.txt': new Uint8Array(600) });
    expect(unzipSafely(zip, 'big.zip', { maxTotalBytes: 1000 })).toMatchObject({ ok: false, code: 'zip-too-large' });
    expect(unzipSafely(zip, 'big.zip', { maxEntryBytes: 500 })).toMatchObject({ ok: false, code: 'zip-too-large' });
    expect(unzipSafely(zip, 'big.zip', { maxTotalBytes: 1200 }).ok).toBe(true);
  });

  it('cannot be tricked by an archive that under-declares an entry size', () => {
    const zip = zipSync({ 'a.txt': new Uint8Array(5 * MB) });
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    let patched = false;
    for (let i = zip.length - 22; i >= 0 && !patched; i--) {
      if (view.getUint32(i, true) === 0x02014b50) {
        view.setUint32(i + 24, 1000, true); // central directory: uncompressed size
        patched = true;
      }
    }
    expect(patched).toBe(true);
    const r = unzipSafely(zip, 'liar.zip');
    // Inflated into a buffer of the declared size: truncated, never 5 MB.
    expect(r.ok && r.entries.get('a.txt')?.length).toBe(1000);
  });

  it('reports a file that is not a ZIP', () => {
    const r = unzipSafely(strToU8('hello, not a zip at all'), 'x.kmz');
    expect(r).toMatchObject({ ok: false, code: 'zip-invalid' });
    expect(!r.ok && inEnglish(r.error)).toMatch(/^not a readable ZIP archive/);
  });

  it('reports a damaged archive', () => {
    const zip = zipSync({ 'doc.kml': strToU8('<kml>'.repeat(1000)) });
    const damaged = zip.slice();
    damaged[30 + 'doc.kml'.length] = 0x07; // first deflate block: final, type 3 (invalid)
    const r = unzipSafely(damaged, 'damaged.kmz');
    expect(r).toMatchObject({ ok: false, code: 'zip-invalid' });
    expect(!r.ok && inEnglish(r.error)).toMatch(/^the archive could not be decompressed \(.+\); it may be damaged/);
  });

  it('has the documented defaults', () => {
    expect(DEFAULT_ZIP_LIMITS).toEqual({ maxEntries: 10_000, maxTotalBytes: 512 * MB, maxEntryBytes: 512 * MB, maxRatio: 100, ratioMinBytes: MB });
  });

  it('recognises a ZIP and its first entry name', () => {
    const zip = zipSync({ 'doc.kml': strToU8('<kml/>') });
    expect(isZip(zip)).toBe(true);
    expect(firstZipEntryName(zip)).toBe('doc.kml');
    expect(isZip(strToU8('PK'))).toBe(false);
    expect(firstZipEntryName(strToU8('<kml/>'))).toBeNull();
  });
});
