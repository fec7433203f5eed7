import { describe, expect, it } from 'vitest';
import { BASEMAPS_KEY, storedOnlineOrigins } from '../../../renderer/state/basemaps-persisted';

const online = (origin: string, extra: Record<string, unknown> = {}) => ({
  id: `online-${origin}`,
  type: 'online',
  name: 'Tiles',
  sourceType: 'xyz',
  tiles: `${origin}/{z}/{x}/{y}.png`,
  attribution: '',
  origin,
  ...extra,
});
const file = { id: 'file-1', type: 'file', name: 'Mali', fileName: 'mali.pmtiles', format: 'pmtiles', kind: 'vector', size: 8073, kept: true };
const storage = (state: unknown) => (key: string) => (key === BASEMAPS_KEY ? JSON.stringify({ state, version: 1 }) : null);

describe('storedOnlineOrigins', () => {
  it('reads the origins of the online sources the user added', () => {
    const get = storage({ entries: [file, online('https://tiles.example.org'), online('http://10.0.0.5:8080')], selectedId: 'file-1', rasterOpacity: 0.5 });
    expect(storedOnlineOrigins(get)).toEqual(['https://tiles.example.org', 'http://10.0.0.5:8080']);
  });

  it('ignores malformed or hostile entries and keeps the good ones', () => {
    const get = storage({
      entries: [online("https://a.org; script-src 'unsafe-inline'"), online('https://ok.org'), { type: 'online', origin: 'https://no-id.org' }, online('*')],
      selectedId: 'bundled',
      rasterOpacity: 1,
    });
    expect(storedOnlineOrigins(get)).toEqual(['https://ok.org']);
  });

  it('is empty with nothing stored or a record of another shape', () => {
    expect(storedOnlineOrigins(() => null)).toEqual([]);
    expect(storedOnlineOrigins(storage({ entries: 'x' }))).toEqual([]);
    expect(() => storedOnlineOrigins(() => '{not json')).toThrow();
  });
});
