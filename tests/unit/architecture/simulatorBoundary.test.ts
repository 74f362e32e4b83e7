import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const PACKAGE = join(REPO, 'packages', 'org-simulator');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier in a file: static imports and exports (`type` or not) and dynamic imports. */
function specifiers(file: string): { specifier: string; typeOnly: boolean; dynamic: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const found: { specifier: string; typeOnly: boolean; dynamic: boolean }[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?\bfrom\s+'([^']+)'/gm))
    found.push({ specifier: m[2] as string, typeOnly: m[1] !== undefined, dynamic: false });
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) found.push({ specifier: m[1] as string, typeOnly: false, dynamic: true });
  return found;
}

test('the org simulator package imports nothing from the product (or any path outside itself)', () => {
  const offending: string[] = [];
  for (const file of tsFiles(join(PACKAGE, 'src'))) {
    for (const { specifier } of specifiers(file)) {
      if (specifier.startsWith('.')) {
        if (relative(PACKAGE, resolve(dirname(file), specifier)).startsWith('..')) offending.push(`${relative(REPO, file)} → ${specifier}`);
      } else if (!specifier.startsWith('node:') && specifier !== 'aws-lambda') offending.push(`${relative(REPO, file)} → ${specifier}`);
    }
  }
  assert.deepEqual(offending, []);
});

test('the product uses the simulator packages only from the demo and sim commands and src/offline/, loaded lazily', () => {
  const allowed = (name: string) => name === 'src/cli/commands/demo.ts' || name === 'src/cli/commands/sim.ts' || name.startsWith('src/offline/');
  const offending: string[] = [];
  for (const file of tsFiles(join(REPO, 'src'))) {
    const name = relative(REPO, file).split('\\').join('/');
    for (const { specifier, typeOnly, dynamic } of specifiers(file)) {
      const isSimulator = specifier.startsWith('@ctr-resync/org-simulator') || specifier.startsWith('@ctr-resync/connect-simulator');
      const isDemoModule = specifier.endsWith('/offline/runOfflineDemo.ts');
      const isOfflineModule = /(^|\/)offline\//.test(specifier) && !name.startsWith('src/offline/');
      if (isSimulator && !allowed(name)) offending.push(`${name} → ${specifier}`);
      // The commands may name the simulator's types, but load its code (or the demo's) only inside the action.
      if (name.startsWith('src/cli/') && (isSimulator || isDemoModule) && !typeOnly && !dynamic) offending.push(`${name} → ${specifier} (static)`);
      // src/offline/ is reached only through runOfflineDemo, which only the demo command loads.
      if (isOfflineModule && !(isDemoModule && name === 'src/cli/commands/demo.ts')) offending.push(`${name} → ${specifier}`);
    }
  }
  assert.deepEqual(offending, []);
});

test('the root command loads no sub-command module up front', () => {
  const statics = specifiers(join(REPO, 'src', 'cli', 'main.ts')).filter((s) => !s.dynamic && !s.typeOnly && s.specifier.startsWith('./commands/'));
  assert.deepEqual(statics, []);
});
