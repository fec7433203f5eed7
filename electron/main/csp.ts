import { contentSecurityPolicy } from '../../shared/basemaps/csp';

/**
 * The page's policy as a header. Everything the renderer needs ships inside app://bundle, so
 * nothing may load from elsewhere ('wasm-unsafe-eval' is for WebAssembly parsers, blob:
 * workers/images are how MapLibre and exports hand data around), except tiles from the online
 * basemap sources the user added (see shared/basemaps/csp.ts). The page installs the same policy
 * as a <meta> (renderer/app/csp-boot.ts); both apply, so both must allow an origin.
 */
export function appContentSecurityPolicy(userOrigins: readonly string[] = [], hubOrigins: readonly string[] = []): string {
  return `${contentSecurityPolicy(userOrigins, hubOrigins)}; frame-ancestors 'none'`;
}

/** The policy with no online source added. */
export const CONTENT_SECURITY_POLICY = appContentSecurityPolicy();
