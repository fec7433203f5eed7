/**
 * The sharing directory as a file the user imports and exports (one JSON document), and the
 * directory a new installation starts with.
 */
import { z } from 'zod';
import { SharingDirectorySchema, type SharingDirectory } from './sharing-directory';

export const DIRECTORY_FILE_TYPE = 'common-ground/sharing-directory';

const DirectoryFileSchema = z.object({
  type: z.literal(DIRECTORY_FILE_TYPE),
  version: z.literal(1),
  directory: SharingDirectorySchema,
});

/**
 * A typical mission: the mission's own components, the UN agencies, and the humanitarian
 * community beyond the UN, with the groups markings name most often. Clearances are levels of
 * the UN scheme; ids follow the hub's organisation id rule (lower case, digits, underscores).
 */
export const DEFAULT_DIRECTORY: SharingDirectory = {
  organisations: [
    { id: 'joc', name: 'Joint Operations Centre', shortName: 'JOC', clearance: 'STRICTLY CONFIDENTIAL' },
    { id: 'jmac', name: 'Joint Mission Analysis Centre', shortName: 'JMAC', clearance: 'STRICTLY CONFIDENTIAL' },
    { id: 'fhq', name: 'Force Headquarters', shortName: 'FHQ', clearance: 'STRICTLY CONFIDENTIAL' },
    { id: 'sector_east', name: 'Sector East', clearance: 'CONFIDENTIAL' },
    { id: 'unpol', name: 'UN Police', shortName: 'UNPOL', clearance: 'CONFIDENTIAL' },
    { id: 'civil_affairs', name: 'Civil Affairs', clearance: 'CONFIDENTIAL' },
    { id: 'ocha', name: 'OCHA', clearance: 'CONFIDENTIAL' },
    { id: 'unhcr', name: 'UNHCR', clearance: 'CONFIDENTIAL' },
    { id: 'wfp', name: 'WFP', clearance: 'CONFIDENTIAL' },
    { id: 'unicef', name: 'UNICEF', clearance: 'CONFIDENTIAL' },
    { id: 'ngo_forum', name: 'NGO Forum', clearance: 'UNCLASSIFIED' },
  ],
  groups: [
    { id: 'mission', name: 'Mission-wide', members: ['joc', 'jmac', 'fhq', 'sector_east', 'unpol', 'civil_affairs'] },
    { id: 'un_family', name: 'UN family', members: ['joc', 'jmac', 'fhq', 'sector_east', 'unpol', 'civil_affairs', 'ocha', 'unhcr', 'wfp', 'unicef'] },
    { id: 'humanitarian', name: 'Humanitarian community', members: ['ocha', 'unhcr', 'wfp', 'unicef', 'ngo_forum'] },
    { id: 'force', name: 'Force', members: ['fhq', 'sector_east', 'joc'] },
  ],
};

export function serialiseDirectory(directory: SharingDirectory): string {
  return `${JSON.stringify({ type: DIRECTORY_FILE_TYPE, version: 1, directory }, null, 2)}\n`;
}

export type DirectoryReadResult =
  | { ok: true; directory: SharingDirectory }
  | { ok: false; problem: { code: 'not-json' | 'not-a-directory' | 'invalid-directory'; params: Record<string, string> } };

/** Reads an exported directory file; a problem names the first thing wrong (path and message code). */
export function readDirectoryFile(text: string): DirectoryReadResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: { code: 'not-json', params: {} } };
  }
  const type = (json as { type?: unknown } | null)?.type;
  if (type !== DIRECTORY_FILE_TYPE) return { ok: false, problem: { code: 'not-a-directory', params: {} } };
  const parsed = DirectoryFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: { code: 'invalid-directory', params: { path: issue?.path.join('.') ?? '', detail: issue?.message ?? '' } } };
  }
  return { ok: true, directory: parsed.data.directory };
}

/** An id for a new organisation or group from its name, unique among `taken`, in the hub's id form. */
export function partyIdFor(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .replace(/^([^a-z])/, 'o_$1')
      .slice(0, 26) || 'org';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  return id;
}
