import { TimeSlider } from '../panels/TimeSlider';
import { useFilters } from '../state/filters-store';
import { useUi } from '../state/ui-store';

/** The time window over incident and patrol dates, in a bar under the map; none without dated layers. */
export function TimeBar() {
  const extent = useUi((s) => s.timeExtent);
  const window = useFilters((s) => s.window);
  const playing = useFilters((s) => s.playing);
  const setWindow = useFilters((s) => s.setWindow);
  const setPlaying = useFilters((s) => s.setPlaying);
  if (!extent) return null;
  return (
    <div className="time-bar">
      <TimeSlider extent={extent} window={window} playing={playing} onChange={setWindow} onPlay={() => setPlaying(true)} onPause={() => setPlaying(false)} />
    </div>
  );
}
