import initSqlJs, { type SqlJsStatic } from 'sql.js';

let sqlJs: { url: string | undefined; promise: Promise<SqlJsStatic> } | null = null;

/**
 * Loads sql.js once per wasm URL. In the browser the URL comes from the host (a Vite `?url`
 * import in the worker); under node sql.js finds `sql-wasm.wasm` beside itself in node_modules.
 */
export function loadSqlJs(wasmUrl: string | undefined): Promise<SqlJsStatic> {
  if (sqlJs && sqlJs.url === wasmUrl) return sqlJs.promise;
  const promise = wasmUrl ? initSqlJs({ locateFile: () => wasmUrl }) : initSqlJs();
  sqlJs = { url: wasmUrl, promise };
  promise.catch(() => {
    if (sqlJs?.promise === promise) sqlJs = null;
  });
  return promise;
}
