import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvokeCommand, LambdaClient, ResourceNotFoundException, TooManyRequestsException, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { InvalidIdentifierError, VoiceCallWriteError } from '../../../src/errors.ts';
import { LambdaVoiceCallWriter } from '../../../src/writers/LambdaVoiceCallWriter.ts';

const VOICECALL_ID = '0LQ5g000000AbCdGAK';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:acme-InvokeTelephonyIntegrationApiFunction';
const FIELDS = { startTime: '2024-01-01T00:00:00Z', disconnectReason: { value: 'CUSTOMER_DISCONNECT', isError: false }, callAttributes: '{}' };

function setup() {
  const client = new LambdaClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  const mock = mockClient(client);
  const writer = new LambdaVoiceCallWriter({ functionName: FUNCTION_ARN, qualifier: 'active', client });
  return { mock, writer };
}

// The SDK types Payload as its blob adapter; the writer only reads it as bytes.
const bytes = (text: string) => Buffer.from(text) as unknown as InvokeCommandOutput['Payload'];
const payloadOf = (body: unknown) => bytes(JSON.stringify(body));

async function failure(promise: Promise<unknown>): Promise<VoiceCallWriteError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof VoiceCallWriteError, String(error));
    return error;
  }
  assert.fail('expected a VoiceCallWriteError');
}

describe('LambdaVoiceCallWriter', () => {
  test("sends SCV's updateVoiceCall payload, RequestResponse, with the VoiceCall Id as contactId", async () => {
    const { mock, writer } = setup();
    mock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payloadOf({ status: 'pending' }) });
    await writer.updateVoiceCall(VOICECALL_ID, FIELDS);
    const input = mock.commandCalls(InvokeCommand)[0]?.args[0].input;
    assert.equal(input?.FunctionName, FUNCTION_ARN);
    assert.equal(input?.Qualifier, 'active');
    assert.equal(input?.InvocationType, 'RequestResponse');
    assert.deepEqual(JSON.parse(Buffer.from(input?.Payload as Uint8Array).toString()), {
      Details: { Parameters: { methodName: 'updateVoiceCall', fieldValues: FIELDS, contactId: VOICECALL_ID } },
    });
  });

  // [name, FunctionError, payload, retryable, mayHaveBeenApplied, message]. A function timeout was
  // "retryable"; ITIA may have sent the PATCH by then, so it now "may have been applied" (verify, never resend).
  const functionErrors: readonly (readonly [string, string, unknown, boolean, boolean, RegExp])[] = [
    [
      'Handled error with message',
      'Handled',
      { errorType: 'Error', errorMessage: 'Error updating VoiceCall record.' },
      false,
      false,
      /\(Handled\): Error: Error updating VoiceCall record\./,
    ],
    [
      'Unhandled error',
      'Unhandled',
      { errorType: 'Error', errorMessage: 'Error updating VoiceCall record.', trace: ['at x'] },
      false,
      false,
      /Unhandled/,
    ],
    [
      'function timeout may have been applied',
      'Unhandled',
      { errorMessage: '2024-01-01T00:00:00.000Z abc Task timed out after 8.00 seconds' },
      false,
      true,
      /Task timed out/,
    ],
    [
      'a throttle inside the function is retryable',
      'Unhandled',
      { errorType: 'TooManyRequestsException', errorMessage: 'Rate exceeded' },
      true,
      false,
      /Rate exceeded/,
    ],
    ['unreadable payload', 'Unhandled', 'not json', false, false, /unreadable error payload/],
    ['phone numbers in the message are masked', 'Handled', { errorMessage: 'bad number +15555550100' }, false, false, /\+\*+00/],
  ];
  for (const [name, kind, body, retryable, mayHaveBeenApplied, message] of functionErrors) {
    test(`FunctionError: ${name}`, async () => {
      const { mock, writer } = setup();
      mock.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: kind, Payload: typeof body === 'string' ? bytes(body) : payloadOf(body) });
      const error = await failure(writer.updateVoiceCall(VOICECALL_ID, FIELDS));
      assert.equal(error.voiceCallId, VOICECALL_ID);
      assert.equal(error.retryable, retryable);
      assert.equal(error.mayHaveBeenApplied, mayHaveBeenApplied);
      assert.match(error.message, message);
      assert.ok(!error.message.includes('5555550100'));
    });
  }

  // [name, error, retryable, mayHaveBeenApplied, status]. A reset connection was "retryable"; the
  // invoke may have run the function by then, so like the HTTP transport it now "may have been applied".
  const sdkErrors: readonly (readonly [string, Error, boolean, boolean, number | undefined])[] = [
    [
      'TooManyRequestsException (throttled) is retryable',
      new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }),
      true,
      false,
      429,
    ],
    [
      'ResourceNotFoundException is not',
      new ResourceNotFoundException({ message: 'Function not found', $metadata: { httpStatusCode: 404 } }),
      false,
      false,
      404,
    ],
    [
      'a 500 service error is retryable',
      Object.assign(new Error('boom'), { name: 'ServiceException', $metadata: { httpStatusCode: 500 } }),
      true,
      false,
      500,
    ],
    [
      'a connection that never opened is retryable',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      true,
      false,
      undefined,
    ],
    [
      'a reset connection (no HTTP answer) may have been applied',
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      false,
      true,
      undefined,
    ],
    ['an SDK timeout may have been applied', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), false, true, undefined],
    [
      'access denied is not',
      Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }),
      false,
      false,
      403,
    ],
  ];
  for (const [name, sdkError, retryable, mayHaveBeenApplied, status] of sdkErrors) {
    test(`invoke error: ${name}`, async () => {
      const { mock, writer } = setup();
      mock.on(InvokeCommand).rejects(sdkError);
      const error = await failure(writer.updateVoiceCall(VOICECALL_ID, FIELDS));
      assert.equal(error.retryable, retryable);
      assert.equal(error.mayHaveBeenApplied, mayHaveBeenApplied);
      assert.equal(error.status, status);
      assert.equal(error.cause, sdkError);
      assert.equal(mock.commandCalls(InvokeCommand).length, 1, 'one invoke per call');
    });
  }

  test('a client built by the writer has the SDK retries off (maxAttempts 1)', async () => {
    const writer = new LambdaVoiceCallWriter({ functionName: FUNCTION_ARN, clientConfig: { region: 'us-east-1', maxAttempts: 3 } });
    assert.equal(await writer.client.config.maxAttempts(), 1);
  });

  test('a non-2xx StatusCode without FunctionError is a failure', async () => {
    const { mock, writer } = setup();
    mock.on(InvokeCommand).resolves({ StatusCode: 502 });
    assert.equal((await failure(writer.updateVoiceCall(VOICECALL_ID, FIELDS))).retryable, true);
  });

  test('validates the VoiceCall Id before invoking', async () => {
    const { mock, writer } = setup();
    for (const bad of ['0015000000Gv7qJAAR', "0LQ' OR 1=1", 'c0ffee00-0000-4000-8000-000000000001', '0LQ5g000000AbCdAAA']) {
      await assert.rejects(writer.updateVoiceCall(bad, FIELDS), InvalidIdentifierError, bad);
    }
    assert.equal(mock.commandCalls(InvokeCommand).length, 0);
  });

  test('validates the function name and qualifier', () => {
    assert.throws(() => new LambdaVoiceCallWriter({ functionName: 'bad name!' }), TypeError);
    assert.throws(() => new LambdaVoiceCallWriter({ functionName: 'fn', qualifier: 'a/b' }), TypeError);
    assert.ok(
      new LambdaVoiceCallWriter({ functionName: 'acme-InvokeTelephonyIntegrationApiFunction', clientConfig: { region: 'eu-west-1' } })
        .client instanceof LambdaClient,
    );
  });
});
