import type { Extent } from '../../shared/domain/time-window';
import { TimeSlider } from '../panels/TimeSlider';
import { useFilters } from '../state/filters-store';

/** The time window over incident and patrol dates, in a bar under the map. */
export function TimeBar({ extent }: { extent: Extent }) {
  const window = useFilters((s) => s.window);
  const playing = useFilters((s) => s.playing);
  const setWindow = useFilters((s) => s.setWindow);
  const setPlaying = useFilters((s) => s.setPlaying);
  return (
    <div className="time-bar">
      <TimeSlider extent={extent} window={window} playing={playing} onChange={setWindow} onPlay={() => setPlaying(true)} onPause={() => setPlaying(false)} />
    </div>
  );
}
