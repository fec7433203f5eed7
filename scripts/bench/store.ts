/**
 * The store-only sub-bench (`npm run bench -- --store [--count N]`): FeatureStore and raw
 * chunk writes in Chromium's IndexedDB on a blank local page, without the app around them.
 * It answers store design questions (chunk size, edit cost on a big layer); the import
 * benchmark in scripts/bench.ts measures what a user waits for.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openSession } from '../../tests/e2e/harness';
import type { StoreBenchResult } from './store-page';

export async function runStoreBench(bundleJs: string, count = 171_000): Promise<StoreBenchResult> {
  const server = createServer((req, res) => {
    if (req.url === '/store-bench.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(bundleJs);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><script src="/store-bench.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const s = await openSession(`http://127.0.0.1:${port}/`);
  try {
    await s.page.goto(`http://127.0.0.1:${port}/`);
    await s.page.waitForFunction(() => '__benchStore' in window);
    return await s.page.evaluate(
      (n) => (window as unknown as { __benchStore: { run(n: number): Promise<StoreBenchResult> } }).__benchStore.run(n),
      count,
    );
  } finally {
    await s.close();
    server.close();
  }
}
