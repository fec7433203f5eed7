import { create } from 'zustand';

/**
 * Where the pointer is over the map. Its own store because it changes on every mouse move and
 * only the coordinate readout reads it.
 */
export interface CursorState {
  position: { lng: number; lat: number } | null;
}

export const useCursor = create<CursorState>()(() => ({ position: null }));
