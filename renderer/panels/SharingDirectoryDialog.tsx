import { useMarkingScheme } from '../state/settings';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orderedLevels } from '../../shared/domain/marking';
import { SharingDirectorySchema, type SharingDirectory } from '../../shared/domain/sharing-directory';
import { DEFAULT_DIRECTORY, partyIdFor, readDirectoryFile, serialiseDirectory } from '../../shared/domain/sharing-directory-file';
import { Dialog } from '../app/Dialog';
import type { Platform } from '../platform';
import { useSharingDirectory } from '../state/sharing-directory-store';
import type { Notice } from '../state/ui-store';
import { levelLabel } from './marking-labels';
import './markings.css';

export interface SharingDirectoryDialogProps {
  platform: Platform;
  notify(tone: Notice['tone'], text: Notice['text']): void;
  onClose(): void;
}

const takenIds = (d: SharingDirectory): Set<string> => new Set([...d.organisations.map((o) => o.id), ...d.groups.map((g) => g.id)]);

/**
 * The sharing directory, edited as a draft and saved at once (validated with the same zod schema
 * as an imported file); importable and exportable as JSON. Ids are made from names when an entry
 * is added and never change afterwards, since markings refer to them.
 */
export function SharingDirectoryDialog({ platform, notify, onClose }: SharingDirectoryDialogProps) {
  const { t, i18n } = useTranslation('markings');
  const scheme = useMarkingScheme();
  const stored = useSharingDirectory();
  const [draft, setDraft] = useState<SharingDirectory>(stored.directory);
  const [error, setError] = useState<string | null>(null);
  const levels = orderedLevels(scheme);

  const setOrg = (i: number, patch: Partial<SharingDirectory['organisations'][number]>) =>
    setDraft((d) => ({ ...d, organisations: d.organisations.map((o, j) => (j === i ? { ...o, ...patch } : o)) }));
  const setGroup = (i: number, patch: Partial<SharingDirectory['groups'][number]>) => setDraft((d) => ({ ...d, groups: d.groups.map((g, j) => (j === i ? { ...g, ...patch } : g)) }));

  const importFile = async () => {
    const opened = await platform.openFiles({ title: t('directory.import'), filters: [{ name: t('directory.filterName'), extensions: ['json'] }], multiple: false });
    const file = opened.files[0];
    if (!file) return;
    const r = readDirectoryFile(new TextDecoder().decode(file.bytes));
    if (!r.ok) {
      setError(t(`directory.problems.${r.problem.code}`, { ...r.problem.params, file: file.name }));
      return;
    }
    setError(null);
    setDraft(r.directory);
    notify('info', () => t('directory.imported', { file: file.name, organisations: r.directory.organisations.length, groups: r.directory.groups.length }));
  };

  return (
    <Dialog title={t('directory.title')} onClose={onClose} wide>
      <form
        className="form"
        aria-label={t('directory.title')}
        onSubmit={(e) => {
          e.preventDefault();
          const checked = SharingDirectorySchema.safeParse(draft);
          if (!checked.success) {
            const issue = checked.error.issues[0];
            setError(t('directory.problems.invalid', { detail: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}` }));
            return;
          }
          stored.replace(checked.data);
          onClose();
        }}
      >
        <p className="muted">{t('directory.intro')}</p>
        <section className="directory-section" aria-label={t('directory.organisations')}>
          <h3>{t('directory.organisations')}</h3>
          <table className="directory-table">
            <thead>
              <tr>
                <th>{t('directory.name')}</th>
                <th>{t('directory.shortName')}</th>
                <th>{t('directory.clearance')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {draft.organisations.map((o, i) => (
                <tr key={o.id} data-party-id={o.id}>
                  <td>
                    <input aria-label={`${t('directory.name')} (${o.id})`} value={o.name} maxLength={200} required onChange={(e) => setOrg(i, { name: e.target.value })} />
                  </td>
                  <td>
                    <input
                      aria-label={`${t('directory.shortName')} (${o.id})`}
                      value={o.shortName ?? ''}
                      maxLength={50}
                      onChange={(e) => {
                        const { shortName: _old, ...rest } = o;
                        setDraft((d) => ({ ...d, organisations: d.organisations.map((x, j) => (j === i ? (e.target.value ? { ...rest, shortName: e.target.value } : rest) : x)) }));
                      }}
                    />
                  </td>
                  <td>
                    <select aria-label={`${t('directory.clearance')} (${o.id})`} value={o.clearance} onChange={(e) => setOrg(i, { clearance: e.target.value })}>
                      {levels.map((l) => (
                        <option key={l.code} value={l.code}>
                          {levelLabel(t, i18n.language, scheme, l.code)}
                        </option>
                      ))}
                      {!levels.some((l) => l.code === o.clearance) && <option value={o.clearance}>{o.clearance}</option>}
                    </select>
                  </td>
                  <td className="actions">
                    <button
                      type="button"
                      className="danger-text"
                      aria-label={t('directory.remove', { name: o.name })}
                      onClick={() => setDraft((d) => ({ organisations: d.organisations.filter((x) => x.id !== o.id), groups: d.groups.map((g) => ({ ...g, members: g.members.filter((m) => m !== o.id) })) }))}
                    >
                      ✕
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            onClick={() =>
              setDraft((d) => {
                const name = t('directory.newOrganisation');
                return { ...d, organisations: [...d.organisations, { id: partyIdFor(name, takenIds(d)), name, clearance: levels[0]?.code ?? 'UNCLASSIFIED' }] };
              })
            }
          >
            {t('directory.addOrganisation')}
          </button>
        </section>
        <section className="directory-section" aria-label={t('directory.groups')}>
          <h3>{t('directory.groups')}</h3>
          <table className="directory-table">
            <thead>
              <tr>
                <th>{t('directory.name')}</th>
                <th>{t('directory.members')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {draft.groups.map((g, i) => (
                <tr key={g.id} data-party-id={g.id}>
                  <td style={{ width: '30%' }}>
                    <input aria-label={`${t('directory.name')} (${g.id})`} value={g.name} maxLength={200} required onChange={(e) => setGroup(i, { name: e.target.value })} />
                  </td>
                  <td>
                    <div className="directory-members" role="group" aria-label={t('directory.membersOf', { name: g.name })}>
                      {draft.organisations.map((o) => (
                        <label key={o.id}>
                          <input
                            type="checkbox"
                            checked={g.members.includes(o.id)}
                            onChange={(e) => setGroup(i, { members: e.target.checked ? [...g.members, o.id] : g.members.filter((m) => m !== o.id) })}
                          />
                          <span>{o.shortName ?? o.name}</span>
                        </label>
                      ))}
                    </div>
                  </td>
                  <td className="actions">
                    <button type="button" className="danger-text" aria-label={t('directory.remove', { name: g.name })} onClick={() => setDraft((d) => ({ ...d, groups: d.groups.filter((x) => x.id !== g.id) }))}>
                      ✕
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            onClick={() =>
              setDraft((d) => {
                const name = t('directory.newGroup');
                return { ...d, groups: [...d.groups, { id: partyIdFor(name, takenIds(d)), name, members: [] }] };
              })
            }
          >
            {t('directory.addGroup')}
          </button>
        </section>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="modal-actions">
          <button type="button" className="left" onClick={() => void importFile()}>
            {t('directory.import')}
          </button>
          <button
            type="button"
            onClick={() => void platform.saveFile({ suggestedName: t('directory.fileName'), filters: [{ name: t('directory.filterName'), extensions: ['json'] }], data: serialiseDirectory(draft), mimeType: 'application/json' })}
          >
            {t('directory.export')}
          </button>
          <button type="button" onClick={() => setDraft(DEFAULT_DIRECTORY)}>
            {t('directory.reset')}
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
