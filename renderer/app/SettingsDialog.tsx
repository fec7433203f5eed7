import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSettings } from '../state/settings';
import { Dialog } from './Dialog';

export function SettingsDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const settings = useSettings();
  const [name, setName] = useState(settings.authorName);
  const [org, setOrg] = useState(settings.authorOrg);
  return (
    <Dialog title={t('settings.title')} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          settings.update({ authorName: name.trim() || settings.authorName, authorOrg: org.trim() });
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
        <div className="modal-actions">
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
