import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { RunningOrgSimulator } from '@ctr-resync/org-simulator';
import type { CliIo } from '../../../src/cli/CliIo.ts';
import { simCommand } from '../../../src/cli/commands/sim.ts';
import { runCli } from '../../helpers/cli.ts';
import { inboundCtr } from './ctrFixtures.ts';

function captureIo(cwd: string): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    cwd,
    now: () => new Date(),
    out: () => out,
    err: () => err,
  };
}

/** Runs `sim` with the given flags, reads the VoiceCall count while it runs, and stops it. */
async function runSim(cwd: string, args: string[]): Promise<{ out: string; err: string; records: number }> {
  const io = captureIo(cwd);
  let records = -1;
  await simCommand(io, {
    untilStopped: async (sim: RunningOrgSimulator) => {
      records = ((await (await fetch(`${sim.url}/_simulator/stats`)).json()) as { records: number }).records;
    },
  }).parseAsync([...args, '--credentials-out', 'keys'], { from: 'user' });
  return { out: io.out(), err: io.err(), records };
}

describe('ctr-resync sim --seed reads what archive import reads', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sim-seed-'));
    const text = (id: string): string => JSON.stringify(inboundCtr(id));
    await mkdir(join(dir, 'mixed', 'nested'), { recursive: true });
    // Firehose output: objects concatenated with no delimiter, gzipped, with no telling extension.
    await writeFile(join(dir, 'mixed', 'firehose-part-0001'), gzipSync(`${text('fh-1')}${text('fh-2')}`));
    await writeFile(join(dir, 'mixed', 'day.ndjson'), `${text('nd-1')}\n${text('nd-2')}\n`);
    await writeFile(join(dir, 'mixed', 'nested', 'array.json'), `[${text('ar-1')},${text('ar-2')}]`);
    await writeFile(join(dir, 'mixed', 'nested', 'one.json.gz'), gzipSync(text('gz-1')));
    await mkdir(join(dir, 'empty'));
    await writeFile(join(dir, 'not-ctrs.txt'), 'hello, no JSON here\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('seeds every CTR of Firehose, NDJSON, array and gzipped files in nested folders', async () => {
    const result = await runSim(dir, ['--seed', 'mixed']);
    assert.match(result.out, /Seeded from 7 CTRs \(7 contacts\): 7 VoiceCalls created/);
    assert.equal(result.records, 7);
    assert.equal(result.err, '');
  });

  it('a single file works as well as a folder', async () => {
    const result = await runSim(dir, ['--seed', join('mixed', 'day.ndjson')]);
    assert.match(result.out, /Seeded from 2 CTRs/);
  });

  it('warns when it seeded 0 CTRs: an empty folder, or a file with no CTR in it', async () => {
    const empty = await runSim(dir, ['--seed', 'empty']);
    assert.match(empty.err, /warning: seeded 0 CTRs: empty \(0 file\(s\) read\) holds no CTR/);
    assert.equal(empty.records, 0);
    const junk = await runSim(dir, ['--seed', 'not-ctrs.txt']);
    assert.match(junk.err, /warning: 1 record\(s\) in not-ctrs\.txt are not CTR objects/);
    assert.match(junk.err, /warning: seeded 0 CTRs/);
  });

  it('a --seed path that does not exist is a flag error (exit 2) naming --seed', async () => {
    const result = await runCli(['sim', '--seed', join(dir, 'no-such-folder'), '--credentials-out', join(dir, 'keys')]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /error: --seed: cannot read .*no-such-folder \(ENOENT\): pass a CTR file or folder/);
  });

  it('a second sim on a busy port fails with the flag named and exit status 2, not 70', async () => {
    // Prepare: something already listens on the port.
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      // Act
      const result = await runCli(['sim', '--port', String(port), '--credentials-out', join(dir, 'keys')]);
      // Assess
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, new RegExp(`error: --port: port ${port} on 127\\.0\\.0\\.1 is already in use .*pass another --port`));
      assert.ok(!result.stderr.includes('internal error'));
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });
});
