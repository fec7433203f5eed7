/**
 * The warning codes that mean the importer changed a feature's data to make it valid (a safe
 * repair), as opposed to notes that leave the data as it was. The preview counts the features
 * each one touched, so nothing is changed without the user being told how many times.
 */
export const REPAIR_CODES: ReadonlySet<string> = new Set([
  'ring-closed',
  'rewound',
  'antimeridian-split',
  'antimeridian-normalised',
  'clamped',
  'missing-properties',
  'changed-semantics',
]);

export function isRepair(code: string): boolean {
  return REPAIR_CODES.has(code);
}
