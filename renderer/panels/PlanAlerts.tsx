import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../app/Dialog';
import type { Workspace } from '../app/workspace';
import type { Acknowledgement } from '../../shared/domain/acknowledgement';
import { MAX_REASON_LENGTH, approvesPlan } from '../../shared/domain/acknowledgement';
import type { CgFeature, FeatureProperties } from '../../shared/domain/feature';
import type { Kind } from '../../shared/domain/common';
import type { Alert } from '../../shared/analysis/types';
import { PLAN_STATUSES } from '../../shared/analysis/run';
import { useUi } from '../state/ui-store';

/**
 * Deconfliction on the plan itself: a patrol area or route still to run shows which notified
 * sites' protection radii and which no-go zones it enters, and approving it while alerts are
 * open takes an explicit acknowledgement that goes into its history.
 */

const km = (m: number): string => (m / 1000).toFixed(2);

/** The open alerts of a plan, recomputed when it or any layer's data changes; [] for anything else. */
export function usePlanAlerts(workspace: Workspace, kind: Kind | undefined, feature: CgFeature | null): Alert[] {
  // Kept with the feature they were computed for, so a stale answer is never shown for another.
  const [found, setFound] = useState<{ feature: CgFeature; alerts: Alert[] } | null>(null);
  const versions = useUi((s) => s.dataVersions);
  const status = typeof feature?.properties.status === 'string' ? feature.properties.status : 'draft';
  const isPlan = kind === 'patrol' && feature !== null && (PLAN_STATUSES as readonly string[]).includes(status);
  useEffect(() => {
    if (!isPlan || !feature) return;
    let live = true;
    void workspace.analyses
      .planAlerts(feature)
      .then((alerts) => live && setFound({ feature, alerts }))
      .catch(() => live && setFound({ feature, alerts: [] }));
    return () => {
      live = false;
    };
  }, [workspace, feature, isPlan, versions]);
  return isPlan && found?.feature === feature ? found.alerts : [];
}

export function PlanAlerts({ alerts, canApprove, onApprove }: { alerts: Alert[]; canApprove: boolean; onApprove(): void }) {
  const { t } = useTranslation('analysis');
  return (
    <section className={alerts.length ? 'plan-alerts has-alerts' : 'plan-alerts'} aria-label={t('alerts.title')}>
      <h3>{alerts.length ? t('alerts.count', { count: alerts.length }) : t('alerts.none')}</h3>
      {alerts.length > 0 && (
        <ul>
          {alerts.map((a, i) => (
            <li key={i}>
              <AlertText alert={a} />
            </li>
          ))}
        </ul>
      )}
      {canApprove && (
        <div className="panel-actions">
          <button type="button" onClick={onApprove}>
            {t('alerts.approve')}
          </button>
        </div>
      )}
    </section>
  );
}

function AlertText({ alert }: { alert: Alert }) {
  const { t } = useTranslation('analysis');
  if (alert.kind === 'site')
    return (
      <>
        <strong>{alert.siteName ?? alert.siteId}</strong>{' '}
        {t('alerts.site', { distance: km(alert.distanceM), radius: km(alert.radiusM), inside: km(alert.radiusM - alert.distanceM) })}
      </>
    );
  return (
    <>
      <strong>{alert.zoneName ?? alert.zoneId}</strong> {t('alerts.noGo')}
    </>
  );
}

/**
 * Saving a plan goes through here: a change that approves it while alerts are open first asks for
 * an acknowledgement; anything else is an ordinary edit. `save` resolves true once saved.
 */
export function useApprovalGate(workspace: Workspace, layerId: string | undefined, feature: CgFeature | null, alerts: Alert[]): { save(patch: FeatureProperties): Promise<boolean>; dialog: ReactNode } {
  const [pending, setPending] = useState<FeatureProperties | null>(null);
  const resolver = useRef<((ok: boolean) => void) | null>(null);
  const finish = (ok: boolean): void => {
    resolver.current?.(ok);
    resolver.current = null;
    setPending(null);
  };
  const save = async (patch: FeatureProperties): Promise<boolean> => {
    if (!layerId || !feature) return false;
    if (!approvesPlan(feature, patch) || alerts.length === 0) return workspace.editFeature(layerId, feature, patch);
    return new Promise<boolean>((resolve) => {
      resolver.current = resolve;
      setPending(patch);
    });
  };
  const dialog =
    pending && layerId && feature ? (
      <AcknowledgeDialog
        alerts={alerts}
        planName={String(feature.properties.name ?? feature.id)}
        onCancel={() => finish(false)}
        onConfirm={async (reason) => finish(await workspace.analyses.approveAcknowledged(layerId, feature, pending, alerts, reason))}
      />
    ) : null;
  return { save, dialog };
}

function AcknowledgeDialog({ alerts, planName, onCancel, onConfirm }: { alerts: Alert[]; planName: string; onCancel(): void; onConfirm(reason: string): Promise<void> }) {
  const { t } = useTranslation('analysis');
  const [checked, setChecked] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Dialog title={t('ack.title', { name: planName })} onClose={onCancel}>
      <p>{t('ack.intro', { count: alerts.length })}</p>
      <ul className="ack-alerts">
        {alerts.map((a, i) => (
          <li key={i}>
            <AlertText alert={a} />
          </li>
        ))}
      </ul>
      <label className="ack-check">
        <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} />
        <span>{t('ack.confirm')}</span>
      </label>
      <label className="ack-reason">
        <span>{t('ack.reason')}</span>
        <textarea value={reason} maxLength={MAX_REASON_LENGTH} rows={3} onChange={(e) => setReason(e.target.value)} />
      </label>
      <div className="modal-actions">
        <button type="button" onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!checked || busy}
          onClick={() => {
            setBusy(true);
            void onConfirm(reason).finally(() => setBusy(false));
          }}
        >
          {t('ack.approve')}
        </button>
      </div>
    </Dialog>
  );
}

/** The acknowledgement kept with a change, as the history shows it. */
export function AcknowledgementNote({ ack }: { ack: Acknowledgement }) {
  const { t } = useTranslation('analysis');
  return (
    <div className="ack-note">
      <div className="ack-note-head">{t('ack.recorded', { count: ack.alerts.length })}</div>
      <ul>
        {ack.alerts.map((a, i) => (
          <li key={i}>
            {a.targetName ?? a.targetId}: {a.kind === 'site' ? t('ack.siteLine', { distance: km(a.distanceM), radius: km(a.radiusM ?? 0) }) : t('alerts.noGo')}
          </li>
        ))}
      </ul>
      {ack.reason && <div>{t('ack.reasonLine', { reason: ack.reason })}</div>}
    </div>
  );
}
