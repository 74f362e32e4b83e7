import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { simCommand } from '../../../src/cli/commands/sim.ts';
import type { CliIo } from '../../../src/cli/CliIo.ts';
import type { RunningOrgSimulator } from '@ctr-resync/org-simulator';
import { inboundCtr } from './ctrFixtures.ts';

function captureIo(cwd: string): CliIo & { out: () => string } {
  let out = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (out += s) },
    env: {},
    cwd,
    now: () => new Date(),
    out: () => out,
  };
}

describe('ctr-resync sim', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sim-cli-'));
    await mkdir(join(dir, 'ctrs'));
    await writeFile(join(dir, 'ctrs', 'day.json'), JSON.stringify([inboundCtr('cli-1'), inboundCtr('cli-2', { Channel: 'CHAT' })]));
    await writeFile(join(dir, 'config.json'), JSON.stringify({ dailyApiLimit: 123 }));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('starts, seeds, writes 0600 key files without printing them, and stops', async () => {
    // Prepare
    const io = captureIo(dir);
    let seen: { url: string; records: number; limit: number } | undefined;
    const command = simCommand(io, {
      untilStopped: async (sim: RunningOrgSimulator) => {
        const stats = (await (await fetch(`${sim.url}/_simulator/stats`)).json()) as { records: number; apiUsage: { limit: number } };
        seen = { url: sim.url, records: stats.records, limit: stats.apiUsage.limit };
      },
    });
    // Act
    await command.parseAsync(['--seed', 'ctrs', '--config', 'config.json', '--credentials-out', 'keys'], { from: 'user' });
    // Assess
    const out = io.out();
    assert.ok(seen !== undefined);
    assert.match(out, new RegExp(`listening on ${seen.url.replace(/[.]/g, '\\.')}`));
    assert.match(out, /SCRT base URL\s+http:\/\/127\.0\.0\.1:\d+\/telephony\/v1/);
    assert.match(out, /Seeded from 2 CTRs \(2 contacts\): 1 VoiceCalls created, 1 syncs applied, 0 lost, 1 excluded/);
    assert.deepEqual([seen.records, seen.limit], [1, 123]);
    assert.match(out, /Org simulator stopped\./);
    const saved = JSON.parse(await readFile(join(dir, 'keys', 'credentials.json'), 'utf8'));
    const key = await readFile(join(dir, 'keys', 'connected-app.key'), 'utf8');
    assert.match(key, /BEGIN PRIVATE KEY/);
    assert.ok(!out.includes('PRIVATE KEY') && !out.includes(saved.connectedApp.clientSecret), 'no secret printed');
    for (const file of ['credentials.json', 'connected-app.key', 'contact-center.key']) {
      assert.equal((await stat(join(dir, 'keys', file))).mode & 0o777, 0o600, file);
    }
  });

  it('reuses the credentials of an earlier run', async () => {
    const io = captureIo(dir);
    let orgId = '';
    await simCommand(io, {
      untilStopped: async (sim) => {
        orgId = sim.credentials.contactCenter.orgId;
      },
    }).parseAsync(['--credentials-out', 'keys'], { from: 'user' });
    const saved = JSON.parse(await readFile(join(dir, 'keys', 'credentials.json'), 'utf8'));
    assert.equal(orgId, saved.contactCenter.orgId);
    assert.match(io.out(), /\(reused\)/);
  });
});
