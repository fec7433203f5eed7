import { useEffect, useRef } from 'react';
import { MapController, type MapControllerOptions } from './map-controller';

export interface MapViewProps extends Omit<MapControllerOptions, 'baseUrl'> {
  /** Defaults to document.baseURI. */
  baseUrl?: string;
  /** Called once the controller exists; the app keeps it and calls its methods. */
  onReady(controller: MapController): void;
  className?: string;
}

/**
 * Mounts the map: creates the MapController on mount and destroys it on unmount. Everything else
 * goes through the controller; this component never re-creates the map when props change. The
 * callbacks are read through a ref so that the latest ones are called.
 */
export function MapView(props: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  const controllerRef = useRef<MapController | null>(null);
  useEffect(() => {
    latest.current = props;
  });

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const initial = latest.current;
    const controller = new MapController(element, {
      baseUrl: initial.baseUrl ?? document.baseURI,
      lang: initial.lang,
      initialBounds: initial.initialBounds,
      initialView: initial.initialView,
      onViewChange: (view) => latest.current.onViewChange?.(view),
      onCursor: (lngLat) => latest.current.onCursor(lngLat),
      onFeatureClick: (ref) => latest.current.onFeatureClick(ref),
      onIdle: () => latest.current.onIdle?.(),
    });
    controllerRef.current = controller;
    initial.onReady(controller);
    return () => {
      controllerRef.current = null;
      controller.destroy();
    };
  }, []);

  // The UI language changes country names only; the map itself stays.
  useEffect(() => {
    controllerRef.current?.setLanguage(props.lang);
  }, [props.lang]);

  return <div ref={container} className={props.className} style={{ position: 'relative', width: '100%', height: '100%' }} data-testid="map" />;
}
