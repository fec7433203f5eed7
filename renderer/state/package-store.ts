import { create } from 'zustand';
import type { PackagePreview } from '../../shared/package';
import type { PackageInspection } from '../workers/import-api';

/** The package being opened (checked, previewed, committed) and the Share dialog's preview. */
export type OpenPackage =
  | { stage: 'checking'; fileName: string }
  | { stage: 'preview' | 'committing'; fileName: string; inspection: Extract<PackageInspection, { ok: true }> };

export interface ShareState {
  layerIds: string[];
  recipient: string;
  omitSensitive: boolean;
  sign: boolean;
  format: 'cg' | 'tak';
  preview: PackagePreview | null;
  busy: boolean;
}

export interface PackageState {
  open: OpenPackage | null;
  share: ShareState | null;
}

export const usePackages = create<PackageState>()(() => ({ open: null, share: null }));
