import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writePrivateFile } from '../../../src/cli/writePrivateFile.ts';

test('writePrivateFile creates 0600 files and narrows an existing file to 0600', () => {
  const dir = mkdtempSync(join(tmpdir(), 'private-file-'));
  try {
    const created = join(dir, 'new.json');
    const replaced = join(dir, 'old.json');
    writeFileSync(replaced, 'a much longer old content that must be gone', { mode: 0o666 });
    writePrivateFile(created, '{"a":1}\n');
    writePrivateFile(replaced, 'new');
    assert.equal(statSync(created).mode & 0o777, 0o600);
    assert.equal(statSync(replaced).mode & 0o777, 0o600);
    assert.equal(readFileSync(created, 'utf8'), '{"a":1}\n');
    assert.equal(readFileSync(replaced, 'utf8'), 'new');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
