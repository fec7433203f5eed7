import fsp from 'node:fs/promises';
import path from 'node:path';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import { MAX_OPEN_BYTES, type OpenedFile, type Res } from '../../../shared/ipc/contract';
import { writeFileAtomic, type AtomicFs } from '../atomic-write';
import type { Handle, ParsedReq, Sender } from './register';

export interface FileDeps {
  /** Shows the dialog over the sender's window. */
  showOpenDialog(owner: Sender, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(owner: Sender, options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  /** Defaults to the contract's MAX_OPEN_BYTES; smaller in tests. */
  maxOpenBytes?: number;
  /** Defaults to node:fs/promises; tests swap one operation for a failing one. */
  fs?: AtomicFs;
}

function megabytes(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads through one handle, so the size checked is that of the file actually read; the
 * limit keeps a mistaken choice (a disk image, say) from exhausting memory.
 */
async function readChosenFile(filePath: string, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const handle = await fsp.open(filePath, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error('not a regular file');
    if (stat.size > maxBytes) throw new Error(`file is larger than ${megabytes(maxBytes)}`);
    // Read into a buffer of exactly the checked size: a file growing meanwhile cannot overrun it.
    const bytes = new Uint8Array(stat.size);
    let offset = 0;
    while (offset < bytes.byteLength) {
      const { bytesRead } = await handle.read(bytes, offset, bytes.byteLength - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return offset === bytes.byteLength ? bytes : bytes.slice(0, offset);
  } finally {
    await handle.close();
  }
}

export async function openFiles(
  deps: FileDeps,
  request: ParsedReq<'file:open'>,
  owner: Sender,
): Promise<Res<'file:open'>> {
  const result = await deps.showOpenDialog(owner, {
    ...(request.title !== undefined ? { title: request.title } : {}),
    filters: request.filters,
    properties: request.multiple ? ['openFile', 'multiSelections'] : ['openFile'],
  });
  const files: OpenedFile[] = [];
  const errors: Res<'file:open'>['errors'] = [];
  if (result.canceled) return { files, errors };
  const maxBytes = deps.maxOpenBytes ?? MAX_OPEN_BYTES;
  for (const filePath of result.filePaths) {
    // Only the base name crosses to the renderer: it never needs to know where files live.
    const name = path.basename(filePath);
    try {
      files.push({ name, bytes: await readChosenFile(filePath, maxBytes) });
    } catch (error) {
      errors.push({ name, message: reason(error) });
    }
  }
  return { files, errors };
}

export async function saveFile(
  deps: FileDeps,
  request: ParsedReq<'file:save'>,
  owner: Sender,
): Promise<Res<'file:save'>> {
  const result = await deps.showSaveDialog(owner, {
    defaultPath: request.suggestedName,
    filters: request.filters,
  });
  // Electron reports a cancelled save as an empty path rather than a missing one.
  if (result.canceled || !result.filePath) return { saved: false };
  await writeFileAtomic(result.filePath, request.data, deps.fs);
  return { saved: true, path: result.filePath };
}

export function registerFileHandlers(handle: Handle, deps: FileDeps): void {
  handle('file:open', (request, sender) => openFiles(deps, request, sender));
  handle('file:save', (request, sender) => saveFile(deps, request, sender));
}
