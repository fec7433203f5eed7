import { BRIDGE_FUNCTIONS, MENU_CHANNEL, MENU_COMMANDS, type BridgeFunction, type MenuCommand } from '../../shared/ipc/bridge';
import type { BridgeApi } from '../../shared/ipc/contract';

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** The slice of Electron's ipcRenderer the bridge uses; it never reaches the page itself. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

/**
 * One function per contract entry, each passing exactly one argument: the page cannot name
 * a channel, and the main process validates the argument and the sender.
 */
export function createBridge(ipc: IpcRendererLike): BridgeApi {
  const invokers = Object.fromEntries(
    (Object.keys(BRIDGE_FUNCTIONS) as BridgeFunction[]).map((fn) => {
      const channel = BRIDGE_FUNCTIONS[fn];
      return [fn, (request: unknown) => ipc.invoke(channel, request)];
    }),
    // The main process checks every response against the contract, so the typing is earned there.
  ) as Pick<BridgeApi, BridgeFunction>;

  const onMenuCommand = (listener: (command: MenuCommand) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('onMenuCommand expects a function');
    // The page sees only the command, never Electron's event (which carries `sender`).
    const relay: IpcListener = (_event, command) => {
      if (isMenuCommand(command)) listener(command);
    };
    ipc.on(MENU_CHANNEL, relay);
    return () => {
      ipc.removeListener(MENU_CHANNEL, relay);
    };
  };

  return { ...invokers, onMenuCommand };
}
