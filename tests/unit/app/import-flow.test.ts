import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeT, AUTHOR, notifications, installMemoryStorage } from './fakes';

// Before the renderer's modules load: the persisted stores read localStorage when created.
installMemoryStorage();

/**
 * The import worker, in-process: the real shared ImportSession behind the worker's API. Its
 * commit prepares the changeset as the worker does and hands it to `stored` instead of the store.
 */
const worker = vi.hoisted(() => ({ stored: [] as unknown[], terminated: 0 }));
vi.mock('../../../renderer/workers/import-client', async () => {
  const { ImportSession } = await import('../../../shared/import/import-session');
  return {
    createImportWorker: () => {
      const session = new ImportSession();
      return {
        api: {
          inspect: (name: string, bytes: ArrayBuffer, _p: unknown, crs?: string) => session.inspect(name, new Uint8Array(bytes), crs ? { crs } : {}),
          dryRun: async (...a: Parameters<InstanceType<typeof ImportSession>['dryRun']>) => session.dryRun(...a),
          commit: async (request: Parameters<InstanceType<typeof ImportSession>['prepareCommit']>[0]) => {
            const prepared = session.prepareCommit(request, new Map());
            worker.stored.push(prepared.changeset);
            const changed = prepared.changeset.ops.flatMap((o) => ('layerId' in o ? [o.layerId] : o.op === 'putLayer' ? [o.layer.id] : []));
            return { layers: prepared.layers, applied: { summary: prepared.changeset.summary, changedLayerIds: [...new Set(changed)], deletedLayerIds: [], conflictsChanged: false } };
          },
        },
        terminate: () => void worker.terminated++,
      };
    },
  };
});

const { ImportFlow } = await import('../../../renderer/app/import-flow');
const { useImport } = await import('../../../renderer/state/import-store');
type Changeset = import('../../../shared/domain/changeset').Changeset;

const FIXTURE = fileURLToPath(new URL('../../fixtures/e2e/incidents-fr.csv', import.meta.url));
const MAPPING = { date_evt: 'eventDate', genre: 'eventType', victimes: 'fatalities', lieu: 'locationName' };
const csv = () => new Uint8Array(readFileSync(FIXTURE));

function host() {
  const { seen, notify } = notifications();
  const refresh = vi.fn(async () => {});
  const zoomTo = vi.fn();
  const openPackage = vi.fn(async () => {});
  const store = { attachPort: vi.fn(async () => {}) };
  const platform = { saveFile: vi.fn(async () => ({ ok: true })) };
  const flow = new ImportFlow({
    store: store as never,
    platform: platform as never,
    t: fakeT,
    author: () => AUTHOR,
    notify,
    refresh,
    zoomTo,
    openConflicts: vi.fn(),
    openPackage,
  });
  return { flow, seen, refresh, zoomTo, openPackage, platform };
}

const previewDone = () =>
  vi.waitFor(() => {
    const s = useImport.getState().session;
    if (s?.stage !== 'preview' || s.dryRuns.some((d) => d === null)) throw new Error('dry runs pending');
    return s;
  });

describe('ImportFlow', () => {
  beforeEach(() => {
    useImport.setState({ session: null });
    worker.stored.length = 0;
    worker.terminated = 0;
    localStorage.clear();
  });

  it('previews a CSV with French columns, and choosing incidents maps them and dry-runs again', async () => {
    const { flow } = host();
    await flow.inspectFile('incidents-fr.csv', csv());
    const first = await previewDone();
    expect(first.fileName).toBe('incidents-fr.csv');
    expect(first.choices).toHaveLength(1);
    expect(first.choices[0]).toMatchObject({ include: true, kind: 'reference', targetLayerId: null, name: 'incidents-fr' });
    expect(first.preview.refused).toHaveLength(1);
    expect(first.preview.refused[0]).toMatchObject({ severity: 'error', line: 4 });
    flow.setChoice(0, { kind: 'incident' });
    expect(useImport.getState().session).toMatchObject({ dryRuns: [null] });
    const s = await previewDone();
    expect(s.choices[0]?.kind).toBe('incident');
    expect(s.choices[0]?.mapping).toEqual({ lieu: 'locationName' });
    // As incidents, nothing passes until the date and type columns are mapped.
    expect(s.dryRuns[0]?.valid).toBe(0);
    expect(s.dryRuns[0]?.refused.map((p) => p.params?.reason)).toEqual(Array(3).fill({ code: 'field.missing', params: { field: 'eventDate' } }));
    flow.setChoice(0, { mapping: MAPPING });
    const mapped = await previewDone();
    expect(mapped.dryRuns[0]).toMatchObject({ valid: 3, refused: [] });
  });

  it('commits one changeset that creates the layer and its features, then refreshes, zooms and says what was imported', async () => {
    const { flow, seen, refresh, zoomTo } = host();
    await flow.inspectFile('incidents-fr.csv', csv());
    await previewDone();
    flow.setChoice(0, { kind: 'incident', mapping: MAPPING });
    await previewDone();
    await flow.commit();
    expect(useImport.getState().session).toBeNull();
    expect(worker.stored).toHaveLength(1);
    const cs = worker.stored[0] as Changeset;
    expect(cs.summary).toEqual({ key: 'import', params: { file: 'incidents-fr.csv' } });
    expect(cs.by).toEqual(AUTHOR);
    const put = cs.ops.find((o) => o.op === 'putLayer');
    expect(put?.op === 'putLayer' && put.layer).toMatchObject({ name: 'incidents-fr', kind: 'incident', owner: 'joc' });
    const features = cs.ops.flatMap((o) => (o.op === 'putFeatures' ? o.features : []));
    expect(features).toHaveLength(3);
    expect(features.find((f) => f.properties.locationName === 'Bria')).toMatchObject({
      geometry: { type: 'Point', coordinates: [21.9865, 6.5423] },
      properties: { eventDate: '2026-11-20', eventType: 'Battles', fatalities: 3, createdBy: 'Duty Officer', org: 'joc', version: 1 },
    });
    expect(features.map((f) => f.properties.eventType).sort()).toEqual(['Battles', 'Riots', 'Violence against civilians']);
    expect(refresh).toHaveBeenCalledWith(expect.objectContaining({ summary: cs.summary }));
    expect(zoomTo).toHaveBeenCalledTimes(1);
    expect(seen.at(-1)?.tone).toBe('info');
    expect(seen.at(-1)?.text).toMatch(/^import\.done .*"count":3.*"refused":1/);
    expect(seen.at(-1)?.action?.label).toBe('import.saveReport');
  });

  it('leaves a layer out when the user unticks it: nothing to commit, nothing stored', async () => {
    const { flow } = host();
    await flow.inspectFile('incidents-fr.csv', csv());
    await previewDone();
    flow.setChoice(0, { include: false });
    await flow.commit();
    expect(worker.stored).toEqual([]);
    expect(useImport.getState().session?.stage).toBe('preview');
  });

  it('refuses a second file while a preview is open, and keeps the first', async () => {
    const { flow, seen } = host();
    await flow.inspectFile('incidents-fr.csv', csv());
    await previewDone();
    await flow.inspectFile('other.csv', csv());
    expect(seen.map((n) => n.text)).toEqual(['import.busy']);
    expect(useImport.getState().session?.fileName).toBe('incidents-fr.csv');
  });

  it('refuses a file it cannot read with the reason, and stores nothing', async () => {
    const { flow, seen } = host();
    await flow.inspectFile('notes.txt', new TextEncoder().encode('just some words'));
    expect(useImport.getState().session).toBeNull();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ tone: 'error' });
    expect(seen[0]?.text).toMatch(/^import\.refusedFile .*"file":"notes\.txt"/);
    expect(worker.stored).toEqual([]);
  });

  it('cancel terminates the worker and closes the preview without storing', async () => {
    const { flow } = host();
    await flow.inspectFile('incidents-fr.csv', csv());
    await previewDone();
    flow.cancel();
    expect(worker.terminated).toBe(1);
    expect(useImport.getState().session).toBeNull();
    expect(worker.stored).toEqual([]);
  });

  it('hands a data package to the package flow instead of previewing it', async () => {
    const { flow, openPackage } = host();
    const bytes = new Uint8Array([1, 2, 3]);
    await flow.inspectFile('brief.cgpkg', bytes);
    expect(openPackage).toHaveBeenCalledWith('brief.cgpkg', bytes);
    expect(useImport.getState().session).toBeNull();
  });
});
