import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { CliIo } from '../../../src/cli/CliIo.ts';
import { buildProgram, COMMANDS } from '../../../src/cli/main.ts';
import { runCli } from '../../helpers/cli.ts';

const io: CliIo = {
  stdout: { write: () => true, isTTY: false },
  stderr: { write: () => true, isTTY: false },
  env: {},
  cwd: process.cwd(),
  now: () => new Date(),
};

test('each lazily listed sub-command carries the description of the command it loads', async () => {
  for (const entry of COMMANDS) {
    const loaded = await entry.load(io);
    assert.equal(loaded.name(), entry.name);
    assert.equal(loaded.description(), entry.description, entry.name);
    assert.equal(loaded.options.length > 0, entry.hasOptions, entry.name);
  }
});

test('only the sub-command named on the command line is loaded; the others are listed by name', async () => {
  const program = await buildProgram(io, ['report', '--since', '1d']);
  const byName = new Map(program.commands.map((c) => [c.name(), c]));
  assert.deepEqual(
    [...byName.keys()],
    COMMANDS.map((c) => c.name),
  );
  assert.ok((byName.get('report')?.options.length ?? 0) > 0);
  for (const name of ['archive', 'reconcile', 'demo', 'sim', 'audit', 'backfill']) assert.equal(byName.get(name)?.options.length, 0, name);
  const help = await buildProgram(io, ['help', 'sim']);
  assert.ok((help.commands.find((c) => c.name() === 'sim')?.options.length ?? 0) > 0);
});

test('--version prints the version from package.json; --help lists every command', async () => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  const version = await runCli(['--version']);
  assert.equal(version.code, 0);
  assert.equal(version.stdout.trim(), pkg.version);
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  for (const entry of COMMANDS) assert.match(help.stdout, new RegExp(`^  ${entry.name}\\b`, 'm'));
  const sub = await runCli(['sim', '--help']);
  assert.equal(sub.code, 0);
  assert.match(sub.stdout, /--credentials-out/);
});
