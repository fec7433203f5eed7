import type { z } from 'zod';
import { channels, type Channel, type Res } from '../../../shared/ipc/contract';
import { isAppUrl } from '../urls';
import { registerAppInfoHandler, type AppInfoDeps } from './app-info';
import { registerFileHandlers, type FileDeps } from './files';
import { registerShellHandler, type ShellDeps } from './shell';
import { registerBasemapHandlers, registerHubOriginHandler, type BasemapDeps, type HubOriginDeps } from './basemaps';

/**
 * The parts of Electron's IpcMainInvokeEvent the checks need. Electron's own event type is
 * assignable to this, and tests can build one without casting.
 */
export interface Sender {
  readonly id: number;
}
export interface InvokeEvent {
  readonly senderFrame: { readonly url: string } | null;
  readonly sender: Sender;
}
export type InvokeListener = (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>;
export interface IpcMainLike {
  handle(channel: string, listener: InvokeListener): void;
}

/** A request after the contract's schema has applied its defaults. */
export type ParsedReq<C extends Channel> = z.output<(typeof channels)[C]['request']>;
export type Impl<C extends Channel> = (request: ParsedReq<C>, sender: Sender) => Promise<Res<C>>;
export type Handle = <C extends Channel>(channel: C, impl: Impl<C>) => void;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

/**
 * Every channel goes through here, so no handler can forget the checks: the call must come
 * from the bundle's page in one of our windows (not a navigated-away frame, an iframe of
 * another origin or some other webContents), and its argument must match the contract
 * before the implementation sees it. Responses are checked too, so a handler bug cannot
 * leak something the contract does not promise.
 */
export function createHandle(ipc: IpcMainLike, isOwnSender: (sender: Sender) => boolean): Handle {
  return <C extends Channel>(channel: C, impl: Impl<C>): void => {
    const { request: requestSchema, response: responseSchema } = channels[channel];
    ipc.handle(channel, async (event, ...args) => {
      const frame = event.senderFrame;
      if (frame === null || !isAppUrl(frame.url) || !isOwnSender(event.sender)) {
        throw new Error('rejected: unknown sender');
      }
      if (args.length > 1) {
        throw new Error(`invalid request for ${channel}: expected one argument, got ${args.length}`);
      }
      const parsed = requestSchema.safeParse(args[0]);
      if (!parsed.success) {
        throw new Error(`invalid request for ${channel}: ${describeIssues(parsed.error)}`);
      }
      // TypeScript cannot correlate the schema picked by a generic key with ParsedReq<C>.
      const response = await impl(parsed.data as ParsedReq<C>, event.sender);
      const checked = responseSchema.safeParse(response);
      if (!checked.success) {
        throw new Error(`invalid response for ${channel}: ${describeIssues(checked.error)}`);
      }
      return checked.data;
    });
  };
}

export interface IpcDeps {
  /** True when the webContents belongs to one of the app's own windows. */
  isOwnSender(sender: Sender): boolean;
  files: FileDeps;
  appInfo: AppInfoDeps;
  shell: ShellDeps;
  basemaps: BasemapDeps;
  hub: HubOriginDeps;
}

export function registerIpcHandlers(ipc: IpcMainLike, deps: IpcDeps): void {
  const handle = createHandle(ipc, deps.isOwnSender);
  registerFileHandlers(handle, deps.files);
  registerAppInfoHandler(handle, deps.appInfo);
  registerShellHandler(handle, deps.shell);
  registerBasemapHandlers(handle, deps.basemaps);
  registerHubOriginHandler(handle, deps.hub);
}
