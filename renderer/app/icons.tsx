/**
 * Small line icons drawn inline, so they render the same on every mission laptop whatever
 * fonts it has (emoji and symbol glyphs showed as empty boxes on Debian).
 */
const PATHS = {
  up: 'M8 13V3M3.5 7.5 8 3l4.5 4.5',
  down: 'M8 3v10M3.5 8.5 8 13l4.5-4.5',
  zoomTo: 'M8 1.5v3M8 11.5v3M1.5 8h3M11.5 8h3M8 4.5a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7',
  rename: 'M10.5 2.5l3 3L6 13H3v-3zM9 4l3 3',
  trash: 'M2.5 4h11M6 4V2.5h4V4M4 4l.7 9.5h6.6L12 4M6.5 6.5v5M9.5 6.5v5',
  close: 'M3.5 3.5l9 9M12.5 3.5l-9 9',
  filter: 'M2 3h12L9.5 8.5V13l-3 1.5V8.5z',
  // An arrow down into a tray: save the data to a file.
  export: 'M8 2v8M4.5 6.5 8 10l3.5-3.5M2.5 11v2.5h11V11',
  // Concentric rings: density, for the heatmap toggle.
  heatmap: 'M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13M8 4.5a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7M8 7.2a.8 .8 0 1 0 0 1.6a.8 .8 0 1 0 0-1.6',
  // A painter's palette: the layer's style.
  style: 'M8 1.5a6.5 6.5 0 1 0 0 13c1 0 1.5-.6 1.5-1.4 0-.9-.8-1.1-.8-2 0-.7.6-1.1 1.3-1.1h1.6A2.9 2.9 0 0 0 14.5 7C14.5 4 11.6 1.5 8 1.5M4.8 7.6h.01M6.6 4.6h.01M10 4.6h.01',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg className="icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
