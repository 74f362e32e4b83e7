import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The top-level folder of src/ a file lives in (`(root)` for src/errors.ts and the like). */
function folderOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? (parts[0] as string) : '(root)';
}

/** Folder → the folders its files import (static, type-only and dynamic imports alike). */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of tsFiles(SRC)) {
    const from = folderOf(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\(\s*)'(\.[^']+)'/g)) {
      const to = folderOf(resolve(dirname(file), m[1] as string));
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, relative(SRC, file));
      graph.set(from, edges);
    }
  }
  return graph;
}

/** One cycle through the folder graph, as a list of folders, or undefined. */
function findCycle(graph: Map<string, Map<string, string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (state.get(next) === 'open') return [...path.slice(path.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    if (state.get(node) === undefined) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  }
  return undefined;
}

test('the folders of src/ import each other without a loop', () => {
  const graph = folderGraph();
  const cycle = findCycle(graph);
  const where = cycle?.slice(1).map((to, i) => `${cycle[i]} → ${to} (${graph.get(cycle[i] as string)?.get(to)})`);
  assert.equal(cycle, undefined, `folder import loop: ${where?.join(', ')}`);
});

test('the pure core imports no adapter, entry point or I/O folder', () => {
  const core = ['ctr', 'transform', 'voicecall', 'validation', 'ports'];
  const io = ['archive', 'salesforce', 'writers', 'lambda', 'cli', 'config', 'http', 'importing', 'datalake', 'offline'];
  const graph = folderGraph();
  const offending = core.flatMap((folder) =>
    [...(graph.get(folder)?.entries() ?? [])].filter(([to]) => io.includes(to)).map(([to, file]) => `${file} → ${to}`),
  );
  assert.deepEqual(offending, []);
});
