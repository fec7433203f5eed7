/**
 * The workstation's sharing directory once it is on a hub: the hub's organisations and groups
 * are the mission's, so they win over a local entry with the same id (an id names one party
 * across both, as in sharing-directory.ts; the local default's `force` group, say, gives way to
 * the hub's `force` organisation). What only this workstation knows stays, for packages by file.
 * A local organisation's short name and keys stay with it: the hub does not hold them.
 */
import { SharingDirectorySchema, type Organisation, type PartyGroup, type SharingDirectory } from './sharing-directory';

export interface HubDirectoryInput {
  organisations: readonly { id: string; name: string; clearance: string }[];
  groups: readonly { id: string; name: string; members: readonly string[] }[];
}

export function adoptHubDirectory(local: SharingDirectory, hub: HubDirectoryInput): SharingDirectory {
  const hubIds = new Set([...hub.organisations.map((o) => o.id), ...hub.groups.map((g) => g.id)]);
  const localOrgs = new Map(local.organisations.map((o) => [o.id, o]));
  const organisations: Organisation[] = [
    ...hub.organisations.map((o) => ({ ...localOrgs.get(o.id), id: o.id, name: o.name, clearance: o.clearance })),
    ...local.organisations.filter((o) => !hubIds.has(o.id)),
  ];
  const orgIds = new Set(organisations.map((o) => o.id));
  // A kept local group loses members that are no longer organisations, and goes when none is left.
  const groups: PartyGroup[] = [
    ...hub.groups.map((g) => ({ id: g.id, name: g.name, members: g.members.filter((m) => orgIds.has(m)) })),
    ...local.groups.filter((g) => !hubIds.has(g.id)).map((g) => ({ ...g, members: g.members.filter((m) => orgIds.has(m)) })).filter((g) => g.members.length > 0),
  ];
  return SharingDirectorySchema.parse({ organisations, groups });
}

/** Whether adopting changes anything, so an unchanged directory is not written again. */
export function sameDirectory(a: SharingDirectory, b: SharingDirectory): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
