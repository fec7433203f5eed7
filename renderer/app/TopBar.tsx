import { useTranslation } from 'react-i18next';
import { historyText } from '../../shared/domain/changeset';
import { useSettings } from '../state/settings';
import { useUi } from '../state/ui-store';
import { openDialog } from '../state/dialog-store';
import type { Workspace } from './workspace';
import { runAction } from './actions';
import { useAnalysis } from '../state/analysis-store';
import { useConflicts } from '../state/conflicts-store';
import { HubStatus } from '../hub/HubStatus';

export function TopBar({ workspace }: { workspace: Workspace }) {
  const { t, i18n } = useTranslation();
  const update = useSettings((s) => s.update);
  const layerPanelOpen = useSettings((s) => s.layerPanelOpen);
  const hasLayers = useUi((s) => s.layers.length > 0);
  const undo = useUi((s) => s.undo);
  const analysisOpen = useAnalysis((s) => s.open);
  const conflictCount = useConflicts((s) => s.records.length);
  const conflictsOpen = useConflicts((s) => s.open);
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">◈</span>
        <span className="brand-name">Common Ground</span>
      </div>
      <nav className="toolbar" aria-label={t('toolbar.label')}>
        <button type="button" aria-pressed={layerPanelOpen} onClick={() => update({ layerPanelOpen: !layerPanelOpen })}>
          {t('actions.layers')}
        </button>
        <button type="button" aria-pressed={analysisOpen} onClick={() => runAction('toggle-analysis', workspace, null)}>
          {t('analysis:open')}
        </button>
        <button type="button" className="primary" onClick={() => void workspace.imports.chooseAndImport()}>
          {t('actions.import')}
        </button>
        <button type="button" onClick={() => openDialog('export-map')}>
          {t('actions.export')}
        </button>
        <button type="button" disabled={!hasLayers} onClick={() => openDialog('export-data')}>
          {t('actions.exportData')}
        </button>
        <button type="button" disabled={!hasLayers} onClick={() => workspace.packages.startShare()}>
          {t('package:action')}
        </button>
        {(conflictCount > 0 || conflictsOpen) && (
          <button
            type="button"
            className="conflicts-button"
            aria-pressed={conflictsOpen}
            title={t('conflicts:buttonCount', { count: conflictCount })}
            onClick={() => (conflictsOpen ? workspace.conflicts.close() : workspace.conflicts.open())}
          >
            {t('conflicts:button')}
            {conflictCount > 0 && (
              <span className="count" data-testid="conflict-count">
                {conflictCount.toLocaleString()}
              </span>
            )}
          </button>
        )}
        <button
          type="button"
          disabled={!undo.canUndo}
          title={undo.undoSummary ? t('actions.undoLabel', { label: historyText(t, { summary: undo.undoSummary }) }) : undefined}
          onClick={() => void workspace.undo()}
        >
          {t('actions.undo')}
        </button>
        <button
          type="button"
          disabled={!undo.canRedo}
          title={undo.redoSummary ? t('actions.redoLabel', { label: historyText(t, { summary: undo.redoSummary }) }) : undefined}
          onClick={() => void workspace.redo()}
        >
          {t('actions.redo')}
        </button>
      </nav>
      <div className="topbar-right">
        <HubStatus hub={workspace.hub} />
        <label className="lang-switch">
          <span className="visually-hidden">{t('settings.language')}</span>
          <select
            value={i18n.language === 'fr' ? 'fr' : 'en'}
            onChange={(e) => update({ language: e.target.value === 'fr' ? 'fr' : 'en' })}
            aria-label={t('settings.language')}
          >
            <option value="en">English</option>
            <option value="fr">Français</option>
          </select>
        </label>
        <button type="button" onClick={() => openDialog('settings')}>
          {t('actions.settings')}
        </button>
        <button type="button" onClick={() => openDialog('about')}>
          {t('actions.about')}
        </button>
      </div>
    </header>
  );
}
