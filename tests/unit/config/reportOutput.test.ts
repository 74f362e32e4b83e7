import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReportOutput } from '../../../src/config/reportOutput.ts';
import { ConfigError } from '../../../src/errors.ts';

test('the report file format follows its extension; --json is --format json', () => {
  assert.deepEqual(parseReportOutput({ report: 'run.csv' }), { stdout: 'text', file: { path: 'run.csv', format: 'csv' }, verbose: false });
  assert.equal(parseReportOutput({ report: 'out/RUN.NDJSON' }).file?.format, 'ndjson');
  assert.equal(parseReportOutput({ report: 'run.jsonl' }).file?.format, 'ndjson');
  assert.equal(parseReportOutput({ report: 'run.json' }).file?.format, 'json');
  assert.equal(parseReportOutput({ json: true }).stdout, 'json');
  assert.equal(parseReportOutput({ json: true, format: 'json' }).stdout, 'json');
  assert.equal(parseReportOutput({ format: 'csv', verbose: true }).stdout, 'csv');
  assert.equal(parseReportOutput({ verbose: true }).verbose, true);
});

test('an unknown extension or format, or --json with another --format, is refused naming the fix', () => {
  assert.throws(
    () => parseReportOutput({ report: 'run.txt' }),
    (e: unknown) => e instanceof ConfigError && /--report names a file ending in \.json .*\.ndjson .*\.csv/.test(e.message),
  );
  assert.throws(() => parseReportOutput({ report: '.csv' }), ConfigError);
  assert.throws(
    () => parseReportOutput({ format: 'xml' }),
    (e: unknown) => e instanceof ConfigError && /--format must be one of text, json, csv/.test(e.message),
  );
  assert.throws(
    () => parseReportOutput({ json: true, format: 'csv' }),
    (e: unknown) => e instanceof ConfigError && /--json means --format json/.test(e.message),
  );
});
