import { useState } from 'react';
import { useHub } from '../state/hub-settings';
import { useTranslation } from 'react-i18next';
import { useSettings } from '../state/settings';
import { useSharingDirectory } from '../state/sharing-directory-store';
import { openDialog } from '../state/dialog-store';
import { Dialog } from './Dialog';

export function SettingsDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const settings = useSettings();
  const directory = useSharingDirectory((s) => s.directory);
  const [name, setName] = useState(settings.authorName);
  const [org, setOrg] = useState(settings.authorOrg);
  const [organisationId, setOrganisationId] = useState(settings.organisationId);
  const known = directory.organisations.some((o) => o.id === organisationId);
  return (
    <Dialog title={t('settings.title')} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          settings.update({ authorName: name.trim() || settings.authorName, authorOrg: org.trim(), organisationId });
          onClose();
        }}
      >
        <label>
          <span>{t('settings.authorName')}</span>
          <input value={name} maxLength={200} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          <span>{t('settings.authorOrg')}</span>
          <input value={org} maxLength={200} onChange={(e) => setOrg(e.target.value)} />
        </label>
        <p className="muted">{t('settings.authorHint')}</p>
        <label>
          <span>{t('markings:settings.organisation')}</span>
          <select value={organisationId} onChange={(e) => setOrganisationId(e.target.value)}>
            <option value="">{t('markings:settings.organisationNone')}</option>
            {directory.organisations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.shortName ? `${o.shortName} — ${o.name}` : o.name}
              </option>
            ))}
            {organisationId && !known && <option value={organisationId}>{organisationId}</option>}
          </select>
        </label>
        <p className="muted">{t('markings:settings.organisationHint')}</p>
        <div className="modal-actions">
          <button type="button" className="left" onClick={() => openDialog('sharing-directory')}>
            {t('markings:settings.editDirectory')}
          </button>
          <button
            type="button"
            onClick={() => {
              onClose();
              useHub.setState({ open: true, loginError: null });
            }}
          >
            {t('hub:settingsButton')}
          </button>
          <button type="button" onClick={onClose}>
            {t('actions.cancel')}
          </button>
          <button type="submit" className="primary">
            {t('actions.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
