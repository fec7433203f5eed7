import { useState } from 'react';
import { useHub } from '../state/hub-settings';
import { useTranslation } from 'react-i18next';
import { readSchemeFile, type SchemeChoice } from '../../shared/domain/marking-scheme-file';
import type { Platform } from '../platform';
import { useSettings } from '../state/settings';
import { useSharingDirectory } from '../state/sharing-directory-store';
import { openDialog } from '../state/dialog-store';
import { Dialog } from './Dialog';

/** The scheme choice: the UN's, the NATO example, or a scheme JSON file the user imports (checked with zod; each refusal worded). */
function SchemeChooser({ platform, choice, onChange }: { platform: Platform; choice: SchemeChoice; onChange(c: SchemeChoice): void }) {
  const { t } = useTranslation('markings');
  const [imported, setImported] = useState(typeof choice === 'object' ? choice : null);
  const [status, setStatus] = useState<{ tone: 'info' | 'error'; text: string } | null>(null);
  const importFile = async () => {
    const opened = await platform.openFiles({ title: t('settings.schemeImport'), filters: [{ name: 'JSON', extensions: ['json'] }], multiple: false });
    const file = opened.files[0];
    if (!file) return;
    const r = readSchemeFile(new TextDecoder().decode(file.bytes));
    if (!r.ok) {
      setStatus({ tone: 'error', text: t('settings.schemeRefused', { file: file.name, reason: t(`schemeRefusals.${r.code}`, r.params) }) });
      return;
    }
    const next = { imported: r.scheme };
    setImported(next);
    onChange(next);
    setStatus({ tone: 'info', text: t('settings.schemeImportedDone', { name: r.scheme.name, file: file.name, count: r.scheme.levels.length }) });
  };
  return (
    <>
      <label>
        <span>{t('settings.scheme')}</span>
        <select value={typeof choice === 'object' ? 'imported' : choice} onChange={(e) => onChange(e.target.value === 'imported' && imported ? imported : e.target.value === 'nato' ? 'nato' : 'un')}>
          <option value="un">{t('settings.schemeUn')}</option>
          <option value="nato">{t('settings.schemeNato')}</option>
          {imported && <option value="imported">{t('settings.schemeImported', { name: imported.imported.name })}</option>}
        </select>
      </label>
      <p>
        <button type="button" onClick={() => void importFile()}>
          {t('settings.schemeImport')}
        </button>
      </p>
      {status && (
        <p role={status.tone === 'error' ? 'alert' : 'status'} className={status.tone === 'error' ? 'bad' : 'muted'}>
          {status.text}
        </p>
      )}
      <p className="muted">{t('settings.schemeHint')}</p>
    </>
  );
}

export function SettingsDialog({ platform, onClose }: { platform: Platform; onClose(): void }) {
  const { t } = useTranslation();
  const settings = useSettings();
  const directory = useSharingDirectory((s) => s.directory);
  const [name, setName] = useState(settings.authorName);
  const [org, setOrg] = useState(settings.authorOrg);
  const [organisationId, setOrganisationId] = useState(settings.organisationId);
  const [scheme, setScheme] = useState<SchemeChoice>(settings.markingScheme);
  const known = directory.organisations.some((o) => o.id === organisationId);
  return (
    <Dialog title={t('common:settings.title')} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          settings.update({ authorName: name.trim() || settings.authorName, authorOrg: org.trim(), organisationId, markingScheme: scheme });
          onClose();
        }}
      >
        <label>
          <span>{t('common:settings.authorName')}</span>
          <input value={name} maxLength={200} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          <span>{t('common:settings.authorOrg')}</span>
          <input value={org} maxLength={200} onChange={(e) => setOrg(e.target.value)} />
        </label>
        <p className="muted">{t('common:settings.authorHint')}</p>
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
        <SchemeChooser platform={platform} choice={scheme} onChange={setScheme} />
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
            {t('common:actions.cancel')}
          </button>
          <button type="submit" className="primary">
            {t('common:actions.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
