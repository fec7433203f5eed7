import { useMarkingScheme } from '../state/settings';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDtg } from '../../shared/domain/dtg';
import { Dialog } from '../app/Dialog';
import type { PackageFlow } from '../app/package-flow';
import type { OpenPackage } from '../state/package-store';
import { useSharingDirectory } from '../state/sharing-directory-store';
import { MarkingBadge } from './MarkingBadge';
import { markingSummary, partyName } from './marking-labels';
import './packages.css';

const COUNTS = ['added', 'updated', 'unchanged', 'conflict', 'withdrawn', 'refused'] as const;

/**
 * Opening a data package: who sent it, its marking, the integrity and signature checks, and per
 * layer what the merge would do, before anything is stored. An unsigned package, or one signed by
 * a key the directory does not list, imports only once the user has read and ticked the warning.
 */
export function PackageOpenDialog({ flow, open }: { flow: PackageFlow; open: OpenPackage }) {
  const { t, i18n } = useTranslation('package');
  const scheme = useMarkingScheme();
  const directory = useSharingDirectory((s) => s.directory);
  const [accepted, setAccepted] = useState(false);
  const title = t('open.title', { file: open.fileName });
  if (open.stage === 'checking') {
    return (
      <Dialog title={title} onClose={() => flow.cancelOpen()}>
        <p role="status">{t('open.checking')}</p>
        <div className="modal-actions">
          <button type="button" onClick={() => flow.cancelOpen()}>
            {t('common:actions.cancel')}
          </button>
        </div>
      </Dialog>
    );
  }
  const { manifest, signature, warnings, preview } = open.inspection;
  const trusted = signature.status === 'valid' && warnings.length === 0;
  const busy = open.stage === 'committing';
  return (
    <Dialog title={title} onClose={() => !busy && flow.cancelOpen()} wide>
      <dl className="summary package-summary">
        <dt>{t('open.sender')}</dt>
        <dd data-testid="package-sender">
          {partyName(directory, manifest.sender.org)} · {manifest.sender.person}
        </dd>
        <dt>{t('open.recipient')}</dt>
        <dd>{partyName(directory, manifest.recipient)}</dd>
        <dt>{t('open.created')}</dt>
        <dd>{formatDtg(manifest.createdAt) ?? manifest.createdAt}</dd>
        <dt>{t('open.marking')}</dt>
        <dd>
          <MarkingBadge classification={manifest.marking.classification} scheme={scheme} /> {markingSummary(t, i18n.language, scheme, directory, manifest.marking)}
        </dd>
        <dt>{t('open.integrity')}</dt>
        <dd data-testid="package-integrity">{t('open.integrityOk')}</dd>
        <dt>{t('open.signatureLabel')}</dt>
        <dd data-testid="package-signature" className={signature.status === 'valid' ? 'good' : 'bad'}>
          {t(`signature.${signature.status}`, signature.status === 'unsigned' ? {} : { ...signature, org: 'org' in signature ? partyName(directory, signature.org) : '' })}
        </dd>
      </dl>
      {warnings.length > 0 && (
        <div className="package-warning" role="alert">
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{t(`warnings.${w.code}`, { ...w.params, sender: partyName(directory, String(w.params.sender ?? manifest.sender.org)) })}</li>
            ))}
          </ul>
          {signature.status === 'untrusted-signer' && (
            <p className="trust">
              <button type="button" disabled={busy} onClick={() => void flow.trustSignerFromFile()}>
                {t('trust.button', { org: partyName(directory, manifest.sender.org) })}
              </button>{' '}
              <span className="muted">{t('trust.hint', { keyId: signature.keyId })}</span>
            </p>
          )}
          <label>
            <input type="checkbox" checked={accepted} disabled={busy} onChange={(e) => setAccepted(e.target.checked)} />
            <span>{t('open.acceptUnverified')}</span>
          </label>
        </div>
      )}
      <table className="package-layers" aria-label={t('open.layers')}>
        <thead>
          <tr>
            <th scope="col">{t('open.layer')}</th>
            {COUNTS.map((c) => (
              <th key={c} scope="col">
                {t(`open.counts.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.layers.map((l) => (
            <tr key={l.id}>
              <th scope="row">
                {l.name} <span className="muted">{l.isNew ? t('open.newLayer') : t('open.existingLayer')}</span>
              </th>
              {COUNTS.map((c) => (
                <td key={c} data-testid={`package-${c}`} className={(c === 'conflict' || c === 'refused') && l.counts[c] > 0 ? 'bad' : ''}>
                  {l.counts[c].toLocaleString()}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="modal-actions">
        {busy && (
          <span className="progress" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('open.committing')}
          </span>
        )}
        <button type="button" disabled={busy} onClick={() => flow.cancelOpen()}>
          {t('common:actions.cancel')}
        </button>
        <button type="button" className="primary" disabled={busy || (!trusted && !accepted)} onClick={() => void flow.commitOpen()}>
          {t('open.import')}
        </button>
      </div>
    </Dialog>
  );
}
