import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SFNClient, StartExecutionCommand, StateMachineDoesNotExist } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { Command } from 'commander';
import type { CliIo } from '../../src/cli/CliIo.ts';
import { CliExit } from '../../src/cli/CliExit.ts';
import { backfillCommand } from '../../src/cli/commands/backfill.ts';
import { EXIT } from '../../src/cli/exitCodes.ts';
import { ConfigError } from '../../src/errors.ts';

const ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:BackfillStateMachine7C43A0F5-Ab12Cd34Ef56';
const EXECUTION_ARN = 'arn:aws:states:eu-west-1:123456789012:execution:BackfillStateMachine7C43A0F5-Ab12Cd34Ef56:backfill-x';
const NOW = new Date('2026-11-23T12:00:00Z');

/** Runs `ctr-resync backfill ...` in-process the way main.ts wires commands; returns output and the thrown error. */
async function runBackfill(args: readonly string[], client?: SFNClient): Promise<{ stdout: string; stderr: string; error?: unknown }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: {},
    cwd: process.cwd(),
    now: () => NOW,
  };
  const output = {
    writeOut: (s: string) => {
      stdout += s;
    },
    writeErr: (s: string) => {
      stderr += s;
    },
  };
  const sub = backfillCommand(io, client ? { client } : {})
    .exitOverride()
    .configureOutput(output);
  const program = new Command('ctr-resync').exitOverride().configureOutput(output).addCommand(sub);
  try {
    await program.parseAsync(['node', 'ctr-resync', 'backfill', ...args]);
    return { stdout, stderr };
  } catch (error) {
    return { stdout, stderr, error };
  }
}

test('starts one execution with a day window per day and prints its ARN', async () => {
  // Prepare
  const client = new SFNClient({ region: 'eu-west-1' });
  const sfn = mockClient(client);
  sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: NOW });

  // Act
  const { stdout, stderr, error } = await runBackfill(['--from', '2026-01-30', '--to', '2026-02-01', '--state-machine-arn', ARN], client);

  // Assess
  assert.equal(error, undefined);
  assert.equal(stdout, `${EXECUTION_ARN}\n`);
  assert.match(stderr, /3 window\(s\) of 24h/);
  const calls = sfn.commandCalls(StartExecutionCommand);
  assert.equal(calls.length, 1);
  const sent = calls[0]?.args[0].input;
  assert.equal(sent?.stateMachineArn, ARN);
  assert.equal(sent?.name, 'backfill-2026-01-30-to-2026-02-01-20261123T120000Z');
  assert.deepEqual(JSON.parse(sent?.input ?? ''), {
    from: '2026-01-30',
    to: '2026-02-01',
    windows: [
      { since: '2026-01-30T00:00:00.000Z', until: '2026-01-31T00:00:00.000Z' },
      { since: '2026-01-31T00:00:00.000Z', until: '2026-02-01T00:00:00.000Z' },
      { since: '2026-02-01T00:00:00.000Z', until: '2026-02-02T00:00:00.000Z' },
    ],
  });
});

test('--json prints the execution as JSON; --window-hours splits days', async () => {
  const client = new SFNClient({ region: 'eu-west-1' });
  const sfn = mockClient(client);
  sfn.on(StartExecutionCommand).resolves({ executionArn: EXECUTION_ARN, startDate: NOW });
  const { stdout } = await runBackfill(
    ['--from', '2026-01-01', '--to', '2026-01-01', '--state-machine-arn', ARN, '--window-hours', '6', '--json'],
    client,
  );
  assert.deepEqual(JSON.parse(stdout), {
    executionArn: EXECUTION_ARN,
    name: 'backfill-2026-01-01-to-2026-01-01-20261123T120000Z',
    windows: 4,
    startDate: NOW.toISOString(),
  });
});

test('--dry-run prints the execution input and calls nothing', async () => {
  // Prepare
  const client = new SFNClient({ region: 'eu-west-1' });
  const sfn = mockClient(client);

  // Act
  const { stdout, stderr, error } = await runBackfill(
    ['--from', '2026-11-22', '--to', '2026-11-23', '--state-machine-arn', ARN, '--dry-run'],
    client,
  );

  // Assess
  assert.equal(error, undefined);
  assert.equal(sfn.commandCalls(StartExecutionCommand).length, 0);
  assert.equal((JSON.parse(stdout) as { windows: unknown[] }).windows.length, 2);
  assert.match(stderr, /Dry run, nothing started/);
});

test('a wrong day, range or ARN is a usage error (ConfigError) before anything is sent', async () => {
  const client = new SFNClient({ region: 'eu-west-1' });
  const sfn = mockClient(client);
  const cases: [string[], string, RegExp][] = [
    [['--from', '2026-02-30', '--to', '2026-03-01', '--state-machine-arn', ARN], '--from', /not a calendar day/],
    [['--from', '2026-03-02', '--to', '2026-03-01', '--state-machine-arn', ARN], '--to', /before --from/],
    [['--from', '2026-11-01', '--to', '2026-11-24', '--state-machine-arn', ARN], '--to', /in the future/],
    [['--from', '2025-01-01', '--to', '2026-01-31', '--state-machine-arn', ARN], '--to', /at most 366/],
    [
      ['--from', '2026-01-01', '--to', '2026-01-02', '--state-machine-arn', 'arn:aws:lambda:eu-west-1:123456789012:function:x'],
      '--state-machine-arn',
      /not a Step Functions state machine ARN/,
    ],
    [['--from', '2026-01-01', '--to', '2026-01-02', '--state-machine-arn', ARN, '--window-hours', '5'], '--window-hours', /divisor of 24/],
  ];
  for (const [args, setting, message] of cases) {
    const { error } = await runBackfill(args, client);
    assert.ok(error instanceof ConfigError && error.setting === setting && message.test(error.message), `${args.join(' ')} -> ${String(error)}`);
  }
  assert.equal(sfn.commandCalls(StartExecutionCommand).length, 0);
});

test('missing required flags are rejected by commander', async () => {
  const { error, stderr } = await runBackfill(['--from', '2026-01-01']);
  assert.ok(error);
  assert.match(stderr, /required option '--to <day>' not specified/);
});

test('Step Functions errors: a missing state machine is a usage error; access denied means unavailable (exit 3)', async () => {
  // Prepare
  const client = new SFNClient({ region: 'eu-west-1' });
  const sfn = mockClient(client);
  sfn
    .on(StartExecutionCommand)
    .rejectsOnce(new StateMachineDoesNotExist({ message: 'State Machine Does Not Exist', $metadata: {} }))
    .rejectsOnce(Object.assign(new Error('User is not authorized to perform: states:StartExecution'), { name: 'AccessDeniedException' }));
  const args = ['--from', '2026-01-01', '--to', '2026-01-02', '--state-machine-arn', ARN];

  // Act
  const missing = await runBackfill(args, client);
  const denied = await runBackfill(args, client);

  // Assess
  assert.ok(missing.error instanceof ConfigError && missing.error.setting === '--state-machine-arn', String(missing.error));
  assert.ok(denied.error instanceof CliExit && denied.error.exitCode === EXIT.unavailable, String(denied.error));
  assert.match(denied.stderr, /AccessDeniedException.*\n.*states:StartExecution/);
  assert.equal(denied.stdout, '');
});
