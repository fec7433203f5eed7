/**
 * Classification values stored before the UN scheme (ST/SGB/2007/6) became the default, and
 * their mapping onto it.
 *
 * Never downgrade: the old list had "UN RESTRICTED" between unclassified and confidential, and the
 * UN scheme has no such level. Mapping it down to UNCLASSIFIED would release restricted data to
 * everyone, so it goes up to the lowest level at least as restrictive, CONFIDENTIAL. Values that
 * were never one of the old list (free text typed by a user or imported) are kept as they are;
 * the release rule treats them as unknown and releases them to nobody but the originator.
 * The old `releasability` free text is not touched: no one can turn it into party ids reliably.
 */
export const LEGACY_CLASSIFICATION_MAP: Readonly<Record<string, string>> = {
  UNCLASSIFIED: 'UNCLASSIFIED',
  'UN RESTRICTED': 'CONFIDENTIAL',
  'UN CONFIDENTIAL': 'CONFIDENTIAL',
  'UN SECRET': 'STRICTLY CONFIDENTIAL',
};

const key = (value: string): string => value.trim().toUpperCase().replace(/[\s_-]+/g, ' ');

/** The UN-scheme value for a stored classification; free text comes back unchanged. */
export function migrateClassification(value: string): string {
  return LEGACY_CLASSIFICATION_MAP[key(value)] ?? value;
}

/**
 * Feature or layer properties with their classification migrated; the same object when nothing
 * changes (so callers can skip rewriting what did not change).
 */
export function migrateMarkedProperties<T extends { classification?: unknown }>(props: T): T {
  if (typeof props.classification !== 'string') return props;
  const next = migrateClassification(props.classification);
  return next === props.classification ? props : { ...props, classification: next };
}
