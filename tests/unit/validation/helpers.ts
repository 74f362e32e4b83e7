import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/errors.ts';

/** A value shaped like a secret that a misplaced setting might hold. */
const SECRET = 'hunter2-Zq8XvSECRETvalue';

/** Asserts a ConfigError naming `setting`, whose message matches `message` and never holds `notEchoed`. */
function assertConfigError(act: () => unknown, setting: string, message: RegExp = /./, notEchoed: string = SECRET): void {
  assert.throws(act, (error: unknown) => {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.equal(error.setting, setting);
    assert.ok(error.message.includes(setting), `the message names ${setting}: ${error.message}`);
    assert.match(error.message, message);
    assert.ok(!error.message.includes(notEchoed), `the message must not echo the value: ${error.message}`);
    return true;
  });
}

export { assertConfigError, SECRET };
