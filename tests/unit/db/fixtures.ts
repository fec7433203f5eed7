/** Shared builders and probes for the store tests. */
import type { DBCore, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';
import { changeSummary, type ChangeSummary, type Changeset, type Op } from '../../../shared/domain/changeset';
import type { Author, CgFeature } from '../../../shared/domain/feature';
import type { Layer } from '../../../shared/domain/layer';
import type { Marking } from '../../../shared/domain/marking';
import { FeatureStore, type LayerInfo } from '../../../renderer/db/feature-store';
import { CgDatabase } from '../../../renderer/db/schema';

export const OFFICER: Author = { name: 'Capt. A. Diallo', org: 'MINUSCA JOC' };
export const ANALYST: Author = { name: 'M. Laurent', org: 'MINUSCA GIS' };

let dbCounter = 0;
export function freshDbName(): string {
  return `cg-test-${Date.now()}-${dbCounter++}`;
}

const EVENT_TYPES = ['Battles', 'Riots', 'Protests', 'Violence against civilians'] as const;

export function incident(i: number, overrides: Partial<CgFeature['properties']> = {}): CgFeature {
  return {
    type: 'Feature',
    id: `inc-${String(i).padStart(6, '0')}`,
    geometry: { type: 'Point', coordinates: [18 + (i % 100) * 0.01, 4 + Math.floor(i / 100) * 0.01] },
    properties: {
      name: `Incident ${i}`,
      org: 'MINUSCA',
      classification: 'CONFIDENTIAL',
      createdBy: OFFICER.name,
      createdAt: '2026-11-22T14:30:00Z',
      updatedBy: OFFICER.name,
      updatedAt: '2026-11-22T14:30:00Z',
      version: 1,
      eventDate: '2026-11-21',
      timePrecision: 'day',
      eventType: EVENT_TYPES[i % EVENT_TYPES.length],
      fatalities: i % 7,
      verification: 'unverified',
      locationName: `Village ${i % 37}`,
      ...overrides,
    },
  };
}

export function incidents(from: number, count: number): CgFeature[] {
  return Array.from({ length: count }, (_, k) => incident(from + k));
}

export function site(id: string, ring: [number, number][]): CgFeature {
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Polygon', coordinates: [ring] },
    properties: {
      name: `Site ${id}`,
      classification: 'UNCLASSIFIED',
      createdBy: ANALYST.name,
      createdAt: '2026-11-20',
      updatedBy: ANALYST.name,
      updatedAt: '2026-11-20',
      version: 1,
      siteType: 'idp_site',
      notified: true,
      protectionRadiusM: 500,
    },
  };
}

/** A feature as an edit would leave it: new values, bumped version. */
export function edited(f: CgFeature, props: CgFeature['properties'], by: Author = ANALYST): CgFeature {
  const version = typeof f.properties.version === 'number' ? f.properties.version + 1 : 1;
  return { ...f, properties: { ...f.properties, ...props, updatedBy: by.name, updatedAt: '2026-11-23T08:00:00Z', version } };
}

export const LAYER_MARKING: Marking = { classification: 'UNCLASSIFIED', caveats: [], originator: 'joc', releasableTo: ['mission'] };

export function layer(id: string, overrides: Partial<Layer> = {}): Layer {
  return {
    marking: LAYER_MARKING,
    id,
    name: `Layer ${id}`,
    kind: 'incident',
    owner: 'MINUSCA JOC',
    visible: true,
    opacity: 1,
    order: 0,
    createdAt: '2026-11-22T14:30:00Z',
    updatedAt: '2026-11-22T14:30:00Z',
    ...overrides,
  };
}

let csCounter = 0;
/** A changeset whose summary is `what`, or, given a name, "Edit <name>". */
export function changeset(what: string | ChangeSummary, ops: Op[], by: Author = OFFICER, at = '2026-11-22T15:00:00Z'): Changeset {
  const summary = typeof what === 'string' ? changeSummary('edit', { name: what }) : what;
  return { id: `cs-${csCounter++}-${summary.key}`, summary, at, by, ops };
}

export function createLayerChangeset(l: Layer, features: CgFeature[], summary: ChangeSummary = changeSummary('import', { file: l.name })): Changeset {
  return changeset(summary, [{ op: 'putLayer', layer: l }, { op: 'putFeatures', layerId: l.id, features }]);
}

export interface Snapshot {
  layers: LayerInfo[];
  features: Record<string, CgFeature[]>;
}

/** Everything a user could see, with features sorted by id (order within a layer is not a guarantee). */
export async function snapshot(store: FeatureStore): Promise<Snapshot> {
  const layers = await store.listLayers();
  const features: Record<string, CgFeature[]> = {};
  for (const l of layers) {
    features[l.id] = (await store.getLayerFeatures(l.id)).sort((a, b) => a.id.localeCompare(b.id));
  }
  return { layers, features };
}

/** What reached IndexedDB, per table: read requests and written/deleted keys. */
export class CoreProbe {
  reads: Record<string, number> = {};
  mutations: { table: string; type: DBCoreMutateRequest['type']; values: unknown[] }[] = [];
  /** When set, a mutation on this table fails (simulates a disk or quota error mid-transaction). */
  failOn: string | null = null;

  reset(): void {
    this.reads = {};
    this.mutations = [];
  }

  written(table: string): unknown[] {
    return this.mutations.filter((m) => m.table === table && (m.type === 'put' || m.type === 'add')).flatMap((m) => m.values);
  }

  mutationTypes(table: string): string[] {
    return this.mutations.filter((m) => m.table === table).map((m) => m.type);
  }

  middleware(): Middleware<DBCore> {
    return {
      stack: 'dbcore',
      name: 'test-probe',
      create: (down) => ({
        ...down,
        table: (name: string): DBCoreTable => {
          const t = down.table(name);
          const read = (): void => {
            this.reads[name] = (this.reads[name] ?? 0) + 1;
          };
          return {
            ...t,
            mutate: (req) => {
              if (this.failOn === name) return Promise.reject(new Error(`simulated failure writing ${name}`));
              const values = req.type === 'put' || req.type === 'add' ? [...req.values] : req.type === 'delete' ? [...req.keys] : [];
              this.mutations.push({ table: name, type: req.type, values });
              return t.mutate(req);
            },
            get: (req) => (read(), t.get(req)),
            getMany: (req) => (read(), t.getMany(req)),
            query: (req) => (read(), t.query(req)),
            openCursor: (req) => (read(), t.openCursor(req)),
            count: (req) => (read(), t.count(req)),
          };
        },
      }),
    };
  }
}

export async function openProbed(name: string): Promise<{ store: FeatureStore; probe: CoreProbe }> {
  const probe = new CoreProbe();
  const db = new CgDatabase(name);
  db.use(probe.middleware());
  return { store: await FeatureStore.attach(db), probe };
}
