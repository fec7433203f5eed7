/**
 * The mission's sharing directory: the organisations data may be released to, and named groups
 * of them ("Mission-wide", "UN family", "Force"…). It is data the user edits and imports.
 *
 * Organisation ids and group ids share one namespace, so a party id in a marking's
 * `releasableTo` names exactly one of them. Groups have organisations as members, one level
 * deep: the hub implements the same expansion in SQL as a single join, so a group may not
 * contain a group.
 */
import { z } from 'zod';

const Id = z.string().trim().min(1).max(100);

/**
 * A key an organisation signs data packages with (shared/package/signing.ts): Ed25519, the raw
 * 32-byte public key in base64. Listing it here is what makes its signatures trusted.
 */
export const SigningKeySchema = z.object({
  id: Id,
  algorithm: z.literal('Ed25519'),
  publicKey: z.base64().length(44),
});
export type SigningKey = z.infer<typeof SigningKeySchema>;

export const OrganisationSchema = z.object({
  id: Id,
  name: z.string().trim().min(1).max(200),
  shortName: z.string().trim().min(1).max(50).optional(),
  /** The highest classification level (a scheme level code) this organisation may receive. */
  clearance: z.string().min(1).max(100),
  /** Keys for encrypting packages to this organisation: SubjectPublicKeyInfo, base64. */
  publicKeys: z.array(z.object({ id: Id, spki: z.base64() })).optional(),
  /** Keys whose signatures on data packages are trusted as this organisation's (absent: none). */
  keys: z.array(SigningKeySchema).optional(),
});
export type Organisation = z.infer<typeof OrganisationSchema>;

export const PartyGroupSchema = z.object({
  id: Id,
  name: z.string().trim().min(1).max(200),
  members: z.array(Id),
});
export type PartyGroup = z.infer<typeof PartyGroupSchema>;

export const SharingDirectorySchema = z
  .object({
    organisations: z.array(OrganisationSchema),
    groups: z.array(PartyGroupSchema),
  })
  .superRefine((dir, ctx) => {
    const orgIds = new Set<string>();
    const seen = new Set<string>();
    const unique = (id: string, path: (string | number)[]): void => {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path, message: 'duplicate-party-id', params: { id } });
      seen.add(id);
    };
    dir.organisations.forEach((o, i) => {
      unique(o.id, ['organisations', i, 'id']);
      orgIds.add(o.id);
    });
    dir.groups.forEach((g, i) => {
      unique(g.id, ['groups', i, 'id']);
      g.members.forEach((m, j) => {
        if (!orgIds.has(m)) ctx.addIssue({ code: 'custom', path: ['groups', i, 'members', j], message: 'group-member-not-organisation', params: { id: m } });
      });
    });
  });
export type SharingDirectory = z.infer<typeof SharingDirectorySchema>;

export const EMPTY_DIRECTORY: SharingDirectory = { organisations: [], groups: [] };

/**
 * The organisation ids a list of parties stands for: an organisation id is itself, a group id
 * is its members. Ids the directory does not know stand for nobody (fail closed).
 */
export function expandParties(parties: readonly string[], directory: SharingDirectory): Set<string> {
  const orgIds = new Set(directory.organisations.map((o) => o.id));
  const groups = new Map(directory.groups.map((g) => [g.id, g]));
  const out = new Set<string>();
  for (const p of parties) {
    if (orgIds.has(p)) out.add(p);
    for (const m of groups.get(p)?.members ?? []) if (orgIds.has(m)) out.add(m);
  }
  return out;
}

export function findOrganisation(directory: SharingDirectory, id: string): Organisation | undefined {
  return directory.organisations.find((o) => o.id === id);
}
