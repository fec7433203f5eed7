import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL } from '../../shared/ipc/bridge';
import { createBridge } from './bridge';

// Sandboxed preloads cannot require local modules: the build bundles this file and its
// imports (the bridge constants) into one CommonJS file, leaving only `electron` external.
contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createBridge(ipcRenderer));
