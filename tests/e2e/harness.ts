import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page, type Route } from 'playwright-core';

export const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/e2e/', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/**
 * How the browser composites the page. `software` is the e2e flags above: with `--disable-gpu`
 * the compositor runs on the CPU in the renderer, so every WebGL frame is read back
 * (`GLES2::ReadPixels`) while the page's main thread waits for SwiftShader to draw it. `gpu` drops
 * `--disable-gpu`: SwiftShader still draws on the CPU, but in the GPU process, and the page hands
 * frames over as a machine with a GPU does. The benchmarks use it to see the page's own tasks.
 */
export type Compositing = 'software' | 'gpu';

const argsFor = (compositing: Compositing): string[] => (compositing === 'gpu' ? ARGS.filter((a) => a !== '--disable-gpu') : ARGS);

export interface Session {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Every request that tried to leave the machine; the tests assert it stays empty. */
  external: string[];
  /** Uncaught page errors and console errors. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * A browser with one persistent profile per session (so IndexedDB survives a reload) in which
 * any request not addressed to the local preview server is aborted and recorded.
 */
/** `allow`: other loopback origins the page may reach (a JOC hub started by the test). */
export async function openSession(baseUrl: string, viewport = { width: 1400, height: 900 }, allow: readonly string[] = [], compositing: Compositing = 'software'): Promise<Session> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: argsFor(compositing), headless: true });
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'en-GB' });
  const origin = new URL(baseUrl).origin;
  const external: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || allow.some((o) => url.startsWith(o)) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    external.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}\n${e.stack ?? ""}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return { browser, context, page, external, errors, close: () => browser.close() };
}

/** The page's test hook, present when the URL has ?e2e. */
export async function waitForApp(page: Page): Promise<void> {
  await page.waitForFunction(() => Boolean((window as unknown as { __cg?: { ready(): boolean } }).__cg?.ready()), null, { timeout: 60_000 });
}

export async function mapIdle(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __cg: { whenIdle(): Promise<void> } }).__cg.whenIdle());
}

/**
 * Colour statistics of the map canvas (readable because the map keeps its drawing buffer):
 * how many distinct colours, and how many pixels are close to `rgb`.
 */
/** Clicks the map where a position is (through the test hook's screenPoint), then waits for idle. */
export async function clickMapAt(page: Page, lng: number, lat: number): Promise<void> {
  const p = await page.evaluate(([lng, lat]) => (window as unknown as { __cg: { screenPoint(lng: number, lat: number): { x: number; y: number } } }).__cg.screenPoint(lng as number, lat as number), [lng, lat]);
  const box = await page.getByTestId('map').boundingBox();
  if (!box) throw new Error('no map');
  await page.mouse.click(box.x + p.x, box.y + p.y);
  await mapIdle(page);
}

export async function canvasStats(page: Page, rgb: [number, number, number], tolerance = 40): Promise<{ distinct: number; matching: number; total: number }> {
  return page.evaluate(
    ({ rgb, tolerance }) => {
      const src = document.querySelector<HTMLCanvasElement>('.maplibregl-canvas');
      if (!src) throw new Error('no map canvas');
      const c = document.createElement('canvas');
      c.width = src.width;
      c.height = src.height;
      const ctx = c.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      ctx.drawImage(src, 0, 0);
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      const colours = new Set<number>();
      let matching = 0;
      for (let i = 0; i < data.length; i += 4) {
        const r = data[i] ?? 0;
        const g = data[i + 1] ?? 0;
        const b = data[i + 2] ?? 0;
        colours.add((r << 16) | (g << 8) | b);
        if (Math.abs(r - rgb[0]) + Math.abs(g - rgb[1]) + Math.abs(b - rgb[2]) <= tolerance) matching++;
      }
      return { distinct: colours.size, matching, total: data.length / 4 };
    },
    { rgb, tolerance },
  );
}

/** A session on the app page with its test hook, ready to use. */
export async function openApp(baseUrl: string, allow: readonly string[] = [], compositing: Compositing = 'software'): Promise<Session> {
  const s = await openSession(baseUrl, undefined, allow, compositing);
  await s.page.goto(`${baseUrl}?e2e`);
  await waitForApp(s.page);
  return s;
}

/** Imports the fixture file `name` through the import dialog as it is proposed, `count` features. */
export async function importFixture(page: Page, name: string, count: number): Promise<void> {
  await chooseFile(page, `${FIXTURES}${name}`);
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('features-found').waitFor();
  await dialog.getByRole('button', { name: new RegExp(`^Import ${count} features`) }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Picks `path` in the file dialog that the first Import… button opens, as a user does. */
export async function chooseFile(page: Page, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import…' }).first().click();
  await (await chooser).setFiles(path);
}

/** Drops files on the page as a user dragging them from the file manager does, several at once. */
export async function dropFiles(page: Page, paths: readonly string[]): Promise<void> {
  const files = paths.map((p) => ({ name: p.split('/').pop()!, bytes: [...readFileSync(p)] }));
  await page.evaluate((fs) => {
    const dt = new DataTransfer();
    for (const f of fs) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
    for (const type of ['dragenter', 'dragover', 'drop']) window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

type LayerHook = { __cg: { layers(): { name: string; featureCount: number }[] } };

/** Waits until the layer panel holds a layer `name` with `count` features. */
export async function waitForLayer(page: Page, name: string, count: number): Promise<void> {
  await page.waitForFunction(
    ([n, c]) => (window as unknown as LayerHook).__cg.layers().some((l) => l.name === n && l.featureCount === c),
    [name, count] as const,
    { timeout: 30_000 },
  );
}

/** Settings → JOC hub: saves the address (the app reloads itself to allow it) and leaves the dialog closed. */
export async function saveHubAddress(page: Page, url: string): Promise<void> {
  await page.getByTestId('hub-status').click();
  const dialog = page.getByRole('dialog', { name: 'JOC hub' });
  await dialog.getByLabel('Hub address').fill(url);
  await Promise.all([page.waitForEvent('load'), dialog.getByRole('button', { name: 'Save address' }).click()]);
  await waitForApp(page);
}

/** Logs in through Settings → JOC hub and waits for the top bar to say connected. */
export async function logInToHub(page: Page, url: string, login: string, password: string): Promise<void> {
  await saveHubAddress(page, url);
  await page.getByTestId('hub-status').click();
  const dialog = page.getByRole('dialog', { name: 'JOC hub' });
  await dialog.getByLabel('User').fill(login);
  await dialog.getByLabel('Password').fill(password);
  await dialog.getByRole('button', { name: 'Log in' }).click();
  await dialog.getByTestId('hub-details').waitFor();
  await page.locator('[data-testid="hub-status"][data-status="connected"]').waitFor({ timeout: 30_000 });
  await dialog.getByRole('button', { name: 'Close' }).click();
}

/** Every request to the hub fails as with the network down, until the returned function is called. */
export async function cutOffFromHub(context: BrowserContext, url: string): Promise<() => Promise<void>> {
  const pattern = `${url}/**`;
  const blocked = (route: Route) => route.abort('internetdisconnected');
  await context.route(pattern, blocked);
  return () => context.unroute(pattern, blocked);
}

/** "Sync now" in the hub dialog, then waits for connected with nothing left to push. */
export async function syncNow(page: Page): Promise<void> {
  await page.getByTestId('hub-status').click();
  const dialog = page.getByRole('dialog', { name: 'JOC hub' });
  await dialog.getByRole('button', { name: 'Sync now' }).click();
  await page.locator('[data-testid="hub-status"][data-status="connected"]').waitFor({ timeout: 60_000 });
  await dialog.getByRole('button', { name: 'Close' }).click();
}

/**
 * Zooms to `layer`, clicks the feature drawn at lng/lat and renames it from `name` to `newName`
 * in the inspector, as a user does.
 */
export async function renameInInspector(page: Page, layer: string, at: [number, number], name: string, newName: string): Promise<void> {
  await page.locator('.layer-row', { hasText: layer }).getByRole('button', { name: 'Zoom to layer' }).click();
  await mapIdle(page);
  // The zoom is animated: the click must land where the feature ends up.
  await page.waitForTimeout(600);
  await clickMapAt(page, at[0], at[1]);
  const inspector = page.getByRole('complementary', { name: 'Feature' });
  await inspector.getByRole('heading', { name }).waitFor();
  await inspector.getByRole('button', { name: 'Edit', exact: true }).click();
  await inspector.getByLabel('Name').fill(newName);
  await inspector.getByRole('button', { name: 'Save' }).click();
  await inspector.getByRole('button', { name: 'Edit', exact: true }).waitFor();
}
