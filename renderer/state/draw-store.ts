import { create } from 'zustand';
import type { DrawState } from '../app/draw-flow';

/** The draw flow's slice: the drawing, shape edit or measurement under way, or null. */
export interface DrawSlice {
  draw: DrawState | null;
}

export const useDraw = create<DrawSlice>()(() => ({ draw: null }));
