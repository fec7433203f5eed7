/**
 * The renderer is served from a privileged custom scheme rather than file:// so that it has
 * a real origin (for CSP 'self', fetch and workers) and cannot read arbitrary local files.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True for URLs of our own bundle; parsed rather than prefix-matched so `app://bundle.evil` fails. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Only web links leave the app (through the system browser); file:, javascript: and the rest never do. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
