import { InvokeCommand, type InvokeCommandOutput, LambdaClient, type LambdaClientConfig } from '@aws-sdk/client-lambda';
import { VoiceCallWriteError } from '../errors.ts';
import { classifyNetworkError, classifyStatus, type HttpFailure } from '../http/classifyFailure.ts';
import { safeMessage } from '../salesforce/salesforceErrors.ts';
import type { TelephonyPatchFields } from '../transform/TelephonyPatch.ts';
import type { VoiceCallWriter } from '../ports/VoiceCallWriter.ts';
import { validateVoiceCallId } from '../validation/salesforceId.ts';

interface LambdaVoiceCallWriterBaseOptions {
  /** Name, partial or full ARN of the contact center's InvokeTelephonyIntegrationApiFunction. */
  readonly functionName: string;
  /** Version or alias (SCV's CTRDataSync invokes an alias ARN). */
  readonly qualifier?: string;
}

/** With a ready client; build it with `maxAttempts: 1`, or the SDK's retries stack under the retry policy. */
interface LambdaVoiceCallWriterWithClient extends LambdaVoiceCallWriterBaseOptions {
  readonly client: LambdaClient;
  readonly clientConfig?: never;
}

/** With client settings (region, credentials, endpoint...); the SDK's own retries are turned off (`maxAttempts: 1`). */
interface LambdaVoiceCallWriterWithClientConfig extends LambdaVoiceCallWriterBaseOptions {
  readonly client?: never;
  readonly clientConfig?: LambdaClientConfig;
}

/** Options of {@link LambdaVoiceCallWriter}: `client` and `clientConfig` are mutually exclusive. */
type LambdaVoiceCallWriterOptions = LambdaVoiceCallWriterWithClient | LambdaVoiceCallWriterWithClientConfig;

// AWS's documented FunctionName pattern (Invoke API reference) and Qualifier pattern.
const FUNCTION_NAME =
  /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;
const QUALIFIER = /^(\$LATEST|[a-zA-Z0-9-_]{1,128})$/;
const THROTTLE_ERROR_NAMES = new Set(['TooManyRequestsException', 'ThrottlingException', 'EC2ThrottledException']);
/** Refusals of the invoke itself (the function did not run) worth another try. */
const RETRYABLE_ERROR_NAMES = new Set(['ServiceException', 'ResourceNotReadyException', 'ResourceConflictException']);
/** A throttle reported by the function (its own calls were throttled before the PATCH). */
const FUNCTION_THROTTLE = /TooManyRequests|Throttl|Rate exceeded|\b429\b/i;

/** The `errorMessage` of a Lambda error payload (`{"errorType","errorMessage","trace"}`), if any. */
function functionErrorMessage(payload: Uint8Array | undefined): string {
  if (!payload || payload.length === 0) return 'no error payload';
  try {
    const body = JSON.parse(Buffer.from(payload).toString('utf8')) as { errorMessage?: unknown; errorType?: unknown };
    const type = typeof body.errorType === 'string' ? `${body.errorType}: ` : '';
    return typeof body.errorMessage === 'string' ? safeMessage(`${type}${body.errorMessage}`) : 'unreadable error payload';
  } catch {
    return 'unreadable error payload';
  }
}

/**
 * Classifies an invoke that threw, like the HTTP transport classifies a request: a throttle
 * (TooManyRequestsException...) is a retryable 429; another refusal of the invoke by the Lambda
 * service is classified by its status (5xx retryable, 4xx not); without an answer, a connection
 * that never opened is retryable and a timeout or lost answer may have been applied.
 */
function classifyInvokeError(error: unknown): HttpFailure {
  const name = error instanceof Error ? error.name : '';
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  if (THROTTLE_ERROR_NAMES.has(name)) return classifyStatus(429);
  if (status === undefined || name === 'TimeoutError') return classifyNetworkError(error);
  if (RETRYABLE_ERROR_NAMES.has(name)) return { kind: 'status', status, retryable: true, mayHaveBeenApplied: false };
  return classifyStatus(status);
}

/**
 * Classifies a `FunctionError`: ITIA turns every failed PATCH into "Error updating VoiceCall
 * record." (Salesforce refused it), which is not retryable; a throttle the function reports is a
 * retryable 429; a function timeout ("Task timed out") may have been applied.
 */
function classifyFunctionError(message: string, status: number | undefined): HttpFailure {
  if (/Task timed out/i.test(message))
    return { kind: 'timeout', retryable: false, mayHaveBeenApplied: true, ...(status === undefined ? {} : { status }) };
  if (FUNCTION_THROTTLE.test(message)) return classifyStatus(429);
  return { kind: 'status', retryable: false, mayHaveBeenApplied: false, ...(status === undefined ? {} : { status }) };
}

/**
 * {@link VoiceCallWriter} that reuses the contact center's own InvokeTelephonyIntegrationApiFunction
 * (ITIA), the way SCV's CTRDataSyncFunction does (`ctrDataSync/handler.js`
 * `updateVoiceCallRecord`): a RequestResponse invoke with
 * `{"Details":{"Parameters":{"methodName":"updateVoiceCall","fieldValues":fields,"contactId":voiceCallId}}}`.
 * ITIA then PATCHes `/voiceCalls/{contactId}`, here the VoiceCall Id, and adds callCenterApiName.
 *
 * Unlike SCV, a `FunctionError` in the invoke response (the PATCH failed inside ITIA, which
 * throws "Error updating VoiceCall record.") is a failure here. It is not retryable, since ITIA
 * hides the HTTP status, unless it reports a throttle; a function timeout may have been applied.
 * Throttling of the invoke (TooManyRequestsException), other 5xx refusals and connections that
 * never opened are retryable; an invoke that timed out or lost its answer may have been applied.
 *
 * One invoke per call, SDK retries off when the writer builds the client: retries go through
 * `writeWithRetry`, the one retry policy.
 */
class LambdaVoiceCallWriter implements VoiceCallWriter {
  public readonly client: LambdaClient;
  readonly #functionName: string;
  readonly #qualifier: string | undefined;

  /** @throws TypeError for a malformed function name or qualifier */
  public constructor(options: LambdaVoiceCallWriterOptions) {
    if (typeof options.functionName !== 'string' || options.functionName.length > 170 || !FUNCTION_NAME.test(options.functionName)) {
      throw new TypeError(
        `Expected \`functionName\` to be a Lambda function name or ARN, got ${JSON.stringify(String(options.functionName).slice(0, 100))}`,
      );
    }
    if (options.qualifier !== undefined && !QUALIFIER.test(options.qualifier)) {
      throw new TypeError(`Expected \`qualifier\` to be a Lambda version or alias, got ${JSON.stringify(options.qualifier)}`);
    }
    this.#functionName = options.functionName;
    this.#qualifier = options.qualifier;
    this.client = options.client ?? new LambdaClient({ ...options.clientConfig, maxAttempts: 1 });
  }

  /** {@inheritDoc VoiceCallWriter.updateVoiceCall} */
  public async updateVoiceCall(voiceCallId: string, fields: TelephonyPatchFields): Promise<void> {
    const id = validateVoiceCallId(voiceCallId);
    const payload = { Details: { Parameters: { methodName: 'updateVoiceCall', fieldValues: fields, contactId: id } } };
    let response: InvokeCommandOutput;
    try {
      response = await this.client.send(
        new InvokeCommand({
          FunctionName: this.#functionName,
          Qualifier: this.#qualifier,
          InvocationType: 'RequestResponse',
          Payload: Buffer.from(JSON.stringify(payload)),
        }),
      );
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const failure = classifyInvokeError(error);
      const applied = failure.mayHaveBeenApplied ? '; it may have been applied' : '';
      throw new VoiceCallWriteError(
        id,
        `Invoking the telephony integration function for ${id} failed: ${name}${applied}`,
        { failure },
        { cause: error },
      );
    }
    if (response.FunctionError) {
      const message = functionErrorMessage(response.Payload);
      throw new VoiceCallWriteError(id, `The telephony integration function failed for ${id} (${response.FunctionError}): ${message}`, {
        failure: classifyFunctionError(message, response.StatusCode),
      });
    }
    if (response.StatusCode !== undefined && (response.StatusCode < 200 || response.StatusCode >= 300)) {
      throw new VoiceCallWriteError(id, `The telephony integration function answered status ${response.StatusCode} for ${id}`, {
        failure: classifyStatus(response.StatusCode),
      });
    }
  }
}

export { LambdaVoiceCallWriter };
export type { LambdaVoiceCallWriterOptions };
