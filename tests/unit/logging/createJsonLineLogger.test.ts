import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createJsonLineLogger } from '../../../src/logging/createJsonLineLogger.ts';
import { redactLogFields } from '../../../src/logging/redact.ts';

test('one JSON line per event, with time, level and message', () => {
  const lines: string[] = [];
  const log = createJsonLineLogger(
    (line) => lines.push(line),
    () => new Date('2026-11-23T12:00:00Z'),
  );
  log.info('PATCH accepted', { voiceCallId: '0LQ5g00000AbCdEGAV', status: 204 });
  log.debug('Verify poll', { asked: 3 });
  assert.equal(lines.length, 2);
  assert.ok(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n')));
  assert.deepEqual(JSON.parse(lines[0] as string), {
    voiceCallId: '0LQ5g00000AbCdEGAV',
    status: 204,
    time: '2026-11-23T12:00:00.000Z',
    level: 'info',
    msg: 'PATCH accepted',
  });
  assert.equal((JSON.parse(lines[1] as string) as { level: string }).level, 'debug');
});

test('value fields are redacted whatever they hold, and phone numbers are masked in every string', () => {
  const safe = redactLogFields({
    voiceCallId: '0LQ5g00000AbCdEGAV',
    message: 'refused for +1 (555) 555-0123',
    changes: [{ field: 'CustomerHoldDuration', current: null, expected: 30 }],
    nested: { Attributes: { secret: 'x' }, CustomerEndpoint: { Address: '+15555550123' }, count: 2 },
    when: '2026-11-20T10:00:00.000Z',
  });
  assert.deepEqual(safe, {
    voiceCallId: '0LQ5g00000AbCdEGAV',
    message: 'refused for +*********23',
    changes: '[redacted]',
    nested: { Attributes: '[redacted]', CustomerEndpoint: '[redacted]', count: 2 },
    when: '2026-11-20T10:00:00.000Z',
  });
});
