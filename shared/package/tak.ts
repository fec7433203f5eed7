import { zipSync, type Zippable } from 'fflate';
import { serialiseKml } from '../io/serialise/kml';
import { xmlText } from '../io/serialise/xml-text';
import { titleOf } from './build';
import type { PackageInput } from './input';
import { planPackage, type PackagePreview } from './plan';

/**
 * buildTakPackage: the same selection as buildPackage (planPackage: withheld features and omitted
 * fields left out), as a TAK data package that ATAK, WinTAK and TAK Server import: a ZIP with
 * `MANIFEST/manifest.xml` (MissionPackageManifest version 2: uid and name parameters, one
 * Content entry per file) and one KML per layer written by the app's KML serialiser (its
 * colour, a Placemark per feature with every property as ExtendedData).
 *
 * TAK has no markings: the package marking goes in the package name ("CONFIDENTIAL – …") so the
 * receiving operator sees it in the data package list.
 */

export const TAK_MANIFEST_FILE = 'MANIFEST/manifest.xml';

export interface BuiltTakPackage {
  bytes: Uint8Array;
  preview: PackagePreview;
  /** The zip entries the manifest lists, in order. */
  contents: string[];
}

const encoder = new TextEncoder();

/** A file name from a layer name: letters, digits, '-' and '_' only, so every TAK client and unzip tool accepts it. */
function slug(name: string): string {
  const s = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return s.slice(0, 60) || 'layer';
}

export function buildTakPackage(input: PackageInput): BuiltTakPackage {
  const plan = planPackage(input);
  const uid = plan.input.packageId ?? crypto.randomUUID();
  const mtime = new Date(plan.input.createdAt ?? Date.now());
  const name = `${plan.preview.marking.classification} – ${titleOf(plan)}`;
  const contents: string[] = [];
  const files: Zippable = {};
  plan.selected.forEach((s, i) => {
    const path = `${uid}/${i + 1}-${slug(s.layer.name)}.kml`;
    const kml = serialiseKml([{ name: s.layer.name, features: s.features.map((f) => f.feature), ...(s.layer.style?.color ? { color: s.layer.style.color } : {}) }]);
    files[path] = [encoder.encode('text' in kml ? kml.text : ''), { mtime }];
    contents.push(path);
  });
  const manifest = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<MissionPackageManifest version="2">',
    '  <Configuration>',
    `    <Parameter name="uid" value="${xmlText(uid)}"/>`,
    `    <Parameter name="name" value="${xmlText(name)}"/>`,
    '    <Parameter name="onReceiveDelete" value="false"/>',
    '  </Configuration>',
    '  <Contents>',
    ...contents.map((c) => `    <Content ignore="false" zipEntry="${xmlText(c)}"/>`),
    '  </Contents>',
    '</MissionPackageManifest>',
    '',
  ].join('\n');
  const zippable: Zippable = { [TAK_MANIFEST_FILE]: [encoder.encode(manifest), { mtime }], ...files };
  return { bytes: zipSync(zippable), preview: plan.preview, contents };
}
