// Collects the vitest JSON reports each package writes (.test-report.json) into one summary.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.mjs';

function packageDirs() {
  const dirs = [];
  for (const group of ['apps', 'packages', 'packages/connectors', 'bench']) {
    const base = path.join(repoRoot, group);
    if (!fs.existsSync(base)) continue;
    if (fs.existsSync(path.join(base, 'package.json'))) dirs.push(base);
    for (const d of fs.readdirSync(base)) {
      const dir = path.join(base, d);
      if (fs.existsSync(path.join(dir, 'package.json'))) dirs.push(dir);
    }
  }
  return dirs;
}

export function removeReports() {
  for (const dir of packageDirs()) fs.rmSync(path.join(dir, '.test-report.json'), { force: true });
}

export function collectReports() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const perPackage = [];
  for (const dir of packageDirs()) {
    const file = path.join(dir, '.test-report.json');
    if (!fs.existsSync(file)) continue;
    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    const p = report.numPassedTests ?? 0;
    const f = (report.numFailedTests ?? 0) + (report.numFailedTestSuites && !report.numFailedTests ? report.numFailedTestSuites : 0);
    const s = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    passed += p;
    failed += f;
    skipped += s;
    perPackage.push(`${path.relative(repoRoot, dir).padEnd(32)} ${p} passed, ${f} failed${s ? `, ${s} skipped` : ''}`);
  }
  return { passed, failed, skipped, perPackage };
}
