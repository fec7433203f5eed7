import { describe, expect, it } from 'vitest';
import { inEnglish } from '../english';
import { groupFiles, parseFileGroup, sidecarPaths } from '../../../shared/import/file-set';

const file = (name: string) => ({ name, bytes: new Uint8Array([1]) });

describe('files chosen together', () => {
  it('groups a shapefile’s components by base name, whatever their case, and leaves other files alone', () => {
    const groups = groupFiles(['roads.DBF', 'sites.geojson', 'Roads.shp', 'roads.prj', 'camps.shp', 'camps.shx', 'notes.txt'].map(file));
    expect(groups.map((g) => [g.name, g.files.map((f) => f.name)])).toEqual([
      ['Roads.shp', ['roads.DBF', 'Roads.shp', 'roads.prj']],
      ['sites.geojson', ['sites.geojson']],
      ['camps.shp', ['camps.shp', 'camps.shx']],
      ['notes.txt', ['notes.txt']],
    ]);
  });

  it('refuses sidecars without their .shp, naming them', async () => {
    const [g] = groupFiles([file('roads.dbf'), file('roads.prj')]);
    const r = await parseFileGroup(g!);
    expect(!r.ok && inEnglish(r.error)).toBe('roads.dbf, roads.prj belong to a shapefile, but its .shp file was not among the files opened');
  });

  it('looks for sidecars in the .shp’s case first', () => {
    expect(sidecarPaths('/d/A.SHP').slice(0, 2)).toEqual(['/d/A.SHX', '/d/A.shx']);
    expect(sidecarPaths('/d/a.shp').slice(0, 2)).toEqual(['/d/a.shx', '/d/a.SHX']);
    expect(sidecarPaths('/d/a.geojson')).toEqual([]);
  });
});
