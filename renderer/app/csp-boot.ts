import './zod-jitless';
import { contentSecurityPolicy } from '../../shared/basemaps/csp';
import { storedOnlineOrigins } from '../state/basemaps-persisted';
import { storedHubOrigin } from '../state/hub-settings';

/**
 * Installs the page's Content-Security-Policy as a <meta> before any other module of the app runs
 * (main.tsx imports this first). index.html carries no static policy because a page can only add
 * policies, never relax one, and the policy must allow the origins of the online basemap sources
 * the user added (stored in localStorage): with none, it is the strict default. A source added
 * later is allowed after the next reload, which the basemap switcher does when it is selected. The
 * JOC hub's address is allowed the same way, for connections only.
 */
function install(): string[] {
  let origins: string[];
  let hub: string | null;
  try {
    origins = storedOnlineOrigins(localStorage.getItem.bind(localStorage));
    hub = storedHubOrigin(localStorage.getItem.bind(localStorage));
  } catch {
    origins = [];
    hub = null;
  }
  ALLOWED_HUB_ORIGIN = hub;
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = contentSecurityPolicy(origins, hub ? [hub] : []);
  document.head.prepend(meta);
  return origins;
}

/** The JOC hub's origin this page load's policy lets the app connect to (null: none). */
export let ALLOWED_HUB_ORIGIN: string | null = null;

/** Origins the policy of this page load allows for online basemaps. */
export const ALLOWED_ONLINE_ORIGINS: readonly string[] = install();
