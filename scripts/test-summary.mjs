// Prints the one line CI reads ("N passed, N failed") from the vitest JSON reports of this run.
// Lint and typecheck have no test count: a failure of either (non-zero exit with no failed
// test reported) counts as one failed check so a red run never reads as green.
import { readdirSync, readFileSync, existsSync } from 'node:fs';

const status = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = 0;
const dir = 'test-results';
if (existsSync(dir)) {
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
    passed += r.numPassedTests ?? 0;
    // A suite that failed to load reports no failed test, only a failed suite.
    failed += Math.max(r.numFailedTests ?? 0, r.numFailedTestSuites ?? 0);
  }
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
