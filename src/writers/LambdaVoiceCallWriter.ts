import { InvokeCommand, LambdaClient, type LambdaClientConfig } from '@aws-sdk/client-lambda';
import { VoiceCallWriteError } from '../errors.ts';
import { safeMessage } from '../salesforce/salesforceErrors.ts';
import type { TelephonyPatchFields } from '../transform/TelephonyPatch.ts';
import { validateVoiceCallId, type VoiceCallWriter } from './VoiceCallWriter.ts';

interface LambdaVoiceCallWriterBaseOptions {
  /** Name, partial or full ARN of the contact center's InvokeTelephonyIntegrationApiFunction. */
  readonly functionName: string;
  /** Version or alias (SCV's CTRDataSync invokes an alias ARN). */
  readonly qualifier?: string;
}

/** With a ready client (its retry settings are the caller's). */
interface LambdaVoiceCallWriterWithClient extends LambdaVoiceCallWriterBaseOptions {
  readonly client: LambdaClient;
  readonly clientConfig?: never;
}

/** With client settings (region, credentials, endpoint...); the SDK's standard retries apply. */
interface LambdaVoiceCallWriterWithClientConfig extends LambdaVoiceCallWriterBaseOptions {
  readonly client?: never;
  readonly clientConfig?: LambdaClientConfig;
}

/** Options of {@link LambdaVoiceCallWriter}: `client` and `clientConfig` are mutually exclusive. */
type LambdaVoiceCallWriterOptions = LambdaVoiceCallWriterWithClient | LambdaVoiceCallWriterWithClientConfig;

// AWS's documented FunctionName pattern (Invoke API reference) and Qualifier pattern.
const FUNCTION_NAME = /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;
const QUALIFIER = /^(\$LATEST|[a-zA-Z0-9-_]{1,128})$/;
const RETRYABLE_ERROR_NAMES = new Set(['TooManyRequestsException', 'EC2ThrottledException', 'ServiceException', 'ResourceNotReadyException', 'ResourceConflictException', 'TimeoutError', 'ThrottlingException']);

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

/** Throttling, 5xx and failures without an HTTP answer are retryable; other SDK errors are not. */
function isRetryableSdkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const meta = (error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown }).$metadata;
  const status = meta?.httpStatusCode;
  if ((error as { $retryable?: unknown }).$retryable) return true;
  if (RETRYABLE_ERROR_NAMES.has(error.name)) return true;
  if (status !== undefined) return status === 429 || status >= 500;
  return true;
}

/**
 * {@link VoiceCallWriter} that reuses the contact center's own InvokeTelephonyIntegrationApiFunction
 * (ITIA), the way SCV's CTRDataSyncFunction does (`ctrDataSync/handler.js`
 * `updateVoiceCallRecord`): a RequestResponse invoke with
 * `{"Details":{"Parameters":{"methodName":"updateVoiceCall","fieldValues":fields,"contactId":voiceCallId}}}`.
 * ITIA then PATCHes `/voiceCalls/{contactId}`, here the VoiceCall Id, and adds callCenterApiName.
 *
 * Unlike SCV, a `FunctionError` in the invoke response (the PATCH failed inside ITIA, which
 * throws "Error updating VoiceCall record.") is a failure here. It is not marked retryable, since
 * ITIA hides the HTTP status, except for a function timeout; throttling of the invoke
 * (TooManyRequestsException) and other 5xx/network failures are retryable.
 */
class LambdaVoiceCallWriter implements VoiceCallWriter {
  public readonly client: LambdaClient;
  readonly #functionName: string;
  readonly #qualifier: string | undefined;

  /** @throws TypeError for a malformed function name or qualifier */
  public constructor(options: LambdaVoiceCallWriterOptions) {
    if (typeof options.functionName !== 'string' || options.functionName.length > 170 || !FUNCTION_NAME.test(options.functionName)) {
      throw new TypeError(`Expected \`functionName\` to be a Lambda function name or ARN, got ${JSON.stringify(String(options.functionName).slice(0, 100))}`);
    }
    if (options.qualifier !== undefined && !QUALIFIER.test(options.qualifier)) {
      throw new TypeError(`Expected \`qualifier\` to be a Lambda version or alias, got ${JSON.stringify(options.qualifier)}`);
    }
    this.#functionName = options.functionName;
    this.#qualifier = options.qualifier;
    this.client = options.client ?? new LambdaClient({ ...options.clientConfig });
  }

  /** {@inheritDoc VoiceCallWriter.updateVoiceCall} */
  public async updateVoiceCall(voiceCallId: string, fields: TelephonyPatchFields): Promise<void> {
    const id = validateVoiceCallId(voiceCallId);
    const payload = { Details: { Parameters: { methodName: 'updateVoiceCall', fieldValues: fields, contactId: id } } };
    let response;
    try {
      response = await this.client.send(
        new InvokeCommand({ FunctionName: this.#functionName, Qualifier: this.#qualifier, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(payload)) }),
      );
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      throw new VoiceCallWriteError(id, `Invoking the telephony integration function for ${id} failed: ${name}`, { status, retryable: isRetryableSdkError(error) }, { cause: error });
    }
    if (response.FunctionError) {
      const message = functionErrorMessage(response.Payload);
      throw new VoiceCallWriteError(id, `The telephony integration function failed for ${id} (${response.FunctionError}): ${message}`, { status: response.StatusCode, retryable: /Task timed out/i.test(message) });
    }
    if (response.StatusCode !== undefined && (response.StatusCode < 200 || response.StatusCode >= 300)) {
      throw new VoiceCallWriteError(id, `The telephony integration function answered status ${response.StatusCode} for ${id}`, { status: response.StatusCode, retryable: response.StatusCode >= 500 });
    }
  }
}

export { LambdaVoiceCallWriter };
export type { LambdaVoiceCallWriterOptions };
