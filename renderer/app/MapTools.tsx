import { useTranslation } from 'react-i18next';
import { GRID_MODES, type GridMode } from '../../shared/layers/grid-style';
import { GoToBox } from '../panels/GoToBox';
import { useSettings } from '../state/settings';
import type { Workspace } from './workspace';

/** The tools floating over the map's top-left corner: "go to" and the reference grid. */
export function MapTools({ workspace }: { workspace: Workspace }) {
  const { t } = useTranslation('map');
  const grid = useSettings((s) => s.grid);
  const format = useSettings((s) => s.coordFormat);
  const update = useSettings((s) => s.update);
  return (
    <div className="map-tools">
      <GoToBox onGo={(target) => workspace.goTo(target)} search={(q) => workspace.searchNames(q)} format={format} />
      <label className="grid-select">
        <span>{t('grid.label')}</span>
        <select value={grid} onChange={(e) => update({ grid: e.target.value as GridMode })}>
          {GRID_MODES.map((m) => (
            <option key={m} value={m}>
              {t(`grid.${m}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
