import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  daysInWindow,
  isVersionId,
  ledgerKey,
  parseRebuiltVersionKey,
  rebuiltVersionKey,
  initiationIndexKey,
  parseInitiationIndexKey,
  parseVersionKey,
  quarantineKey,
  versionKey,
} from '../../../src/archive/archiveKeys.ts';
import { InvalidIdentifierError } from '../../../src/errors.ts';

const version = {
  contactId: 'c1',
  lastUpdateTimestamp: '2022-01-05T17:48:35.000Z',
  contentHash: 'ab'.repeat(32),
  initiationTimestamp: '2022-01-05T17:12:59.000Z',
  ctr: { Channel: 'VOICE' },
};

test('version keys are deterministic and round-trip', () => {
  const key = versionKey(version);
  assert.equal(key, 'ctr/c1/20220105T174835000Z_abababababababab.json');
  assert.equal(versionKey(version), key);
  assert.deepEqual(parseVersionKey(key), {
    contactId: 'c1',
    lastUpdateTimestamp: version.lastUpdateTimestamp,
    hash: 'abababababababab',
    versionId: '20220105T174835000Z_abababababababab',
  });
});

test('a later version sorts after an earlier one, so it never overwrites it', () => {
  const later = versionKey({ ...version, lastUpdateTimestamp: '2022-01-11T04:09:47.000Z' });
  assert.ok(later > versionKey(version));
  const sameSecondOtherContent = versionKey({ ...version, contentHash: 'cd'.repeat(32) });
  assert.notEqual(sameSecondOtherContent, versionKey(version));
});

test('a version key that would not match the key pattern is refused, not written', () => {
  assert.throws(() => versionKey({ ...version, lastUpdateTimestamp: '+010000-01-01T13:59:59.000Z' }), /version-key pattern/);
  assert.throws(() => initiationIndexKey({ ...version, initiationTimestamp: '+010000-01-01T13:59:59.000Z' }), /index key/);
});

test('keys refuse an unsafe ContactId', () => {
  assert.throws(() => versionKey({ ...version, contactId: '../x' }), InvalidIdentifierError);
  assert.throws(() => initiationIndexKey({ ...version, contactId: 'a/b' }), InvalidIdentifierError);
});

test('the index places a contact by initiation time, falling back to LastUpdateTimestamp', () => {
  const key = initiationIndexKey(version);
  assert.equal(key, 'index/by-initiation/2022-01-05/20220105T171259000Z_VOICE_c1');
  assert.deepEqual(parseInitiationIndexKey(key), { contactId: 'c1', initiationTimestamp: version.initiationTimestamp, channel: 'VOICE' });
  assert.equal(initiationIndexKey({ ...version, initiationTimestamp: undefined }), 'index/by-initiation/2022-01-05/20220105T174835000Z_VOICE_c1');
  assert.equal(initiationIndexKey({ ...version, ctr: { Channel: 'bad_chan' } }), 'index/by-initiation/2022-01-05/20220105T171259000Z_UNKNOWN_c1');
  assert.equal(parseInitiationIndexKey('index/by-initiation/2022-01-05/20220105T171259000Z_CHAT_a_b')?.contactId, 'a_b');
});

test('quarantine keys use the arrival day and the raw bytes hash', () => {
  assert.equal(quarantineKey('2022-01-05T17:48:35.000Z', 'ff'.repeat(32)), `quarantine/2022-01-05/${'ff'.repeat(32)}.json`);
});

test('daysInWindow covers every UTC day overlapping [from, to)', () => {
  assert.deepEqual(daysInWindow(new Date('2022-01-05T23:00:00Z'), new Date('2022-01-07T00:00:00Z')), ['2022-01-05', '2022-01-06']);
  assert.deepEqual(daysInWindow(new Date('2022-01-05T10:00:00Z'), new Date('2022-01-05T10:00:00Z')), []);
  assert.equal(daysInWindow(new Date('2022-01-01T00:00:00Z'), new Date('2023-01-01T00:00:00Z')).length, 365);
});

test('rebuilt (data-lake) keys live outside ctr/, round-trip, and carry a dl_ version id the ledger accepts', () => {
  const key = rebuiltVersionKey(version);
  assert.equal(key, 'rebuilt/data-lake/c1/20220105T174835000Z_abababababababab.json');
  assert.equal(parseVersionKey(key), undefined, 'never parsed as a captured version');
  const parts = parseRebuiltVersionKey(key);
  assert.equal(parts?.versionId, 'dl_20220105T174835000Z_abababababababab');
  assert.equal(parts?.contactId, 'c1');
  assert.equal(parseRebuiltVersionKey(versionKey(version)), undefined);
  assert.ok(isVersionId('dl_20220105T174835000Z_abababababababab'));
  assert.equal(
    ledgerKey('0LQ5e000000AbCdGAK', 'dl_20220105T174835000Z_abababababababab'),
    'ledger/0LQ5e000000AbCdGAK/dl_20220105T174835000Z_abababababababab.json',
  );
  assert.equal(rebuiltVersionKey({ ...version, lastUpdateTimestamp: undefined }), 'rebuilt/data-lake/c1/00000101T000000000Z_abababababababab.json');
  assert.throws(() => rebuiltVersionKey({ ...version, contactId: '../x' }), InvalidIdentifierError);
});
