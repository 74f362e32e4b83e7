import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { parseArchiveSettings } from '../../../src/config/archiveLocation.ts';
import { parseReconcileConfig, parseReconcileSchedule, parseReportConfig } from '../../../src/config/reconcileConfig.ts';
import { ConfigError } from '../../../src/errors.ts';
import { DEFAULT_PREDICATE, predicateToSoql } from '../../../src/reconcile/candidatePredicate.ts';

const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const readFile = (path: string): string => {
  if (path.endsWith('.pem')) return pem;
  throw Object.assign(new Error('missing'), { code: 'ENOENT' });
};
const now = new Date('2026-11-23T12:00:00Z');
const env = Object.freeze({
  CTR_ARCHIVE: 's3://ctr-archive/prod',
  SF_LOGIN_URL: 'https://acme.my.salesforce.com',
  SF_CLIENT_ID: '3MVG9-consumer-key',
  SF_USERNAME: 'integration@acme.com',
  SF_PRIVATE_KEY_FILE: '/keys/sf.pem',
  SCRT_BASE_URL: 'https://acme.my.salesforce-scrt.com/telephony/v1',
  SCV_ORG_ID: '00D5g000004abcdEAA',
  SCV_CALL_CENTER_API_NAME: 'ACME_CC',
  SCV_PRIVATE_KEY_FILE: '/keys/scv.pem',
});

function settingOf(act: () => unknown): string {
  try {
    act();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.setting;
  }
  return 'ok';
}

describe('parseReconcileConfig', () => {
  test('environment only: every default applied, every value typed', () => {
    // Act
    const config = parseReconcileConfig({ env, flags: { since: '7d' }, now, readFile });

    // Assess
    assert.deepEqual(config.archive, { location: { kind: 's3', bucket: 'ctr-archive', prefix: 'prod' }, s3: { forcePathStyle: false } });
    assert.equal(config.salesforce.loginUrl, 'https://acme.my.salesforce.com');
    assert.equal(config.salesforce.apiVersion, '61.0');
    assert.equal(config.writer.kind, 'telephony');
    assert.deepEqual(config.run, {
      from: new Date('2026-11-16T12:00:00Z'),
      to: now,
      graceMs: 30 * 60_000,
      mode: 'missing',
      predicateSoql: predicateToSoql(DEFAULT_PREDICATE),
      verifyTimeoutMs: 180_000,
      concurrency: 8,
      ratePerSecond: 10,
      dryRun: false,
      retryUnconfirmed: false,
    });
  });

  test('flags override the environment, which is left untouched (it is frozen here)', () => {
    const config = parseReconcileConfig({
      env: { ...env, CTR_ARCHIVE_S3_FORCE_PATH_STYLE: 'true' },
      flags: {
        archive: '/var/archive',
        since: '2026-11-01T00:00:00Z',
        until: '1d',
        grace: '1h',
        mode: 'diff',
        verifyTimeout: '30s',
        concurrency: 4,
        rate: '20',
        dryRun: true,
        retryUnconfirmed: true,
      },
      now,
      readFile,
    });
    assert.deepEqual(config.archive, { location: { kind: 'fs', path: '/var/archive' }, s3: { forcePathStyle: true } });
    assert.equal(config.run.from.toISOString(), '2026-11-01T00:00:00.000Z');
    assert.equal(config.run.to.toISOString(), '2026-11-22T12:00:00.000Z');
    assert.equal(config.run.graceMs, 3_600_000);
    assert.equal(config.run.mode, 'diff');
    assert.equal(config.run.verifyTimeoutMs, 30_000);
    assert.equal(config.run.concurrency, 4);
    assert.equal(config.run.ratePerSecond, 20);
    assert.equal(config.run.dryRun, true);
    assert.equal(env.CTR_ARCHIVE, 's3://ctr-archive/prod');
  });

  test('--archive alone is enough where CTR_ARCHIVE is unset, and a bad flag is named as the flag', () => {
    const { CTR_ARCHIVE: _unused, ...noArchive } = env;
    assert.equal(parseReconcileConfig({ env: noArchive, flags: { since: '1d', archive: './archive' }, now, readFile }).archive.location.kind, 'fs');
    assert.equal(
      settingOf(() => parseReconcileConfig({ env: noArchive, flags: { since: '1d' }, now, readFile })),
      'CTR_ARCHIVE',
    );
    assert.equal(
      settingOf(() => parseReconcileConfig({ env, flags: { since: '1d', archive: 's3://Not_A_Bucket' }, now, readFile })),
      '--archive',
    );
  });

  test('secrets are a separate input: keys stand in for files, carried values fill only unset variables', () => {
    const lambdaEnv = {
      CTR_ARCHIVE: 's3://ctr-archive',
      SF_LOGIN_URL: 'https://acme.my.salesforce.com',
      SF_SECRET_ARN: 'arn',
      SCV_SECRET_ARN: 'arn',
      SCV_ORG_ID: '00D5g000004abcdEAA',
    };
    const secrets = {
      sfPrivateKeyPem: pem,
      sfClientId: 'from-secret',
      sfUsername: 'secret-user@acme.com',
      sfLoginUrl: 'https://ignored.my.salesforce.com',
      scvPrivateKeyPem: pem,
      scvOrgId: '00D000000000001AAA',
      scrtBaseUrl: 'https://acme.my.salesforce-scrt.com/telephony/v1',
      scvCallCenterApiName: 'ACME_CC',
    };
    const config = parseReconcileConfig({ env: lambdaEnv, secrets, flags: { since: '1d' }, now, readFile });
    assert.equal(config.salesforce.loginUrl, 'https://acme.my.salesforce.com', 'the environment wins');
    assert.deepEqual(config.salesforce.auth, { grant: 'jwt-bearer', clientId: 'from-secret', username: 'secret-user@acme.com', privateKeyPem: pem });
    assert.ok(config.writer.kind === 'telephony' && config.writer.orgId === '00D5g000004abcdEAA' && config.writer.callCenterApiName === 'ACME_CC');
    assert.equal(
      settingOf(() =>
        parseReconcileConfig({ env: lambdaEnv, secrets: { ...secrets, scvCallCenterApiName: 'bad name' }, flags: { since: '1d' }, now, readFile }),
      ),
      'SCV_CALL_CENTER_API_NAME',
    );
  });

  test('contradictions are refused as before', () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [{ SF_CLIENT_SECRET: 'hunter2' }, 'SF_CLIENT_SECRET'],
      [{ SF_PRIVATE_KEY_FILE: undefined, SF_CLIENT_SECRET: 'hunter2' }, 'SF_USERNAME'],
      [{ ITIA_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:x' }, 'ITIA_FUNCTION_ARN'],
      [{ SCV_WRITER: 'lambda', ITIA_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:x' }, 'SCRT_BASE_URL'],
      [{ CTR_ARCHIVE_S3_FORCE_PATH_STYLE: 'yes' }, 'CTR_ARCHIVE_S3_FORCE_PATH_STYLE'],
    ];
    for (const [change, setting] of cases)
      assert.equal(
        settingOf(() => parseReconcileConfig({ env: { ...env, ...change }, flags: { since: '1d' }, now, readFile })),
        setting,
        setting,
      );
  });

  test('run options: range errors name the flag; an inverted window and a zone-less time are refused', () => {
    const flagOf = (flags: Partial<Parameters<typeof parseReconcileConfig>[0]['flags']>) =>
      settingOf(() => parseReconcileConfig({ env, flags: { since: '1d', ...flags }, now, readFile }));
    assert.equal(flagOf({ since: '400000d' }), '--since');
    assert.equal(flagOf({ since: '2026-11-01T00:00:00' }), '--since');
    assert.equal(flagOf({ since: '1d', until: '2d' }), '--since');
    assert.equal(flagOf({ grace: '31d' }), '--grace');
    assert.equal(flagOf({ verifyTimeout: '7h' }), '--verify-timeout');
    assert.equal(flagOf({ verifyTimeout: '0s' }), '--verify-timeout');
    assert.equal(flagOf({ concurrency: 65 }), '--concurrency');
    assert.equal(flagOf({ rate: '0' }), '--rate');
    assert.equal(flagOf({ rate: '501' }), '--rate');
    assert.equal(flagOf({ mode: 'all' }), '--mode');
    assert.equal(flagOf({ predicate: "Id = 'x'" }), '--predicate');
  });
});

describe('the rate budget', () => {
  test("--rate and RECONCILE_RATE accept up to 500, with a warning only above SCV's documented 50 calls/s", () => {
    // Act
    const at50 = parseReconcileConfig({ env, flags: { since: '1d', rate: '50' }, now, readFile });
    const at500 = parseReconcileConfig({ env, flags: { since: '1d', rate: '500' }, now, readFile });
    const scheduled = parseReconcileSchedule({ RECONCILE_RATE: '120' });

    // Assess
    assert.equal(at50.run.ratePerSecond, 50);
    assert.equal(at50.warnings, undefined);
    assert.equal(at500.run.ratePerSecond, 500);
    assert.equal(at500.warnings?.length, 1);
    assert.match(at500.warnings?.[0] ?? '', /^--rate 500 is above SCV's documented limit of 50 calls per second per org/);
    assert.equal(scheduled.ratePerSecond, 120);
    assert.match(scheduled.warnings?.[0] ?? '', /^RECONCILE_RATE 120 is above/);
    assert.equal(parseReconcileSchedule({ RECONCILE_RATE: '50' }).warnings, undefined);
  });
});

describe('parseReportConfig', () => {
  test('needs no writer settings; --archive overrides CTR_ARCHIVE', () => {
    const config = parseReportConfig({
      env: { ...env, SCRT_BASE_URL: undefined, SCV_ORG_ID: undefined },
      flags: { since: '30d', archive: './archive' },
      now,
      readFile,
    });
    assert.deepEqual(config.archive.location, { kind: 'fs', path: './archive' });
    assert.equal('writer' in config, false);
    assert.equal(config.run.to, now);
  });
});

describe('parseReconcileSchedule', () => {
  test('defaults', () => {
    assert.deepEqual(parseReconcileSchedule({}), {
      windowMs: 3 * 86_400_000,
      graceMs: 1_800_000,
      mode: 'missing',
      predicateSoql: predicateToSoql(),
      verifyTimeoutMs: 180_000,
    });
  });
  test('every variable is parsed, and a bad one is named', () => {
    const schedule = parseReconcileSchedule({
      RECONCILE_WINDOW: '1d',
      RECONCILE_GRACE: '1h',
      RECONCILE_MODE: 'diff',
      RECONCILE_PREDICATE: 'DisconnectReason = null',
      RECONCILE_VERIFY_TIMEOUT: '1m',
      RECONCILE_CONCURRENCY: '4',
      RECONCILE_RATE: '5',
    });
    assert.deepEqual(schedule, {
      windowMs: 86_400_000,
      graceMs: 3_600_000,
      mode: 'diff',
      predicateSoql: predicateToSoql('DisconnectReason = null'),
      verifyTimeoutMs: 60_000,
      concurrency: 4,
      ratePerSecond: 5,
    });
    const cases: [Record<string, string>, string][] = [
      [{ RECONCILE_WINDOW: '3 days' }, 'RECONCILE_WINDOW'],
      [{ RECONCILE_WINDOW: '400000d' }, 'RECONCILE_WINDOW'],
      [{ RECONCILE_GRACE: 'soon' }, 'RECONCILE_GRACE'],
      [{ RECONCILE_MODE: 'everything' }, 'RECONCILE_MODE'],
      [{ RECONCILE_PREDICATE: "VendorCallKey = 'x'" }, 'RECONCILE_PREDICATE'],
      [{ RECONCILE_VERIFY_TIMEOUT: '1d' }, 'RECONCILE_VERIFY_TIMEOUT'],
      [{ RECONCILE_CONCURRENCY: 'eight' }, 'RECONCILE_CONCURRENCY'],
      [{ RECONCILE_RATE: '501' }, 'RECONCILE_RATE'],
    ];
    for (const [change, setting] of cases) {
      assert.throws(
        () => parseReconcileSchedule(change),
        (e: unknown) => e instanceof ConfigError && e.setting === setting && e.message.startsWith(setting),
        setting,
      );
    }
  });
});

describe('parseArchiveSettings', () => {
  test('CTR_ARCHIVE_S3_FORCE_PATH_STYLE is true, false or unset', () => {
    assert.equal(parseArchiveSettings({ CTR_ARCHIVE: 's3://b-1', CTR_ARCHIVE_S3_FORCE_PATH_STYLE: 'TRUE' }).s3.forcePathStyle, true);
    assert.equal(parseArchiveSettings({ CTR_ARCHIVE: 's3://b-1', CTR_ARCHIVE_S3_FORCE_PATH_STYLE: 'false' }).s3.forcePathStyle, false);
    assert.equal(parseArchiveSettings({ CTR_ARCHIVE: 's3://b-1' }).s3.forcePathStyle, false);
    assert.equal(
      settingOf(() => parseArchiveSettings({ CTR_ARCHIVE: 's3://b-1', CTR_ARCHIVE_S3_FORCE_PATH_STYLE: '1' })),
      'CTR_ARCHIVE_S3_FORCE_PATH_STYLE',
    );
    assert.deepEqual(parseArchiveSettings({ CTR_ARCHIVE: 's3://b-1' }, '/flag/wins').location, { kind: 'fs', path: '/flag/wins' });
  });
});

describe('parseArchiveLocation messages', () => {
  test('name the setting and the expected form without repeating the value', () => {
    for (const value of ['s3://Hunter2_Secret', 's3://bucket-1/../hunter2', 'https://hunter2.example.com/x']) {
      assert.throws(
        () => parseArchiveSettings({}, value),
        (e: unknown) => e instanceof ConfigError && e.setting === '--archive' && e.message.startsWith('--archive') && !/hunter2/i.test(e.message),
        value,
      );
    }
  });
});
