import type { Problem } from './types';

/**
 * Collects problems, listing at most `perCode` of each code so that a file with 100k bad features
 * does not produce 100k messages; the rest are summarised by one extra problem per code.
 */
export class ProblemList {
  private readonly items: Problem[] = [];
  private readonly counts = new Map<string, number>();

  constructor(private readonly perCode = 200) {}

  push(p: Problem): void {
    const n = (this.counts.get(p.code) ?? 0) + 1;
    this.counts.set(p.code, n);
    if (n <= this.perCode) this.items.push(p);
  }

  /** Total problems pushed, including those not listed. */
  get total(): number {
    let t = 0;
    for (const n of this.counts.values()) t += n;
    return t;
  }

  count(code: string): number {
    return this.counts.get(code) ?? 0;
  }

  /** Listed problems followed by one summary per code that overflowed. */
  toArray(): Problem[] {
    const out = this.items.slice();
    for (const [code, n] of this.counts) {
      if (n > this.perCode) {
        const severity = this.items.find((p) => p.code === code)?.severity ?? 'warning';
        out.push({ code, omitted: { count: n - this.perCode, total: n }, severity });
      }
    }
    return out;
  }
}
