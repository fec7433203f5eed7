import { LayerBuilder, warn } from '../io/layer-builder';
import type { FormatDef, ParseResult, Problem } from '../io/types';
import { firstZipEntryName } from '../io/zip';
import { MANIFEST_FILE } from './manifest';
import { readPackage } from './read';

/**
 * The data package as an import format of shared/io's registry, so `cop inspect`, `cop convert`
 * and the import dialog's plain path read its layers like any file's. Markings, base versions
 * and the signature's trust need the package path (readPackage, then shared/sync's merge): here
 * no key is trusted, so a signed package reads as 'untrusted-signer', and the warnings say so.
 */

export const PACKAGE_FORMAT_ID = 'cg-package';

async function parsePackage(bytes: Uint8Array): Promise<ParseResult> {
  const read = await readPackage(bytes);
  if (!read.ok) return { ok: false, format: PACKAGE_FORMAT_ID, error: { code: `package:refusals.${read.code}`, params: read.params } };
  const warnings: Problem[] = read.warnings.map((w) => warn(`package-${w.code}`, w.params));
  const refused: Problem[] = [];
  const layers = read.manifest.layers.map((l) => {
    const builder = new LayerBuilder();
    // LayerBuilder repairs features in place; the copy keeps readPackage's result as read.
    for (const f of read.features[l.id] ?? []) builder.addFeature(structuredClone(f.feature));
    refused.push(...builder.refused.toArray());
    warnings.push(...builder.warnings.toArray());
    return builder.layer(l.name);
  });
  return { ok: true, format: PACKAGE_FORMAT_ID, layers, refused, warnings };
}

export const packageFormat: FormatDef = {
  id: PACKAGE_FORMAT_ID,
  label: 'Common Ground data package',
  // '.zip' too: a package saved or mailed as .zip is told from a zipped shapefile by its first entry.
  extensions: ['.cgpkg', '.zip'],
  mimeTypes: ['application/zip'],
  sniff(_head: string, bytes: Uint8Array): boolean {
    return firstZipEntryName(bytes) === MANIFEST_FILE;
  },
  parse: parsePackage,
};
