/**
 * Data packages (issue 12): the API the package dialogs and `cop` use.
 *
 * Sending: planPackage(input) → the preview (what goes, what is withheld and why, sensitive
 * fields, the package marking) for the dialog; buildPackage(input, {signer}) → the ZIP bytes and
 * the same preview; buildTakPackage(input) → a TAK data package of the same selection.
 * Receiving: readPackage(bytes, {trustedKeys: trustedKeysOf(directory)}) → a refusal
 * {ok: false, code, params} or the manifest, layers and features (each fits shared/sync's
 * IncomingFeature, so mergeIncoming takes them as they are), the signature's status and warnings.
 * Keys: generateSigningKeyPair, signingIdentity, export/import of public keys (raw base64 or
 * JWK) and private keys (JWK), keyIdOf for the fingerprint people compare.
 * Every code has an entry in the `package` i18n namespace (refusals., warnings., withheld.,
 * signature.); `cop` words them from the same catalogue (shared/cli/catalogue.ts).
 */
export { buildPackage, type BuildOptions, type BuiltPackage } from './build';
export { buildTakPackage, TAK_MANIFEST_FILE, type BuiltTakPackage } from './tak';
export { planPackage, type LayerPreview, type PackagePlan, type PackagePreview, type Reason, type WithheldCode, type WithheldFeature } from './plan';
export { readPackage, type PackageRefusalCode, type PackageWarningCode, type ReadFeature, type ReadPackage, type ReadPackageResult, type SignatureCheck } from './read';
export { PackageInputSchema, type PackageFeature, type PackageInput, type PackageLayer, type Sender } from './input';
export { MANIFEST_FILE, SIGNATURE_FILE, LAYERS_FILE, PACKAGE_FORMAT_VERSION, type Manifest } from './manifest';
export {
  exportPrivateKeyJwk,
  exportPublicKey,
  exportPublicKeyJwk,
  generateSigningKeyPair,
  importPrivateKeyJwk,
  importPublicKey,
  keyIdOf,
  signingIdentity,
  trustedKeysOf,
  type SigningIdentity,
  type TrustedKey,
} from './signing';
