import * as mgrsModule from 'mgrs';

export type MgrsApi = Pick<typeof mgrsModule, 'forward' | 'toPoint' | 'inverse'>;

/**
 * The mgrs package, whichever way it was loaded: it ships ESM with named exports (Vite, vitest)
 * and a UMD build whose exports node's CommonJS interop sees only as `default` (the CLI under
 * tsx). Every module that converts MGRS imports it from here.
 */
export const mgrs: MgrsApi =
  typeof (mgrsModule as Partial<MgrsApi>).forward === 'function' ? mgrsModule : (mgrsModule as unknown as { default: MgrsApi }).default;
