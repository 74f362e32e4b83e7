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

  const functionErrors: readonly (readonly [string, string, unknown, boolean, RegExp])[] = [
    ['Handled error with message', 'Handled', { errorType: 'Error', errorMessage: 'Error updating VoiceCall record.' }, false, /\(Handled\): Error: Error updating VoiceCall record\./],
    ['Unhandled error', 'Unhandled', { errorType: 'Error', errorMessage: 'Error updating VoiceCall record.', trace: ['at x'] }, false, /Unhandled/],
    ['function timeout is retryable', 'Unhandled', { errorMessage: '2024-01-01T00:00:00.000Z abc Task timed out after 8.00 seconds' }, true, /Task timed out/],
    ['unreadable payload', 'Unhandled', 'not json', false, /unreadable error payload/],
    ['phone numbers in the message are masked', 'Handled', { errorMessage: 'bad number +15555550100' }, false, /\+\*+00/],
  ];
  for (const [name, kind, body, retryable, message] of functionErrors) {
    test(`FunctionError: ${name}`, async () => {
      const { mock, writer } = setup();
      mock.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: kind, Payload: typeof body === 'string' ? bytes(body) : payloadOf(body) });
      const error = await failure(writer.updateVoiceCall(VOICECALL_ID, FIELDS));
      assert.equal(error.voiceCallId, VOICECALL_ID);
      assert.equal(error.retryable, retryable);
      assert.match(error.message, message);
      assert.ok(!error.message.includes('5555550100'));
    });
  }

  const sdkErrors: readonly (readonly [string, Error, boolean])[] = [
    ['TooManyRequestsException (throttled) is retryable', new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }), true],
    ['ResourceNotFoundException is not', new ResourceNotFoundException({ message: 'Function not found', $metadata: { httpStatusCode: 404 } }), false],
    ['a 500 service error is retryable', Object.assign(new Error('boom'), { name: 'ServiceException', $metadata: { httpStatusCode: 500 } }), true],
    ['a network error (no HTTP answer) is retryable', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    ['access denied is not', Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } }), false],
  ];
  for (const [name, sdkError, retryable] of sdkErrors) {
    test(`invoke error: ${name}`, async () => {
      const { mock, writer } = setup();
      mock.on(InvokeCommand).rejects(sdkError);
      const error = await failure(writer.updateVoiceCall(VOICECALL_ID, FIELDS));
      assert.equal(error.retryable, retryable);
      assert.equal(error.cause, sdkError);
    });
  }

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
    assert.ok(new LambdaVoiceCallWriter({ functionName: 'acme-InvokeTelephonyIntegrationApiFunction', clientConfig: { region: 'eu-west-1' } }).client instanceof LambdaClient);
  });
});
