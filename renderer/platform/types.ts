import type { MenuCommand, OpenedFile, Res } from '../../shared/ipc/contract';

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface OpenResult {
  files: OpenedFile[];
  errors: { name: string; message: string }[];
}

/**
 * What the renderer needs from its host. The Electron build implements it over the preload
 * bridge, the web build with browser APIs; nothing else in the renderer knows which it runs in.
 */
export interface Platform {
  readonly kind: 'electron' | 'web';
  openFiles(options: { title?: string; filters: FileFilter[]; multiple: boolean }): Promise<OpenResult>;
  /** Resolves false when the user cancelled. */
  saveFile(options: { suggestedName: string; filters: FileFilter[]; data: string | Uint8Array<ArrayBuffer>; mimeType: string }): Promise<boolean>;
  /**
   * One file as a Blob, for files read by range rather than whole (offline basemaps); null when
   * cancelled. Throws with the reason when the file cannot be opened.
   */
  openBlob(options: { title?: string; filters: FileFilter[] }): Promise<{ name: string; blob: Blob } | null>;
  /**
   * Tells the host which origins the online basemap sources use, for the policy of the next page
   * load (Electron's header; the web page builds its own policy, see app/csp-boot.ts).
   */
  allowOnlineOrigins(origins: string[]): Promise<void>;
  /** The JOC hub's origin the page may connect to from the next load (null: none). */
  allowHubOrigin(origin: string | null): Promise<void>;
  appInfo(): Promise<Res<'app:info'>>;
  openExternal(url: string): Promise<void>;
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}
