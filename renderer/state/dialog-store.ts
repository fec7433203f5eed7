import { create } from 'zustand';

export type DialogId = 'about' | 'settings' | 'sharing-directory' | 'export-data' | 'export-map';

/** Which modal dialog is open. */
export interface DialogState {
  dialog: DialogId | null;
  /** The layer the export dialog opens on (from a layer row); null: the dialog chooses. */
  exportDataLayerId: string | null;
}

export const useDialogs = create<DialogState>()(() => ({ dialog: null, exportDataLayerId: null }));

export function openDialog(dialog: DialogId, exportDataLayerId: string | null = null): void {
  useDialogs.setState({ dialog, exportDataLayerId });
}

export function closeDialog(): void {
  useDialogs.setState({ dialog: null, exportDataLayerId: null });
}
