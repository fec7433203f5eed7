import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../app/icons';
import type { Kind } from '../../shared/domain/common';
import type { CgFeature } from '../../shared/domain/feature';
import { fieldSpecs, SYSTEM_FIELDS } from '../../shared/domain/field-specs';
import { EXCHANGED_VERSION } from '../../shared/sync';
import type { Workspace } from '../app/workspace';
import { useUi } from '../state/ui-store';
import { FeatureForm } from './FeatureForm';
import { FeatureHistory } from './FeatureHistory';
import { displayValue } from './display-value';
import { ShapeActions } from './ShapeActions';
import { PlanAlerts, useApprovalGate, usePlanAlerts } from './PlanAlerts';
import { MarkingSection } from './MarkingSection';
import { partyName } from './marking-labels';
import { useSharingDirectory } from '../state/sharing-directory-store';
import { MARKING_FIELDS } from '../../shared/domain/feature-marking';

/** The selected feature's attributes, its form, and its history. Values are always rendered as text. */
export function Inspector({ workspace }: { workspace: Workspace }) {
  const { t } = useTranslation('inspector');
  const selection = useUi((s) => s.selection);
  const feature = useUi((s) => s.selectedFeature);
  const history = useUi((s) => s.selectedHistory);
  const layer = useUi((s) => s.layers.find((l) => l.id === s.selection?.layerId));
  const [editing, setEditing] = useState(false);
  // A layer the hub shares read-only: no editing controls, and the reason instead.
  const directory = useSharingDirectory((s) => s.directory);
  const readOnly = layer?.hub && !layer.hub.writable ? t('hub:layers.readOnlyReason', { owner: partyName(directory, layer.hub.ownerOrg) }) : null;
  const alerts = usePlanAlerts(workspace, layer?.kind, feature);
  const gate = useApprovalGate(workspace, layer?.id, feature, alerts);
  if (!selection) return null;

  return (
    <aside className="panel inspector" aria-label={t('title')}>
      <div className="panel-head">
        <h2 className="panel-title">{feature ? String(feature.properties.name ?? t('unnamed')) : t('loading')}</h2>
        <button type="button" className="icon-button" aria-label={t('common:actions.close')} onClick={() => void workspace.select(null)}>
          <Icon name="close" />
        </button>
      </div>
      {layer && (
        <p className="muted">
          {t(`domain:kinds.${layer.kind}`)} · {layer.name}
        </p>
      )}
      {feature && layer && (
        <>
          {editing ? (
            <FeatureForm
              kind={layer.kind}
              feature={feature}
              onCancel={() => setEditing(false)}
              onSave={async (patch) => {
                if (await gate.save(patch)) setEditing(false);
              }}
            />
          ) : (
            <>
              <MarkingSection
                layer={layer}
                feature={feature}
                onFeatureMarking={(m) => void workspace.setFeatureMarking(layer.id, feature, m)}
                onLayerMarking={(m) => void workspace.updateLayer(layer.id, { marking: m })}
              />
              <AttributeTable kind={layer.kind} feature={feature} />
              {readOnly ? (
                <p className="muted" data-testid="read-only-reason">
                  {readOnly}
                </p>
              ) : (
                <>
                  <div className="panel-actions">
                    <button type="button" className="primary" onClick={() => setEditing(true)}>
                      {t('common:actions.edit')}
                    </button>
                    <button type="button" className="danger" onClick={() => void workspace.deleteFeature(layer.id, feature)}>
                      {t('common:actions.delete')}
                    </button>
                  </div>
                  <ShapeActions flow={workspace.draw} layerId={layer.id} feature={feature} />
                </>
              )}
            </>
          )}
          {layer.kind === 'patrol' && (alerts.length > 0 || feature.properties.status === 'draft') && (
            <PlanAlerts alerts={alerts} canApprove={feature.properties.status === 'draft' && !editing} onApprove={() => void gate.save({ status: 'approved' })} />
          )}
          {gate.dialog}
          <FeatureHistory records={history} />
        </>
      )}
    </aside>
  );
}

function AttributeTable({ kind, feature }: { kind: Kind; feature: CgFeature }) {
  const { t } = useTranslation('inspector');
  // The marking has its own section above the table.
  const marking: readonly string[] = MARKING_FIELDS;
  const known = fieldSpecs(kind)
    .map((f) => f.name)
    .filter((n) => !marking.includes(n));
  const system: readonly string[] = SYSTEM_FIELDS;
  // The version last exchanged with a partner is sync bookkeeping, not an attribute of the feature.
  const extra = Object.keys(feature.properties).filter((k) => !known.includes(k) && !system.includes(k) && !marking.includes(k) && k !== EXCHANGED_VERSION);
  const row = (key: string, label: string) => {
    const v = feature.properties[key];
    if (v === undefined || v === null || v === '') return null;
    return (
      <tr key={key}>
        <th scope="row">{label}</th>
        <td>{displayValue(key, v, t)}</td>
      </tr>
    );
  };
  return (
    <table className="attributes">
      <tbody>
        {known.map((k) => row(k, t(`domain:fields.${k}`)))}
        {extra.map((k) => row(k, k))}
        <tr>
          <th scope="row">{t('geometry')}</th>
          <td>{feature.geometry?.type ?? t('noGeometry')}</td>
        </tr>
        {SYSTEM_FIELDS.map((k) => row(k, t(`domain:fields.${k}`)))}
      </tbody>
    </table>
  );
}
