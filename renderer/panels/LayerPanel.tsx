import { useState } from 'react';
import { ShareOnHubDialog } from '../hub/ShareOnHubDialog';
import { useHubSettings } from '../state/hub-settings';
import { OpacitySlider } from './OpacitySlider';
import { useTranslation } from 'react-i18next';
import { KINDS } from '../../shared/domain/common';
import type { LayerInfo } from '../db/records';
import type { Workspace } from '../app/workspace';
import { Dialog } from '../app/Dialog';
import { Icon } from '../app/icons';
import { FilterEditor } from './FilterEditor';
import { LayerStyleEditor } from './LayerStyleEditor';
import { selectLayerFilter, useFilters } from '../state/filters-store';
import { useUi } from '../state/ui-store';
import { openDialog } from '../state/dialog-store';
import { selectDisplayMode, useDisplay } from '../state/display-store';
import { displayModesFor } from '../../shared/layers/layer-style';
import { useSharingDirectory } from '../state/sharing-directory-store';
import { MarkingEditor } from './MarkingEditor';
import { LayerMarkingButton } from './MarkingBadge';
import { partyName } from './marking-labels';

/** Layers grouped by kind, topmost first; every change goes through the workspace (and so undo). */
export function LayerPanel({ workspace, layers }: { workspace: Workspace; layers: LayerInfo[] }) {
  const { t } = useTranslation('layers');
  const [confirmDelete, setConfirmDelete] = useState<LayerInfo | null>(null);
  const [sharing, setSharing] = useState<LayerInfo | null>(null);
  const directory = useSharingDirectory((s) => s.directory);
  const orgName = (id: string) => partyName(directory, id);
  // Layers from the hub first, one group per owner organisation; then the local ones by kind.
  const owners = [...new Set(layers.flatMap((l) => (l.hub ? [l.hub.ownerOrg] : [])))].sort();
  const byOrder = (a: LayerInfo, b: LayerInfo) => b.order - a.order;
  const groups = [
    ...owners.map((owner) => ({ key: `hub:${owner}`, title: t('hub:layers.ownedBy', { owner: orgName(owner) }), layers: layers.filter((l) => l.hub?.ownerOrg === owner).sort(byOrder) })),
    ...KINDS.map((kind) => ({ key: kind, title: t(`domain:kinds.${kind}`), layers: layers.filter((l) => !l.hub && l.kind === kind).sort(byOrder) })),
  ].filter((g) => g.layers.length > 0);

  return (
    <aside className="panel layer-panel" aria-label={t('title')}>
      <h2 className="panel-title">{t('title')}</h2>
      {groups.length === 0 && (
        <div className="empty">
          <p>{t('empty')}</p>
          <button type="button" className="primary" onClick={() => void workspace.imports.chooseAndImport()}>
            {t('common:actions.import')}
          </button>
        </div>
      )}
      {groups.map((g) => (
        <section key={g.key} className="layer-group" aria-label={g.title} data-group={g.key}>
          <h3 className="group-title">{g.title}</h3>
          <ul className="layer-list">
            {g.layers.map((l) => (
              <LayerRow key={l.id} layer={l} workspace={workspace} onDelete={() => setConfirmDelete(l)} onShare={() => setSharing(l)} ownerName={l.hub ? orgName(l.hub.ownerOrg) : ''} />
            ))}
          </ul>
        </section>
      ))}
      {sharing && <ShareOnHubDialog hub={workspace.hub} layer={sharing} onClose={() => setSharing(null)} />}
      {confirmDelete && (
        <Dialog title={t('deleteTitle')} onClose={() => setConfirmDelete(null)}>
          <p>{t('deleteBody', { name: confirmDelete.name, count: confirmDelete.featureCount })}</p>
          <div className="modal-actions">
            <button type="button" onClick={() => setConfirmDelete(null)}>
              {t('common:actions.cancel')}
            </button>
            <button
              type="button"
              className="danger"
              onClick={() => {
                const id = confirmDelete.id;
                setConfirmDelete(null);
                void workspace.deleteLayer(id);
              }}
            >
              {t('common:actions.delete')}
            </button>
          </div>
        </Dialog>
      )}
    </aside>
  );
}

function LayerRow({ layer, workspace, onDelete, onShare, ownerName }: { layer: LayerInfo; workspace: Workspace; onDelete(): void; onShare(): void; ownerName: string }) {
  const { t } = useTranslation('layers');
  const loggedIn = useHubSettings((s) => Boolean(s.token));
  const [renaming, setRenaming] = useState(false);
  const [filterOpen, setFilterOpen] = useState(false);
  const [styleOpen, setStyleOpen] = useState(false);
  const [markingOpen, setMarkingOpen] = useState(false);
  const directory = useSharingDirectory((s) => s.directory);
  const filter = useFilters(selectLayerFilter(layer.id));
  const setLayerFilter = useFilters((s) => s.setLayerFilter);
  const shown = useUi((s) => s.filteredCounts[layer.id]);
  const display = useDisplay(selectDisplayMode(layer.id));
  const setDisplay = useDisplay((s) => s.setMode);
  const [name, setName] = useState(layer.name);
  // The hub decides these: its owner names and marks a shared layer, and it leaves with a logout.
  const ownerOnly = layer.hub && !layer.hub.owned ? t('hub:layers.ownerOnlyReason', { owner: ownerName }) : null;
  const stays = layer.hub ? t('hub:layers.deleteReason') : null;
  const startRenaming = () => {
    if (ownerOnly) return;
    setName(layer.name);
    setRenaming(true);
  };
  return (
    <li className="layer-row" data-layer-id={layer.id}>
      <div className="layer-main">
        <input
          type="checkbox"
          checked={layer.visible}
          aria-label={t('visible', { name: layer.name })}
          onChange={(e) => void workspace.updateLayer(layer.id, { visible: e.target.checked })}
        />
        {renaming ? (
          <form
            className="rename-form"
            onSubmit={(e) => {
              e.preventDefault();
              const next = name.trim();
              if (next && next !== layer.name) void workspace.updateLayer(layer.id, { name: next });
              setRenaming(false);
            }}
          >
            <input
              autoFocus
              value={name}
              maxLength={200}
              aria-label={t('newName', { name: layer.name })}
              onChange={(e) => setName(e.target.value)}
              onBlur={() => setRenaming(false)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setRenaming(false);
              }}
            />
          </form>
        ) : (
          <span className="layer-name" title={layer.name} onDoubleClick={startRenaming}>
            {layer.name}
          </span>
        )}
        <span
          className={shown === undefined ? 'layer-count' : 'layer-count filtered'}
          title={shown === undefined ? t('featureCount', { count: layer.featureCount }) : t('shownOf', { shown, total: layer.featureCount })}
          data-testid="layer-count"
        >
          {shown === undefined ? layer.featureCount.toLocaleString() : `${shown.toLocaleString()} / ${layer.featureCount.toLocaleString()}`}
        </span>
        {layer.hub && !layer.hub.writable && (
          <span className="hub-badge" data-testid="read-only" title={t('hub:layers.readOnlyReason', { owner: ownerName })}>
            {t('hub:layers.readOnly')}
          </span>
        )}
      </div>
      <LayerMarkingButton name={layer.name} marking={layer.marking} directory={directory} open={markingOpen} lockedReason={ownerOnly} onToggle={() => setMarkingOpen(!markingOpen)} />
      <div className="layer-tools">
        <label className="opacity">
          <span className="visually-hidden">{t('opacity')}</span>
          <OpacitySlider label={t('opacityOf', { name: layer.name })} opacity={layer.opacity} onCommit={(opacity) => void workspace.updateLayer(layer.id, { opacity })} />
        </label>
        <button type="button" className="icon-button" title={t('moveUp')} aria-label={t('moveUp')} onClick={() => void workspace.moveLayer(layer.id, 'up')}>
          <Icon name="up" />
        </button>
        <button type="button" className="icon-button" title={t('moveDown')} aria-label={t('moveDown')} onClick={() => void workspace.moveLayer(layer.id, 'down')}>
          <Icon name="down" />
        </button>
        <button
          type="button"
          className="icon-button"
          title={t('filter')}
          aria-label={t('filterNamed', { name: layer.name })}
          aria-expanded={filterOpen}
          aria-pressed={filter.conditions.length > 0}
          onClick={() => setFilterOpen(!filterOpen)}
        >
          <Icon name="filter" />
        </button>
        <button
          type="button"
          className="icon-button"
          title={t('style:title')}
          aria-label={t('style:titleNamed', { name: layer.name })}
          aria-expanded={styleOpen}
          aria-pressed={layer.style !== undefined}
          onClick={() => setStyleOpen(!styleOpen)}
        >
          <Icon name="style" />
        </button>
        {displayModesFor(layer.kind).includes('heatmap') && (
          // A view choice (display store), not a layer edit: no undo step.
          <button
            type="button"
            className="icon-button display-toggle"
            title={t('map:display.heatmap')}
            aria-label={t('map:display.heatmapNamed', { name: layer.name })}
            aria-pressed={display === 'heatmap'}
            onClick={() => setDisplay(layer.id, display === 'heatmap' ? 'points' : 'heatmap')}
          >
            <Icon name="heatmap" />
          </button>
        )}
        <button type="button" className="icon-button" title={t('zoomTo')} aria-label={t('zoomTo')} disabled={!layer.bbox} onClick={() => workspace.zoomToLayer(layer.id)}>
          <Icon name="zoomTo" />
        </button>
        <button
          type="button"
          className="icon-button"
          title={t('dataExport:rowAction')}
          aria-label={t('dataExport:rowActionNamed', { name: layer.name })}
          disabled={layer.featureCount === 0}
          onClick={() => openDialog('export-data', layer.id)}
        >
          <Icon name="export" />
        </button>
        <button type="button" className="icon-button" title={ownerOnly ?? t('rename')} aria-label={t('rename')} disabled={ownerOnly !== null} onClick={startRenaming}>
          <Icon name="rename" />
        </button>
        {!layer.hub && loggedIn && (
          <button type="button" className="icon-button" title={t('hub:share.action')} aria-label={t('hub:share.action')} data-testid="share-on-hub-button" onClick={onShare}>
            ⇪
          </button>
        )}
        <button type="button" className="icon-button danger-text" title={stays ?? t('delete')} aria-label={t('deleteNamed', { name: layer.name })} disabled={stays !== null} onClick={onDelete}>
          <Icon name="trash" />
        </button>
      </div>
      {markingOpen && !ownerOnly && (
        <MarkingEditor
          name={layer.name}
          marking={layer.marking}
          directory={directory}
          onCancel={() => setMarkingOpen(false)}
          onSave={(m) => {
            setMarkingOpen(false);
            if (m) void workspace.updateLayer(layer.id, { marking: m });
          }}
        />
      )}
      {styleOpen && (
        <LayerStyleEditor layer={layer} onStyle={(change) => void workspace.setLayerStyle(layer.id, change)} onOpacity={(o) => void workspace.updateLayer(layer.id, { opacity: o })} />
      )}
      {filterOpen && (
        <FilterEditor
          kind={layer.kind}
          filter={filter}
          onChange={(f) => setLayerFilter(layer.id, f)}
          {...(shown === undefined ? {} : { counts: { shown, total: layer.featureCount } })}
        />
      )}
    </li>
  );
}

