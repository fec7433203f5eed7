import { useTranslation } from 'react-i18next';
import { useHub, useHubSettings } from '../state/hub-settings';
import type { HubFlow } from '../app/hub-flow';

/**
 * The JOC hub's connection in the top bar, always shown: not connected, logged out, connected,
 * syncing or offline, with the changes waiting to be pushed and the time of the last sync. A
 * click opens the hub dialog with the details.
 */
export function HubStatus({ hub }: { hub: HubFlow }) {
  const { t, i18n } = useTranslation('hub');
  const url = useHubSettings((s) => s.url);
  const token = useHubSettings((s) => s.token);
  const state = useHub((s) => s.state);
  const status = !url ? 'none' : !token ? 'loggedOut' : (state?.status ?? 'stopped');
  const last = state?.lastSyncAt ? new Date(state.lastSyncAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' }) : null;
  const pending = state?.pending ?? 0;
  return (
    <button type="button" className={`hub-status hub-${status}`} data-testid="hub-status" data-status={status} onClick={() => hub.open()} title={t('status.details')}>
      <span className="hub-dot" aria-hidden="true" />
      <span>{t(`status.${status}`)}</span>
      {pending > 0 && (
        <span className="count" data-testid="hub-pending" title={t('status.pending', { count: pending })}>
          {pending.toLocaleString(i18n.language)}
        </span>
      )}
      {last && status !== 'none' && (
        <span className="hub-last" title={t('status.lastSync', { time: last })}>
          {last}
        </span>
      )}
    </button>
  );
}
