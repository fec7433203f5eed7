import { useMarkingScheme } from '../state/settings';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../app/Dialog';
import type { PackageFlow } from '../app/package-flow';
import type { ShareState } from '../state/package-store';
import { useSharingDirectory } from '../state/sharing-directory-store';
import { useSigningKey } from '../state/signing-key-store';
import { useUi } from '../state/ui-store';
import { MarkingBadge } from './MarkingBadge';
import { levelLabel, markingSummary, partyName } from './marking-labels';
import './packages.css';

const LISTED = 50;

/**
 * File → Share package…: the recipient from the directory, the layers, and a preview of what goes
 * and what is withheld with the reason for each, before the package is built. Sensitive fields
 * are left out unless the user keeps them; a package can be signed with the organisation's key.
 */
export function SharePackageDialog({ flow, share }: { flow: PackageFlow; share: ShareState }) {
  const { t, i18n } = useTranslation('package');
  const scheme = useMarkingScheme();
  const layers = useUi((s) => s.layers);
  const directory = useSharingDirectory((s) => s.directory);
  const key = useSigningKey((s) => s.key);
  const { preview } = share;
  const toggle = (id: string, on: boolean) => flow.setShare({ layerIds: on ? [...share.layerIds, id] : share.layerIds.filter((x) => x !== id) });
  const level = (code: string) => levelLabel(t, i18n.language, scheme, code);

  return (
    <Dialog title={t('share.title')} onClose={() => !share.busy && flow.closeShare()} wide>
      <div className="import-grid">
        <section aria-label={t('share.to')}>
          <div className="form">
            <label>
              <span>{t('share.recipient')}</span>
              <select value={share.recipient} disabled={share.busy} onChange={(e) => flow.setShare({ recipient: e.target.value })}>
                <optgroup label={t('share.organisations')}>
                  {directory.organisations.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </optgroup>
                {directory.groups.length > 0 && (
                  <optgroup label={t('share.groups')}>
                    {directory.groups.map((g) => (
                      <option key={g.id} value={g.id}>
                        {g.name}
                      </option>
                    ))}
                  </optgroup>
                )}
              </select>
            </label>
            <label>
              <span>{t('share.format')}</span>
              <select value={share.format} disabled={share.busy} onChange={(e) => flow.setShare({ format: e.target.value === 'tak' ? 'tak' : 'cg' })}>
                <option value="cg">{t('share.formatCg')}</option>
                <option value="tak">{t('share.formatTak')}</option>
              </select>
            </label>
            <label className="check">
              <input type="checkbox" checked={share.omitSensitive} disabled={share.busy} onChange={(e) => flow.setShare({ omitSensitive: e.target.checked })} />
              <span>{t('share.omitSensitive')}</span>
            </label>
            {share.format === 'cg' && (
              <div className="signing">
                {key ? (
                  <label className="check">
                    <input type="checkbox" checked={share.sign} disabled={share.busy} onChange={(e) => flow.setShare({ sign: e.target.checked })} />
                    <span>{t('share.sign', { keyId: key.keyId })}</span>
                  </label>
                ) : (
                  <p className="muted">{t('share.noKey')}</p>
                )}
                <div className="row-actions">
                  {!key && (
                    <button type="button" onClick={() => void flow.createSigningKey().then(() => flow.setShare({ sign: true }))}>
                      {t('share.createKey')}
                    </button>
                  )}
                  {key && (
                    <button type="button" onClick={() => void flow.savePublicKey()}>
                      {t('share.savePublicKey')}
                    </button>
                  )}
                </div>
              </div>
            )}
          </div>
        </section>
        <section aria-label={t('share.layers')}>
          <h3>{t('share.layers')}</h3>
          <ul className="share-layers">
            {layers.map((l) => (
              <li key={l.id}>
                <label className="check">
                  <input type="checkbox" checked={share.layerIds.includes(l.id)} disabled={share.busy} onChange={(e) => toggle(l.id, e.target.checked)} />
                  <span>{l.name}</span>
                  <MarkingBadge classification={l.marking.classification} />
                </label>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section className="share-preview" aria-label={t('share.preview')}>
        <h3>{t('share.preview')}</h3>
        {!preview ? (
          <p className="muted" role="status">
            {share.layerIds.length ? t('share.planning') : t('share.noLayers')}
          </p>
        ) : (
          <>
            <p data-testid="share-marking">
              <MarkingBadge classification={preview.marking.classification} scheme={scheme} /> {markingSummary(t, i18n.language, scheme, directory, preview.marking)}
            </p>
            <table className="package-layers">
              <thead>
                <tr>
                  <th scope="col">{t('open.layer')}</th>
                  <th scope="col">{t('share.goes')}</th>
                  <th scope="col">{t('open.counts.withdrawn')}</th>
                  <th scope="col">{t('share.withheld')}</th>
                  <th scope="col">{t('share.sensitive')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.layers.map((l) => (
                  <tr key={l.layerId} data-testid={`share-layer-${l.layerId}`}>
                    <th scope="row">{l.name}</th>
                    <td data-testid="share-sent">{l.layerWithheld ? t('share.layerWithheld') : l.sent.toLocaleString()}</td>
                    <td data-testid="share-withdrawn">{l.withdrawn.toLocaleString()}</td>
                    <td data-testid="share-withheld" className={l.withheld.length ? 'bad' : ''}>
                      {l.withheld.length.toLocaleString()}
                      {Object.entries(l.withheldByReason).map(([code, n]) => (
                        <div key={code} className="muted reason">
                          {t(`share.reason.${code}`, { count: n })}
                        </div>
                      ))}
                    </td>
                    <td>{l.sensitiveFields.length ? `${l.sensitiveFields.join(', ')} — ${l.omittedFields.length ? t('share.leftOut') : t('share.kept')}` : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {preview.layers.some((l) => l.withheld.length > 0) && (
              <details className="problems problems-warning">
                <summary>{t('share.withheldList', { count: preview.totals.withheld })}</summary>
                <ul>
                  {preview.layers.flatMap((l) =>
                    l.withheld.slice(0, LISTED).map((w) => (
                      <li key={`${l.layerId}/${w.id}`}>
                        <strong>{w.name ?? w.id}</strong> — {t(`withheld.${w.reason.code}`, { ...w.reason.params, recipient: partyName(directory, String(w.reason.params.recipient ?? share.recipient)), classification: w.reason.params.classification ? level(String(w.reason.params.classification)) : '', clearance: w.reason.params.clearance ? level(String(w.reason.params.clearance)) : '' })}
                      </li>
                    )),
                  )}
                </ul>
              </details>
            )}
          </>
        )}
      </section>
      <div className="modal-actions">
        <button type="button" disabled={share.busy} onClick={() => flow.closeShare()}>
          {t('common:actions.cancel')}
        </button>
        <button type="button" className="primary" disabled={share.busy || !preview || preview.totals.sent + preview.totals.withdrawn === 0} onClick={() => void flow.saveShare()}>
          {preview ? t('share.save', { count: preview.totals.sent }) : t('share.saveNone')}
        </button>
      </div>
    </Dialog>
  );
}
