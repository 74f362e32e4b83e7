// Org simulator scale benchmark: seeds 1,000,000 VoiceCalls from synthetic CTRs (through SCV's own
// transform, 5% of syncs lost), reports heap and RSS, then times windowed SOQL queries over HTTP on
// loopback: the first 2,000-record batch and the following batches. Stops by itself.
//
//   node --import tsx bench/simulatorScale.ts [records]
import { createPrivateKey, sign } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ContactTraceRecord } from '../src/ctr/ContactTraceRecord.ts';
import { startOrgSimulator } from '@ctr-resync/org-simulator';
import { scvSync } from '../src/transform/scvSync.ts';

const RECORDS = Number(process.argv[2] ?? 1_000_000);
const CHUNK = 50_000;
const DAYS = 30;
const START = Date.UTC(2025, 0, 1);
const SPACING_MS = (DAYS * 86_400_000) / RECORDS;
const DEADLINE_MS = 15 * 60_000;

setTimeout(() => {
  process.stderr.write(`benchmark exceeded ${DEADLINE_MS / 60_000} minutes; stopping\n`);
  process.exit(1);
}, DEADLINE_MS).unref();

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;
const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

function uuid(i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  return `c0ffee00-0000-4000-8000-${hex}`;
}

function ctr(i: number): ContactTraceRecord {
  const start = START + Math.floor(i * SPACING_MS);
  const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
  const answered = i % 5 !== 0;
  return {
    ContactId: uuid(i),
    Channel: 'VOICE',
    InitiationMethod: i % 7 === 0 ? 'OUTBOUND' : 'INBOUND',
    InitiationTimestamp: iso(start),
    DisconnectTimestamp: iso(start + 240_000 + (i % 600) * 1000),
    LastUpdateTimestamp: iso(start + 400_000 + (i % 600) * 1000),
    DisconnectReason: i % 3 === 0 ? 'AGENT_DISCONNECT' : 'CUSTOMER_DISCONNECT',
    CustomerEndpoint: { Address: `+1555${String(i % 10_000_000).padStart(7, '0')}`, Type: 'TELEPHONE_NUMBER' },
    SystemEndpoint: { Address: `+1800555${String(i % 100).padStart(4, '0')}`, Type: 'TELEPHONE_NUMBER' },
    Queue: { Name: `Queue-${i % 12}`, EnqueueTimestamp: iso(start + 20_000) },
    Agent: answered
      ? {
          ConnectedToAgentTimestamp: iso(start + 60_000),
          CustomerHoldDuration: i % 90,
          LongestHoldDuration: i % 60,
          NumberOfHolds: i % 3,
          AgentInteractionDuration: 180,
        }
      : null,
    Attributes: {},
  };
}

function jwt(claims: Record<string, unknown>, pem: string): string {
  const h = Buffer.from(JSON.stringify({ alg: 'RS256' })).toString('base64url');
  const p = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${h}.${p}.${sign('RSA-SHA256', Buffer.from(`${h}.${p}`), createPrivateKey(pem)).toString('base64url')}`;
}

function stats(ms: number[]): string {
  if (ms.length === 0) return 'n=0 (a single batch held the whole result)';
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return `n=${sorted.length} p50=${at(0.5).toFixed(1)} ms p95=${at(0.95).toFixed(1)} ms max=${(sorted.at(-1) as number).toFixed(1)} ms`;
}

const sim = await startOrgSimulator({ scvSync, host: '127.0.0.1', config: { dailyApiLimit: 10_000_000 } });
try {
  const creds = sim.generatedCredentials;
  if (creds === undefined) throw new Error('no credentials');
  gc();
  const baseline = process.memoryUsage();
  const t0 = performance.now();
  let synced = 0;
  let lost = 0;
  for (let from = 0; from < RECORDS; from += CHUNK) {
    const chunk = Array.from({ length: Math.min(CHUNK, RECORDS - from) }, (_, k) => ctr(from + k));
    const summary = await sim.seedFromCtrs(chunk, { lostSyncFraction: 0.05, seed: 1 });
    synced += summary.synced;
    lost += summary.lost;
  }
  const seedSeconds = (performance.now() - t0) / 1000;
  gc();
  const seeded = process.memoryUsage();
  console.log(
    `node ${process.version}, ${RECORDS.toLocaleString('en')} VoiceCalls seeded in ${seedSeconds.toFixed(1)} s (${synced} syncs applied, ${lost} lost)`,
  );
  console.log(
    `memory after seeding (after GC): heapUsed ${mib(seeded.heapUsed)}, rss ${mib(seeded.rss)}, arrayBuffers ${mib(seeded.arrayBuffers)}; store ≈ ${mib(sim.stats().approximateStoreBytes)}; baseline heapUsed ${mib(baseline.heapUsed)}, rss ${mib(baseline.rss)}`,
  );

  const now = Math.floor(Date.now() / 1000);
  const tokenAnswer = await fetch(`${sim.url}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: jwt(
        { iss: creds.connectedApp.clientId, sub: creds.connectedApp.username, aud: sim.url, exp: now + 170 },
        creds.connectedApp.privateKeyPem,
      ),
    }),
  });
  const token = ((await tokenAnswer.json()) as { access_token: string }).access_token;
  const get = async (
    path: string,
  ): Promise<{ ms: number; body: { totalSize: number; done: boolean; nextRecordsUrl?: string; records: unknown[] } }> => {
    const t = performance.now();
    const response = await fetch(`${sim.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { totalSize: number; done: boolean; nextRecordsUrl?: string; records: unknown[] };
    if (response.status !== 200) throw new Error(`${response.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - t, body };
  };
  const query = (soql: string): string => `/services/data/v62.0/query?q=${encodeURIComponent(soql)}`;
  const day = (d: number): string => new Date(START + d * 86_400_000).toISOString().replace('.000Z', 'Z');

  const scenarios: [string, (d: number) => string][] = [
    [
      'one-day window, ORDER BY CallStartDateTime',
      (d) =>
        `SELECT Id, VendorCallKey, CallStartDateTime, CustomerHoldDuration, DisconnectReason FROM VoiceCall WHERE CallStartDateTime >= ${day(d)} AND CallStartDateTime < ${day(d + 1)} ORDER BY CallStartDateTime`,
    ],
    [
      'one-day window, unsynced only (CustomerHoldDuration = null)',
      (d) =>
        `SELECT Id, VendorCallKey, CallStartDateTime FROM VoiceCall WHERE CallStartDateTime >= ${day(d)} AND CallStartDateTime < ${day(d + 1)} AND CustomerHoldDuration = null ORDER BY CallStartDateTime`,
    ],
    ['whole table, unsynced only (full scan, no index)', () => 'SELECT Id, VendorCallKey FROM VoiceCall WHERE CustomerHoldDuration = null'],
  ];
  for (const [name, soql] of scenarios) {
    const first: number[] = [];
    const following: number[] = [];
    let total = 0;
    for (let d = 3; d < 8; d += 1) {
      let page = await get(query(soql(d)));
      first.push(page.ms);
      total = page.body.totalSize;
      let pages = 0;
      while (!page.body.done && page.body.nextRecordsUrl !== undefined && pages < 20) {
        page = await get(page.body.nextRecordsUrl);
        following.push(page.ms);
        pages += 1;
      }
    }
    console.log(`${name}: totalSize ${total.toLocaleString('en')}`);
    console.log(`  first 2,000-record batch: ${stats(first)}`);
    console.log(`  following batches:        ${stats(following)}`);
  }
  gc();
  const end = process.memoryUsage();
  console.log(`memory at the end (after GC): heapUsed ${mib(end.heapUsed)}, rss ${mib(end.rss)}; open query cursors ${sim.stats().openQueryCursors}`);
} finally {
  await sim.close();
}
