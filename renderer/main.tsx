// First: installs the page's Content-Security-Policy before any other module runs.
import './app/csp-boot';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';
import { detectLanguage, initI18n } from './i18n';
import { detectPlatform } from './platform';
import { useSettings } from './state/settings';
import { Workspace } from './app/workspace';
import { createStoreClient } from './workers/store-client';
import './app/styles.css';

const settings = useSettings.getState();
const i18n = initI18n(detectLanguage(settings.language));
document.documentElement.lang = i18n.language;

const workspace = new Workspace(createStoreClient(), detectPlatform(), i18n.t.bind(i18n));
const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <ErrorBoundary>
    <App workspace={workspace} />
  </ErrorBoundary>,
);
void workspace.start().catch((e: unknown) => {
  workspace.notify('error', () => i18n.t('errors.storeUnavailable', { reason: e instanceof Error ? e.message : String(e) }));
});
