import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { historyText } from '../../shared/domain/changeset';
import { Dialog } from '../app/Dialog';
import type { HubFlow } from '../app/hub-flow';
import { useHub, useHubSettings } from '../state/hub-settings';

/** Settings → JOC hub: the address, logging in (the password is not kept), the connection's details and logging out. */
export function HubDialog({ hub }: { hub: HubFlow }) {
  const { t } = useTranslation('hub');
  const settings = useHubSettings();
  const view = useHub();
  const [editing, setEditing] = useState(!settings.url);
  return (
    <Dialog title={t('title')} onClose={() => hub.close()}>
      <div className="hub-dialog">
        {editing || !settings.url ? (
          <AddressForm hub={hub} initial={settings.url ?? ''} onCancel={settings.url ? () => setEditing(false) : null} />
        ) : view.confirmLogout ? (
          <LogoutConfirm hub={hub} />
        ) : settings.token ? (
          <Connected hub={hub} />
        ) : (
          <LoginForm hub={hub} onChangeAddress={() => setEditing(true)} />
        )}
      </div>
    </Dialog>
  );
}

function AddressForm({ hub, initial, onCancel }: { hub: HubFlow; initial: string; onCancel: (() => void) | null }) {
  const { t } = useTranslation('hub');
  const [text, setText] = useState(initial);
  const [bad, setBad] = useState(false);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void hub.setAddress(text).then((ok) => {
          setBad(!ok);
          if (ok) onCancel?.();
        });
      }}
    >
      <label className="field">
        <span>{t('address')}</span>
        <input name="hub-address" value={text} placeholder="https://hub.mission.un:8443" onChange={(e) => setText(e.target.value)} autoFocus />
      </label>
      <p className="muted">{t('addressHint')}</p>
      {bad && (
        <p className="error" role="alert">
          {t('addressInvalid')}
        </p>
      )}
      <div className="modal-actions">
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('cancel')}
          </button>
        )}
        <button type="submit" className="primary">
          {t('saveAddress')}
        </button>
      </div>
    </form>
  );
}

function LoginForm({ hub, onChangeAddress }: { hub: HubFlow; onChangeAddress(): void }) {
  const { t } = useTranslation(['hub', 'messages']);
  const url = useHubSettings((s) => s.url);
  const [login, setLogin] = useState(useHubSettings.getState().login);
  const [password, setPassword] = useState('');
  const { busy, loginError } = useHub();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void hub.login(login.trim(), password).then(() => setPassword(''));
      }}
    >
      <p>
        {t('hub:loginTo')} <strong className="hub-url">{url}</strong>{' '}
        <button type="button" className="link" onClick={onChangeAddress}>
          {t('hub:changeAddress')}
        </button>
      </p>
      <label className="field">
        <span>{t('hub:user')}</span>
        <input name="hub-login" value={login} autoComplete="username" onChange={(e) => setLogin(e.target.value)} autoFocus />
      </label>
      <label className="field">
        <span>{t('hub:password')}</span>
        <input name="hub-password" type="password" value={password} autoComplete="current-password" onChange={(e) => setPassword(e.target.value)} />
      </label>
      {loginError && (
        <p className="error" role="alert" data-testid="hub-login-error">
          {t(`messages:${loginError}`)}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" onClick={() => hub.close()}>
          {t('hub:close')}
        </button>
        <button type="submit" className="primary" disabled={busy || !login.trim() || !password}>
          {t('hub:login')}
        </button>
      </div>
    </form>
  );
}

function Connected({ hub }: { hub: HubFlow }) {
  const { t, i18n } = useTranslation(['hub', 'messages']);
  const settings = useHubSettings();
  const state = useHub((s) => s.state);
  const status = state?.status ?? 'stopped';
  const time = (ms: number | null | undefined) => (ms ? new Date(ms).toLocaleString(i18n.language) : t('hub:never'));
  return (
    <>
      <dl className="hub-details" data-testid="hub-details">
        <dt>{t('hub:state')}</dt>
        <dd data-status={status}>{t(`hub:status.${status}`)}</dd>
        <dt>{t('hub:address')}</dt>
        <dd className="hub-url">{settings.url}</dd>
        <dt>{t('hub:user')}</dt>
        <dd>
          {settings.login} ({settings.orgId})
        </dd>
        <dt>{t('hub:waiting')}</dt>
        <dd>{(state?.pending ?? 0).toLocaleString(i18n.language)}</dd>
        <dt>{t('hub:lastSync')}</dt>
        <dd>{time(state?.lastSyncAt)}</dd>
        {state?.lastError && (
          <>
            <dt>{t('hub:lastError')}</dt>
            <dd>{t(`messages:${state.lastError}`)}</dd>
          </>
        )}
        {state?.retryInMs != null && (
          <>
            <dt>{t('hub:retry')}</dt>
            <dd>{t('hub:retryIn', { seconds: Math.ceil(state.retryInMs / 1000) })}</dd>
          </>
        )}
      </dl>
      <div className="modal-actions">
        <button type="button" onClick={() => void hub.askLogout()}>
          {t('hub:logout')}
        </button>
        <button type="button" onClick={() => void hub.syncNow()}>
          {t('hub:syncNow')}
        </button>
        <button type="button" className="primary" onClick={() => hub.close()}>
          {t('hub:close')}
        </button>
      </div>
    </>
  );
}

function LogoutConfirm({ hub }: { hub: HubFlow }) {
  const { t } = useTranslation(['hub', 'history']);
  const pending = useHub((s) => s.confirmLogout) ?? [];
  return (
    <>
      <p>{t('hub:logoutExplain')}</p>
      {pending.length > 0 ? (
        <>
          <p className="error" role="alert">
            {t('hub:logoutUnsent', { count: pending.length })}
          </p>
          <ul className="hub-unsent" data-testid="hub-unsent">
            {pending.slice(0, 20).map((summary, i) => (
              <li key={i}>{historyText(t, { summary })}</li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">{t('hub:logoutNothingUnsent')}</p>
      )}
      <div className="modal-actions">
        <button type="button" onClick={() => useHub.setState({ confirmLogout: null })}>
          {t('hub:cancel')}
        </button>
        <button type="button" className="danger" onClick={() => void hub.logout()}>
          {t('hub:logoutConfirm')}
        </button>
      </div>
    </>
  );
}
