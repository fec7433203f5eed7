import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Marking } from '../../shared/domain/marking';
import { Dialog } from '../app/Dialog';
import type { HubFlow } from '../app/hub-flow';
import type { LayerInfo } from '../db/records';
import { MarkingEditor } from '../panels/MarkingEditor';
import { useSharingDirectory } from '../state/sharing-directory-store';
import { useHubSettings } from '../state/hub-settings';

/** A local layer goes to the hub: its marking decides who sees it, the contributors who may edit it. */
export function ShareOnHubDialog({ hub, layer, onClose }: { hub: HubFlow; layer: LayerInfo; onClose(): void }) {
  const { t } = useTranslation('hub');
  const directory = useSharingDirectory((s) => s.directory);
  const orgId = useHubSettings((s) => s.orgId);
  const [contributors, setContributors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const share = (marking: Marking): void => {
    setBusy(true);
    void hub.shareLayer(layer.id, marking, contributors).then((ok) => {
      setBusy(false);
      if (ok) onClose();
    });
  };
  return (
    <Dialog title={t('share.title', { name: layer.name })} onClose={onClose}>
      <div className="hub-dialog" data-testid="share-on-hub">
        <p className="muted">{t('share.explain')}</p>
        <fieldset className="hub-contributors">
          <legend>{t('share.contributors')}</legend>
          {directory.organisations
            .filter((o) => o.id !== orgId)
            .map((o) => (
              <label key={o.id}>
                <input
                  type="checkbox"
                  checked={contributors.includes(o.id)}
                  onChange={(e) => setContributors(e.target.checked ? [...contributors, o.id] : contributors.filter((c) => c !== o.id))}
                />
                {o.shortName ?? o.name}
              </label>
            ))}
        </fieldset>
        <MarkingEditor name={layer.name} marking={{ ...layer.marking, originator: orgId ?? layer.marking.originator }} directory={directory} onSave={(m) => !busy && share(m ?? layer.marking)} onCancel={onClose} />
      </div>
    </Dialog>
  );
}
