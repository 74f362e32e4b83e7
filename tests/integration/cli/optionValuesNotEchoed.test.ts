import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../../helpers/cli.ts';

const SECRET = 'Sup3rS3cr3t-7f9c2a0b4e1d';

const cases: readonly (readonly string[])[] = [
  ['reconcile', `--sf-client-secret=${SECRET}`, '--since', '1d'],
  ['reconcile', '--sf-client-secret', SECRET, '--since', '1d'],
  [`--sf-client-secret=${SECRET}`, 'reconcile'],
  ['--sf-client-secret', SECRET, 'reconcile'],
  ['archive', 'import', `--password=${SECRET}`, 'x.json'],
  ['archive', 'import', '--concurrency', SECRET, 'x.json'],
  ['archive', 'import', `--concurrency=${SECRET}`, 'x.json'],
  ['reconcile', '--since', '1d', '--mode', SECRET],
  ['report', '--since', '1d', '--token', SECRET],
];

test('commander errors never echo an option value (it may be a secret), and still name the option: exit 2', async () => {
  for (const args of cases) {
    // Act
    const result = await runCli(args, {});
    // Assess
    assert.equal(result.code, 2, args.join(' '));
    assert.ok(!result.stderr.includes(SECRET) && !result.stdout.includes(SECRET), `value echoed for: ${args.join(' ')}\n${result.stderr}`);
    const option = args.find((a) => a.startsWith('--') && a !== '--since')?.split('=')[0] ?? '';
    assert.ok(result.stderr.includes(option), `names ${option}: ${result.stderr}`);
  }
});
