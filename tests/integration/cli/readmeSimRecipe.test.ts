import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { tempDir } from '../../helpers/archives.ts';

const REPO = new URL('../../../', import.meta.url).pathname;
/** Bound on the whole recipe (it took about 30 s on 2 cores: most of it is npx starting the CLI 6 times). */
const RECIPE_BOUND_MS = 120_000;

const dir = tempDir('readme-recipe');
after(() => dir.remove());

/** The first ```sh block after the heading, as it stands in README.md. */
function recipeBlock(readme: string, heading: string): string {
  const from = readme.indexOf(heading);
  assert.ok(from >= 0, `README.md has no "${heading}"`);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(from));
  assert.ok(block?.[1], `no sh block under "${heading}"`);
  return block[1];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * node_modules for the clone without `npm ci` (too slow here): every entry links to this
 * checkout's node_modules, except the workspace packages, which link to the clone's own
 * packages/ so that the clone builds and runs its own sources.
 */
function linkNodeModules(clone: string): void {
  const source = join(REPO, 'node_modules');
  const target = join(clone, 'node_modules');
  mkdirSync(join(target, '@ctr-resync'), { recursive: true });
  for (const name of readdirSync(source)) if (name !== '@ctr-resync') symlinkSync(join(source, name), join(target, name));
  for (const name of readdirSync(join(source, '@ctr-resync'))) symlinkSync(join(clone, 'packages', name), join(target, '@ctr-resync', name));
}

test("the README's simulator recipe works pasted into a fresh clone of HEAD", { timeout: RECIPE_BOUND_MS + 30_000 }, async () => {
  // Prepare: a clone of the committed HEAD (not the working tree), and the block exactly as written,
  // but for its port 8787, replaced by a free one so the test can run next to anything.
  const clone = join(dir.path, 'clone');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', REPO, clone]);
  linkNodeModules(clone);
  const port = await freePort();
  const block = recipeBlock(readFileSync(join(clone, 'README.md'), 'utf8'), '### Try the CLI against the simulator by hand');
  assert.match(block, /8787/);
  writeFileSync(join(dir.path, 'recipe.sh'), block.replaceAll('8787', String(port)));
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of Object.keys(env)) if (/^(CTR_|SF_|SCV_|SCRT_|ITIA_)/.test(name)) delete env[name];

  // Act: bash in its own process group, so whatever the recipe leaves running can be stopped.
  const child = spawn('bash', [join(dir.path, 'recipe.sh')], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const bound = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), RECIPE_BOUND_MS);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(bound);

  // Assess
  try {
    assert.equal(code, 0, output);
    assert.match(output, /Seeded from 2 CTRs \(1 contacts\)/);
    assert.match(output, /stored 2/);
    assert.match(output, /All checks passed\./);
    assert.match(output, /would-resync\s+1/);
    assert.match(output, /resynced-confirmed\s+1/);
    // The last line stopped the simulator: it deletes its ready file as it stops.
    for (let i = 0; i < 100 && existsSync(join(clone, '.sim', 'ready.json')); i += 1) await new Promise((r) => setTimeout(r, 100));
    assert.ok(!existsSync(join(clone, '.sim', 'ready.json')), 'the simulator was stopped');
  } finally {
    try {
      process.kill(-(child.pid as number), 'SIGTERM');
    } catch {
      // the group is gone: everything the recipe started has stopped
    }
  }
});
