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
  const failures = [];
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
    failures.push(...failuresOf(report, path.relative(repoRoot, dir)));
  }
  return { passed, failed, skipped, perPackage, failures };
}

/** One line per failed test (or test file that failed to load): where, which, and the first line of why. */
function failuresOf(report, pkg) {
  const lines = [];
  const firstLine = (text) => String(text ?? '').split('\n').find((l) => l.trim())?.trim().slice(0, 300) ?? '';
  for (const file of report.testResults ?? []) {
    const where = `${pkg}/${path.relative(path.join(repoRoot, pkg), file.name ?? '')}`;
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of failedTests) lines.push(`${where} › ${t.fullName ?? t.title}: ${firstLine(t.failureMessages?.[0])}`);
    if (file.status === 'failed' && failedTests.length === 0) lines.push(`${where}: ${firstLine(file.message)}`);
  }
  return lines;
}
