/** The workstation's hub side over a fresh store, for the HubLocal tests. */
import { afterEach } from 'vitest';
import { FeatureStore } from '../../../renderer/db/feature-store';
import { HubLocal, type HubLocalEvent } from '../../../renderer/db/hub-local';
import type { CgFeature } from '../../../shared/domain/feature';
import { EXCHANGED_VERSION } from '../../../shared/sync/content';
import { freshDbName } from './fixtures';

export interface HubLocalBench {
  s: FeatureStore;
  hub: HubLocal;
  events: HubLocalEvent[];
}

/** Call once at a test file's top level: the returned setup opens a store, closed after each test. */
export function hubLocalSetup(): () => Promise<HubLocalBench> {
  const open: FeatureStore[] = [];
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  return async () => {
    const s = await FeatureStore.open(freshDbName());
    open.push(s);
    const events: HubLocalEvent[] = [];
    return { s, hub: new HubLocal(s, 'https://hub.mission', (e) => events.push(e)), events };
  };
}

/** A feature as the hub sent it: its version there is its exchanged version. */
export function fromHub(f: CgFeature, version: number): CgFeature {
  return { ...f, properties: { ...f.properties, version, [EXCHANGED_VERSION]: version } };
}
