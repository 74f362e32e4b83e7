#!/usr/bin/env node
// Test runner: node:test over every *.test.ts below the given folders (default: tests/ and packages/).
// Node 20's `node --test` finds no .ts files by itself, so the file list is built here, and
// the run ends with one plain summary line ("N passed, N failed, N skipped") that CI reads.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { fileURLToPath } from 'node:url';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('--'));
// --no-build: dist/ is already built (the runner's own test runs it on a fixture folder during the suite).
const build = !process.argv.includes('--no-build');
const files = [];
const walk = (path) => {
  if (statSync(path).isFile()) {
    if (path.endsWith('.test.ts')) files.push(resolve(path));
    return;
  }
  for (const entry of readdirSync(path).sort()) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    walk(join(path, entry));
  }
};
// The product's tests, and each workspace package's own (packages/<name>/tests).
for (const root of roots.length > 0 ? roots : ['tests', 'packages']) walk(root);
if (files.length === 0) {
  console.error(`No *.test.ts files found under ${roots.join(', ') || 'tests, packages'}.`);
  process.exit(1);
}

// Tests that run bin/ctr-resync.mjs (or pack the package) need dist/ as it is now: build it first.
if (build) {
  const built = spawnSync(process.execPath, [fileURLToPath(new URL('build.mjs', import.meta.url))], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

// Children inherit this: they load TypeScript through tsx and keep the AWS SDK quiet on Node 20.
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import tsx`.trim();
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.POWERTOOLS_DEV ??= 'false';

const counts = { passed: 0, failed: 0, skipped: 0 };
// Each file gets 180 s unless TEST_FILE_TIMEOUT_MS says otherwise (CI's full-size fault run needs more).
const stream = run({ files, concurrency: true, timeout: Number(process.env.TEST_FILE_TIMEOUT_MS ?? 180_000) });
// node:test reports `skip` (or `todo`) on the test:pass event of a skipped test; a skipped suite
// (`describe(..., { skip })`) runs none of its tests and reports only itself, so it counts as one skip.
stream.on('test:pass', (e) => {
  if (e.details?.type === 'suite' && !e.skip) return;
  if (e.skip !== undefined && e.skip !== false) counts.skipped += 1;
  else if (e.todo !== undefined && e.todo !== false) counts.skipped += 1;
  else counts.passed += 1;
});
stream.on('test:fail', (e) => {
  if (e.details?.type === 'suite' && e.details?.error?.failureType === 'subtestsFailed') return;
  counts.failed += 1;
});
const reporter = stream.compose(new spec());
reporter.pipe(process.stdout, { end: false });
reporter.on('end', () => {
  process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  process.exitCode = counts.failed > 0 || counts.passed === 0 ? 1 : 0;
});
