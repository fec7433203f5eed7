import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OnlineOrigins } from '../../../electron/main/online-origins';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-origins-'));
  file = path.join(dir, 'online-basemap-origins.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('OnlineOrigins', () => {
  it('starts empty without a file, and remembers what is set across restarts', async () => {
    expect(new OnlineOrigins(file).list()).toEqual([]);
    await new OnlineOrigins(file).set(['https://tiles.example.org', 'http://10.0.0.5:8080', 'https://tiles.example.org']);
    expect(new OnlineOrigins(file).list()).toEqual(['http://10.0.0.5:8080', 'https://tiles.example.org']);
  });

  it('drops anything in the file that is not an exact origin', () => {
    fs.writeFileSync(file, JSON.stringify(['https://ok.org', "https://a.org; script-src 'unsafe-inline'", '*', 42, 'https://a.org/x']));
    expect(new OnlineOrigins(file).list()).toEqual(['https://ok.org']);
    fs.writeFileSync(file, '{not json');
    expect(new OnlineOrigins(file).list()).toEqual([]);
  });
});
