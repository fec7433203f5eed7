import fs from 'node:fs';
import { isSafeOrigin } from '../../shared/basemaps/online-sources';
import { writeFileAtomic } from './atomic-write';

/**
 * The origins of the online basemap sources the user added, remembered in userData so the page's
 * policy allows them from the first load after a restart. Read synchronously once at start-up
 * (before the window loads); anything malformed in the file is dropped, never trusted.
 */
export class OnlineOrigins {
  private origins: string[] = [];

  constructor(private readonly file: string) {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      if (Array.isArray(parsed)) this.origins = clean(parsed);
    } catch {
      this.origins = [];
    }
  }

  list(): string[] {
    return [...this.origins];
  }

  async set(origins: readonly unknown[]): Promise<string[]> {
    this.origins = clean(origins);
    await writeFileAtomic(this.file, JSON.stringify(this.origins));
    return this.list();
  }
}

function clean(values: readonly unknown[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && isSafeOrigin(v)))].sort();
}
