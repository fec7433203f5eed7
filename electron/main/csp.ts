/**
 * The page's only policy. Everything the renderer needs ships inside app://bundle, so
 * nothing may load from elsewhere; 'wasm-unsafe-eval' is the one relaxation, for WebAssembly
 * parsers, and blob: workers/images are how MapLibre and exports hand data around.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' blob: data:",
  "worker-src 'self' blob:",
  "child-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
