import './zod-jitless';
import { contentSecurityPolicy } from '../../shared/basemaps/csp';
import { storedOnlineOrigins } from '../state/basemaps-persisted';

/**
 * Installs the page's Content-Security-Policy as a <meta> before any other module of the app runs
 * (main.tsx imports this first). index.html carries no static policy because a page can only add
 * policies, never relax one, and the policy must allow the origins of the online basemap sources
 * the user added (stored in localStorage): with none, it is the strict default. A source added
 * later is allowed after the next reload, which the basemap switcher does when it is selected.
 */
function install(): string[] {
  let origins: string[];
  try {
    origins = storedOnlineOrigins(localStorage.getItem.bind(localStorage));
  } catch {
    origins = [];
  }
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = contentSecurityPolicy(origins);
  document.head.prepend(meta);
  return origins;
}

/** Origins the policy of this page load allows for online basemaps. */
export const ALLOWED_ONLINE_ORIGINS: readonly string[] = install();
