import { describe, expect, it } from 'vitest';
import { formatInspectText, inspect, LISTED_PROBLEMS } from '../../../shared/cli/inspect';
import { runCli } from '../../../shared/cli/run';
import { registerFormat } from '../../../shared/import/registry';
import type { ParseResult } from '../../../shared/io/types';
import { bytesOf, fixture, memoryIo } from './helpers';

async function inspectJson(path: string) {
  const m = memoryIo();
  const code = await runCli(['inspect', path, '--json'], m.io);
  const text = m.stdout();
  // Exactly one JSON object, on one line, and nothing else on stdout.
  expect(text.endsWith('\n')).toBe(true);
  expect(text.trimEnd().split('\n')).toHaveLength(1);
  return { code, json: JSON.parse(text) as Record<string, unknown>, stderr: m.stderr() };
}

function expectShape(json: Record<string, unknown>) {
  expect(Object.keys(json)).toEqual(expect.arrayContaining(['file', 'format', 'layers', 'refused', 'warnings', 'error']));
  expect(typeof json.file).toBe('string');
  expect(json.format === null || typeof json.format === 'string').toBe(true);
  expect(json.error === null || typeof json.error === 'string').toBe(true);
  expect(Array.isArray(json.layers)).toBe(true);
  for (const l of json.layers as Record<string, unknown>[]) {
    expect(typeof l.name).toBe('string');
    expect(Number.isInteger(l.features)).toBe(true);
    expect(typeof l.geometryTypes).toBe('object');
    for (const n of Object.values(l.geometryTypes as object)) expect(Number.isInteger(n)).toBe(true);
    expect(l.bbox === null || (Array.isArray(l.bbox) && l.bbox.length === 4 && l.bbox.every((v) => typeof v === 'number'))).toBe(true);
  }
  for (const list of [json.refused, json.warnings]) {
    expect(Array.isArray(list)).toBe(true);
    for (const p of list as Record<string, unknown>[]) {
      expect('index' in p).toBe(true);
      expect(p.index === null || Number.isInteger(p.index)).toBe(true);
      expect(typeof p.code).toBe('string');
      expect(typeof p.message).toBe('string');
    }
  }
}

describe('cop inspect --json', () => {
  it('reports a valid GeoJSON file and exits 0', async () => {
    const { code, json } = await inspectJson(fixture('valid.geojson'));
    expect(code).toBe(0);
    expectShape(json);
    expect(json).toMatchObject({
      file: fixture('valid.geojson'),
      format: 'geojson',
      layers: [{ name: 'sites', features: 7, geometryTypes: { Point: 4, LineString: 1, Polygon: 1, null: 1 }, bbox: [-60.5, 4.3, 18.72, 85.1] }],
      refused: [],
      warnings: [{ index: 6, code: 'null-geometry', message: expect.stringMatching(/^it has no geometry/) }],
      error: null,
    });
  });

  it('lists refused features with their index and still exits 0', async () => {
    const { code, json } = await inspectJson(fixture('refused.geojson'));
    expect(code).toBe(0);
    expectShape(json);
    expect(json.layers).toEqual([expect.objectContaining({ features: 3 })]);
    expect(json.refused).toEqual([
      { index: 1, code: 'coords-out-of-range', message: expect.stringContaining('projected coordinate system') },
      { index: 3, code: 'type-case', message: expect.stringContaining('"Feature"') },
    ]);
    expect(json.totals).toEqual({ features: 3, refused: 2, warnings: 0 });
  });

  it('keeps "index" and adds "line" for line-based problems', async () => {
    const { code, json } = await inspectJson(fixture('lines.geojsonl'));
    expect(code).toBe(0);
    expectShape(json);
    expect(json.refused).toEqual([{ index: 1, line: 2, code: 'bad-json', message: expect.stringMatching(/^not valid JSON: /) }]);
  });

  it('refuses a non-GeoJSON text file: exit 2 and the reason in "error"', async () => {
    // Which importer tries a .txt file (CSV, today) is the registry's business; the verdict is not.
    const { code, json } = await inspectJson(fixture('notes.txt'));
    expect(code).toBe(2);
    expectShape(json);
    expect(json).toMatchObject({ layers: [], refused: [], warnings: [] });
    expect(json.error).toMatch(/notes\.txt: \S/);
  });

  it('refuses a file no format recognises: exit 2, format null', async () => {
    const m = memoryIo({ readFile: async () => new Uint8Array([0, 159, 146, 150, 0, 1]) });
    expect(await runCli(['inspect', 'blob.bin', '--json'], m.io)).toBe(2);
    expect(JSON.parse(m.stdout())).toMatchObject({ format: null, error: expect.stringMatching(/^blob\.bin: not a file type Common Ground can import/) });
  });

  it('refuses a file with no features: exit 2, error "no features"', async () => {
    const { code, json } = await inspectJson(fixture('empty.geojson'));
    expect(code).toBe(2);
    expectShape(json);
    expect(json.error).toBe('no features');
  });

  it('refuses a missing file: exit 2, the error names the path', async () => {
    const path = fixture('does-not-exist.geojson');
    const { code, json } = await inspectJson(path);
    expect(code).toBe(2);
    expectShape(json);
    expect(json.error).toBe(`cannot read ${path}: no such file or directory`);
  });

  it('exits 1 when a parser throws (a bug), still printing one JSON object', async () => {
    registerFormat({
      id: 'cli-test-boom',
      label: 'Throws',
      extensions: ['.clitestboom'],
      mimeTypes: [],
      sniff: () => false,
      parse: () => {
        throw new Error('kaput');
      },
    });
    const m = memoryIo({ readFile: async () => new Uint8Array([1, 2, 3]) });
    const code = await runCli(['inspect', 'x.clitestboom', '--json'], m.io);
    expect(code).toBe(1);
    const json = JSON.parse(m.stdout()) as Record<string, unknown>;
    expectShape(json);
    expect(json).toMatchObject({ format: 'cli-test-boom', status: 'internal-error', error: 'x.clitestboom: internal error: kaput' });
  });

  it('exits 1 when the CLI itself fails on a result (a bug), still printing one JSON object', async () => {
    registerFormat({
      id: 'cli-test-malformed',
      label: 'Returns a malformed result',
      extensions: ['.clitestmalformed'],
      mimeTypes: [],
      sniff: () => false,
      parse: () => ({ ok: true, format: 'cli-test-malformed', layers: [null], refused: [], warnings: [] }) as unknown as ParseResult,
    });
    const m = memoryIo({ readFile: async () => new Uint8Array() });
    expect(await runCli(['inspect', 'y.clitestmalformed', '--json'], m.io)).toBe(1);
    expect(JSON.parse(m.stdout())).toMatchObject({ status: 'internal-error', error: expect.stringMatching(/^y\.clitestmalformed: internal error: /) });
  });

  it('counts problems the parser summarised instead of listing (more than 200 of a kind)', async () => {
    const bad = Array.from({ length: 205 }, () => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [500, 500] } }));
    const good = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 1] } };
    const report = await inspect('many.geojson', new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: [good, ...bad] })));
    expect(report.refused).toHaveLength(201);
    expect(report.refused[200]).toEqual({ index: null, code: 'coords-out-of-range', message: expect.stringMatching(/^…and 5 more/) });
    expect(report.totals.refused).toBe(205);
  });

  it('treats a host whose readFile throws synchronously as an unreadable file (exit 2)', async () => {
    const m = memoryIo({
      readFile: () => {
        throw new Error('host broke');
      },
    });
    // A synchronous throw from the host is treated as unreadable, not as a crash of the CLI.
    expect(await runCli(['inspect', 'a.geojson', '--json'], m.io)).toBe(2);
    expect(JSON.parse(m.stdout())).toMatchObject({ error: 'cannot read a.geojson: host broke' });
  });
});

describe('cop inspect (readable summary)', () => {
  it('prints format, layers, counts and the problems with their location', async () => {
    const m = memoryIo();
    expect(await runCli(['inspect', fixture('refused.geojson')], m.io)).toBe(0);
    const lines = m.stdout().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        `file: ${fixture('refused.geojson')}`,
        'format: geojson',
        'layer "refused": 3 feature(s); geometry: Point 2, LineString 1; bbox (W, S, E, N): 20.1, 6.2, 20.3, 6.4',
        'refused: 2',
        expect.stringMatching(/^ {2}feature 1: position \(512345\.6, 712345\.1\) is outside/),
        expect.stringMatching(/^ {2}feature 3: type "feature" should be written "Feature"/),
        'warnings: 0',
      ]),
    );
    expect(m.stderr()).toBe('');
  });

  it('says line N for line-based problems and shows the error of a refused file', async () => {
    const m = memoryIo();
    await runCli(['inspect', fixture('lines.geojsonl')], m.io);
    expect(m.stdout()).toContain('\n  line 2: not valid JSON');
    const n = memoryIo();
    expect(await runCli(['inspect', fixture('notes.txt')], n.io)).toBe(2);
    expect(n.stdout()).toMatch(/^error: .*notes\.txt: \S/m);
  });

  it(`lists at most ${LISTED_PROBLEMS} problems of each kind, then says how many more`, async () => {
    const bad = Array.from({ length: 25 }, () => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [500, 500] } }));
    const good = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [1, 1] } };
    const bytes = new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: [good, ...bad] }));
    const text = formatInspectText(await inspect('many.geojson', bytes));
    expect(text).toContain('refused: 25\n');
    expect(text.match(/^ {2}feature \d+: /gm)).toHaveLength(LISTED_PROBLEMS);
    expect(text).toContain('  … and 5 more lines (use --json for all)');
  });

  it('inspect() is usable without the command line', async () => {
    const report = await inspect('valid.geojson', await bytesOf('valid.geojson'));
    expect(report.status).toBe('importable');
    expect(report.layers[0]?.features).toBe(7);
  });
});

describe('command line', () => {
  it('rejects unknown commands and options with exit 64 and help on stderr', async () => {
    const m = memoryIo();
    expect(await runCli(['frobnicate'], m.io)).toBe(64);
    expect(m.stderr()).toMatch(/unknown command 'frobnicate'/);
    expect(await runCli(['inspect'], memoryIo().io)).toBe(64);
    expect(await runCli(['inspect', 'a', '--jsno'], memoryIo().io)).toBe(64);
  });

  it('--help exits 0 and lists the commands and exit codes on stdout', async () => {
    const m = memoryIo();
    expect(await runCli(['--help'], m.io)).toBe(0);
    expect(m.stdout()).toMatch(/inspect \[options\] <file>/);
    expect(m.stdout()).toMatch(/convert \[options\] <file>/);
    expect(m.stdout()).toMatch(/Exit codes:/);
  });
});

describe('cop inspect --lang fr', () => {
  it('words refusals from the French catalogue, and English by default', async () => {
    const fr = memoryIo();
    expect(await runCli(['--lang', 'fr', 'inspect', '--json', fixture('refused.geojson')], fr.io)).toBe(0);
    const frJson = JSON.parse(fr.stdout()) as { refused: { message: string }[] };
    expect(frJson.refused[0]?.message).toMatch(/^la position \(512345\.6, 712345\.1\) est hors de longitude/);
    const en = memoryIo();
    await runCli(['inspect', '--json', fixture('refused.geojson')], en.io);
    expect((JSON.parse(en.stdout()) as { refused: { message: string }[] }).refused[0]?.message).toMatch(/^position \(512345\.6, 712345\.1\) is outside/);
  });
});
