import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateHttpBaseUrl } from '../../../src/salesforce/httpBaseUrl.ts';
import { checkServiceUrl, validateServiceUrl } from '../../../src/validation/serviceUrl.ts';
import { assertConfigError } from './helpers.ts';

const example = 'https://mydomain.my.salesforce.com';

test('accepts https URLs and, by default, http on loopback; strips trailing slashes', () => {
  assert.equal(validateServiceUrl('https://acme.my.salesforce.com/', 'SF_LOGIN_URL', { example }), 'https://acme.my.salesforce.com');
  assert.equal(
    validateServiceUrl('https://acme.my.salesforce-scrt.com/telephony/v1', 'SCRT_BASE_URL', { example }),
    'https://acme.my.salesforce-scrt.com/telephony/v1',
  );
  for (const host of ['127.0.0.1:8787', 'localhost:8787', '[::1]:8787'])
    assert.equal(validateServiceUrl(`http://${host}`, 'SF_LOGIN_URL', { example }), `http://${host}`);
});

test('refuses plain http elsewhere, and loopback http when not allowed', () => {
  assertConfigError(() => validateServiceUrl('http://acme.my.salesforce.com', 'SF_LOGIN_URL', { example }), 'SF_LOGIN_URL', /must use https/);
  assertConfigError(
    () => validateServiceUrl('http://127.0.0.1:8787', 'sfLoginUrl', { example, allowLoopbackHttp: false }),
    'sfLoginUrl',
    /https URL/,
  );
  assertConfigError(() => validateServiceUrl('ftp://acme.example.com', 'SF_LOGIN_URL', { example }), 'SF_LOGIN_URL', /https/);
});

test('refuses non-URLs, credentials, queries and fragments without echoing the value', () => {
  assertConfigError(
    () => validateServiceUrl('acme.my.salesforce.com', 'SF_LOGIN_URL', { example }),
    'SF_LOGIN_URL',
    /not an absolute URL.*mydomain/,
    'acme.my',
  );
  assertConfigError(
    () => validateServiceUrl('https://admin:hunter2@acme.example.com', 'SF_LOGIN_URL', { example }),
    'SF_LOGIN_URL',
    /credentials/,
    'hunter2',
  );
  assertConfigError(
    () => validateServiceUrl('https://acme.example.com/?token=hunter2', 'SCRT_BASE_URL', { example }),
    'SCRT_BASE_URL',
    /query/,
    'hunter2',
  );
  assertConfigError(
    () => validateServiceUrl('https://acme.example.com/#hunter2', 'SCRT_BASE_URL', { example }),
    'SCRT_BASE_URL',
    /fragment/,
    'hunter2',
  );
});

test('the code-path check (TypeError) applies the same rule', () => {
  assert.equal(checkServiceUrl('http://localhost:1').ok, true);
  assert.equal(validateHttpBaseUrl('https://a.example.com/', 'loginUrl'), 'https://a.example.com');
  assert.throws(() => validateHttpBaseUrl('http://a.example.com', 'loginUrl'), TypeError);
  assert.throws(
    () => validateHttpBaseUrl('https://u:p@a.example.com', 'loginUrl'),
    (e: unknown) => e instanceof TypeError && !e.message.includes(':p@'),
  );
});
