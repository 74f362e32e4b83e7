/**
 * A SIMULATION, for benchmarks only, of the `retryCTRSync` code printed in Salesforce's how-to
 * "Retry CTR Sync for Voice Call Records" (Service Cloud Voice Implementation Guide, steps 4–6;
 * ../shared/reference/seed-retry-ctr-sync-guide.txt, summarised in scv-internals.md §1.6).
 *
 * This is a TypeScript re-implementation of the guide's sample code, written for this repo. It is
 * NOT Salesforce's product, NOT code Salesforce ships, and it has never run against a real org:
 * it is the baseline that `bench/reconcileVsGuide.ts` measures ctr-resync's reconcile against, on
 * the same org simulator.
 *
 * What it keeps from the guide, step by step:
 * - `sfRestApi.retryCtrSync`: one query of
 *   `SELECT Id, VendorCallKey FROM VoiceCall WHERE CustomerHoldDuration = null` (no time window),
 *   reading only `records` of the first batch (`done` / `nextRecordsUrl` ignored: no pagination),
 *   sent as the guide's `sendRequest("get", "/query/?q=...")` with an access token from the OAuth
 *   JWT bearer grant.
 * - `getCtrsFromS3`: for each row in order, `await s3.getObject({Key: VendorCallKey}, callback)
 *   .promise()`; the callback `JSON.parse`s the body and pushes the CTR. Here the "S3 GetObject"
 *   is {@link GuideRetryDeps.getObject} (the bench serves the archive's newest version of the key).
 * - `updateVoiceCallRecords`: for each fetched CTR with a ContactId, the guide's COPIED
 *   `transformCTR` (ported literally below: it predates `disconnectReason`, `callSubType` and the
 *   API/CALLBACK/WebRTC handling of SCV's current transform) and a `lambda.invoke` of
 *   InvokeTelephonyIntegrationApiFunction (`updateVoiceCall`), all collected in `Promise.all`.
 * - The invoked function (ITIA, `invokeTelephonyIntegrationApi/*`, scv-internals.md §1.5): adds
 *   `callCenterApiName`, signs a fresh RS256 JWT (iss org Id, sub CallCenter, 5 min, new jti, no
 *   aud) and sends `PATCH {SCRT}/voiceCalls/{ContactId}` with `Telephony-Provider-Name:
 *   amazon-connect`. On a non-2xx it throws, which `lambda.invoke` reports as `FunctionError`
 *   inside a successful response, and nothing in the guide looks at it: no retry, no check, no
 *   verification.
 *
 * Two behaviours of the code as printed are switchable ({@link GUIDE_AS_WRITTEN} keeps both):
 * - `abortOnMissingObject`: `.promise()` rejects when GetObject fails (no such key), nothing
 *   catches it inside `getCtrsFromS3`, so the whole run stops before any PATCH
 *   (`dispatch_ctrsync` turns it into `statusCode: 500`).
 * - `sdkV2DoubleSend`: in AWS SDK v2, passing a callback AND calling `.promise()` sends the request
 *   twice and runs the callback on each completion, so each CTR is fetched twice and (except,
 *   usually, the last) pushed twice. Source: user reports, not verified here (SDK v2 is not
 *   installed): https://github.com/aws/aws-sdk-js/issues/3347, /issues/2883, /issues/4224 and
 *   https://github.com/serverless/dashboard/pull/328 ("AWS internally starts two requests, and
 *   `complete` event ... is emitted twice").
 * Lambda-side limits are modelled only as `lambda.invoke` concurrency: 50, the maxSockets SDK v2
 * uses when none is set (https://docs.aws.amazon.com/sdk-for-javascript/v2/developer-guide/node-configuring-maxsockets.html).
 * Lambda timeouts (the SAM app's 5 s), Lambda concurrency limits and the invoke round trip are not
 * modelled, nor is the guide's logging (it logs every VendorCallKey).
 */
import PQueue from 'p-queue';
import { randomUUID } from 'node:crypto';
import { loadRsaPrivateKey, signRs256Jwt } from '../../src/salesforce/jwt.ts';

/** The query the guide's step 6 schedules. */
const GUIDE_SOQL = 'SELECT Id, VendorCallKey FROM VoiceCall WHERE CustomerHoldDuration = null';
/** AWS SDK v2's default `maxSockets` for its Node.js HTTP agent: concurrent `lambda.invoke`s. */
const SDK_V2_MAX_SOCKETS = 50;
/** ITIA's JWT lifetime (`expiresIn: "5m"`). */
const ITIA_JWT_SECONDS = 300;
/** The guide's `getAccessToken` assertion lifetime (Salesforce allows at most 3 minutes). */
const TOKEN_ASSERTION_SECONDS = 170;

/** Where the simulated Lambdas reach the org and the archive. */
interface GuideRetryDeps {
  /** OAuth login URL (the token endpoint's host). */
  readonly loginUrl: string;
  /** REST API version such as `v61.0`. */
  readonly apiVersion: string;
  readonly connectedApp: { readonly clientId: string; readonly username: string; readonly privateKeyPem: string };
  /** `SCRT_ENDPOINT_BASE`, e.g. `https://acme.my.salesforce-scrt.com/telephony/v1`. */
  readonly scrtBaseUrl: string;
  readonly contactCenter: { readonly orgId: string; readonly callCenterApiName: string; readonly privateKeyPem: string };
  /** The guide's `s3.getObject({Key})`: the object body as text; rejects when there is no object. */
  getObject(key: string): Promise<string>;
  readonly fetch?: typeof globalThis.fetch;
}

/** Switches for the two quirks of the printed code (see the file header). */
interface GuideRetryOptions {
  /** @default GUIDE_SOQL */
  readonly soql?: string;
  /** A GetObject failure stops the run before any PATCH, as printed. @default true */
  readonly abortOnMissingObject?: boolean;
  /** SDK v2 callback + `.promise()`: two GetObjects per row, the callback runs twice. @default true */
  readonly sdkV2DoubleSend?: boolean;
  /** Concurrent `lambda.invoke`s. @default SDK_V2_MAX_SOCKETS */
  readonly invokeConcurrency?: number;
}

/** The guide's code as printed: both quirks on. */
const GUIDE_AS_WRITTEN: Required<Omit<GuideRetryOptions, 'soql' | 'invokeConcurrency'>> = Object.freeze({
  abortOnMissingObject: true,
  sdkV2DoubleSend: true,
});
/** The same design with the two code bugs fixed: a missing object is skipped, one GetObject per row. */
const GUIDE_BUGS_FIXED: Required<Omit<GuideRetryOptions, 'soql' | 'invokeConcurrency'>> = Object.freeze({
  abortOnMissingObject: false,
  sdkV2DoubleSend: false,
});

/** What one run did, as far as the Lambda itself can tell. */
interface GuideRetryResult {
  readonly query: { readonly status: number; readonly totalSize: number; readonly done: boolean; readonly rowsReturned: number };
  readonly getObjectCalls: number;
  readonly objectsMissing: number;
  /** Set when the run stopped early (`statusCode: 500` in `dispatch_ctrsync`). */
  readonly aborted?: string;
  /** CTRs pushed by the GetObject callback (twice per row with `sdkV2DoubleSend`). */
  readonly ctrsFetched: number;
  readonly invocations: number;
  /** HTTP status of each ITIA PATCH (0: network error), all of them ignored by the guide. */
  readonly patchStatuses: Readonly<Record<string, number>>;
  readonly functionErrors: number;
}

type GuideCtr = Record<string, any>;

/** The guide's copied `getCallAttributes`, literally: `sfdc-` keys stripped, stringified. */
function guideGetCallAttributes(rawCallAttributes: GuideCtr): string {
  const prefix = 'sfdc-';
  const callAttributes: Record<string, unknown> = {};
  for (const key in rawCallAttributes) {
    if (Object.hasOwn(rawCallAttributes, key) && key.startsWith(prefix)) callAttributes[key.substring(prefix.length)] = rawCallAttributes[key];
    if (rawCallAttributes.sf_realtime_transcription_status)
      callAttributes.sf_realtime_transcription_status = rawCallAttributes.sf_realtime_transcription_status;
  }
  return JSON.stringify(callAttributes);
}

/**
 * The guide's copied `transformCTR`, literally (utils.js in its step 4). Unlike SCV's current
 * transform it sends no `disconnectReason`, keeps `API` as the initiation method, and swaps
 * from/to only for OUTBOUND (so CALLBACK gets the customer as `fromNumber`).
 *
 * @param ctr - a parsed CTR
 * @returns `{contactId, fields}` with null/undefined fields removed
 */
function guideTransformCtr(ctr: GuideCtr): { contactId: string; fields: Record<string, unknown> } {
  const voiceCall: Record<string, unknown> = {};
  voiceCall.startTime = ctr.InitiationTimestamp;
  voiceCall.endTime = ctr.DisconnectTimestamp;
  voiceCall.parentCallIdentifier = ctr.PreviousContactId;
  if (ctr.Agent) {
    voiceCall.acceptTime = ctr.Agent.ConnectedToAgentTimestamp;
    voiceCall.totalHoldDuration = ctr.Agent.CustomerHoldDuration;
    voiceCall.longestHoldDuration = ctr.Agent.LongestHoldDuration;
    voiceCall.agentInteractionDuration = ctr.Agent.AgentInteractionDuration;
    voiceCall.numberOfHolds = ctr.Agent.NumberOfHolds;
  }
  if (ctr.Queue) {
    voiceCall.enqueueTime = ctr.Queue.EnqueueTimestamp;
    voiceCall.queue = ctr.Queue.Name;
  }
  if (ctr.InitiationMethod) {
    voiceCall.initiationMethod = ctr.InitiationMethod;
    if (ctr.InitiationMethod === 'OUTBOUND') {
      if (ctr.SystemEndpoint) voiceCall.fromNumber = ctr.SystemEndpoint.Address;
      if (ctr.CustomerEndpoint) voiceCall.toNumber = ctr.CustomerEndpoint.Address;
    } else {
      if (ctr.SystemEndpoint) voiceCall.toNumber = ctr.SystemEndpoint.Address;
      if (ctr.CustomerEndpoint) voiceCall.fromNumber = ctr.CustomerEndpoint.Address;
    }
  }
  if (ctr.Recording) voiceCall.recordingLocation = ctr.Recording.Location;
  if (ctr.Attributes) voiceCall.callAttributes = guideGetCallAttributes(ctr.Attributes);
  for (const key of Object.keys(voiceCall)) {
    if (voiceCall[key] === null || voiceCall[key] === undefined) delete voiceCall[key];
  }
  return { contactId: ctr.ContactId, fields: voiceCall };
}

/** The guide's `getAccessToken`: the OAuth 2.0 JWT bearer grant. @throws Error on a non-200 answer */
async function getAccessToken(deps: GuideRetryDeps, fetchFn: typeof globalThis.fetch): Promise<{ accessToken: string; instanceUrl: string }> {
  const now = Math.floor(Date.now() / 1000);
  const assertion = signRs256Jwt(
    { iss: deps.connectedApp.clientId, sub: deps.connectedApp.username, aud: deps.loginUrl, exp: now + TOKEN_ASSERTION_SECONDS, jti: randomUUID() },
    loadRsaPrivateKey(deps.connectedApp.privateKeyPem),
  );
  const response = await fetchFn(`${deps.loginUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=${assertion}`,
  });
  const body = (await response.json()) as { access_token?: string; instance_url?: string };
  if (response.status !== 200 || !body.access_token || !body.instance_url) throw new Error(`token endpoint answered HTTP ${response.status}`);
  return { accessToken: body.access_token, instanceUrl: body.instance_url };
}

/**
 * Runs the guide's `retryCTRSync` once, as its step 6 schedules it, and reports what it did.
 *
 * @param deps - where the org, the SCRT API and the CTR objects are
 * @param options - the printed code's quirks; defaults to {@link GUIDE_AS_WRITTEN}
 * @returns counts for the benchmark (the guide itself returns the `lambda.invoke` responses)
 * @throws Error when the token or the query request fails (the guide's `dispatch_ctrsync` would return `statusCode: 500`)
 */
async function guideRetryCtrSync(deps: GuideRetryDeps, options: GuideRetryOptions = {}): Promise<GuideRetryResult> {
  const fetchFn = deps.fetch ?? globalThis.fetch;
  const abortOnMissing = options.abortOnMissingObject ?? GUIDE_AS_WRITTEN.abortOnMissingObject;
  const doubleSend = options.sdkV2DoubleSend ?? GUIDE_AS_WRITTEN.sdkV2DoubleSend;
  const itiaKey = loadRsaPrivateKey(deps.contactCenter.privateKeyPem);
  const invokes = new PQueue({ concurrency: options.invokeConcurrency ?? SDK_V2_MAX_SOCKETS });
  const patchStatuses: Record<string, number> = {};
  let getObjectCalls = 0;
  let objectsMissing = 0;
  let functionErrors = 0;

  // sfRestApi.retryCtrSync: one query, first batch only.
  const { accessToken, instanceUrl } = await getAccessToken(deps, fetchFn);
  const soql = options.soql ?? GUIDE_SOQL;
  const response = await fetchFn(`${instanceUrl}/services/data/${deps.apiVersion}/query/?q=${encodeURIComponent(soql)}`, {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  const data = (await response.json()) as { totalSize?: number; done?: boolean; records?: { Id: string; VendorCallKey: string }[] };
  if (response.status !== 200) throw new Error(`query answered HTTP ${response.status}`);
  const result = data.records ?? [];
  const query = { status: response.status, totalSize: data.totalSize ?? 0, done: data.done ?? true, rowsReturned: result.length };
  const finish = (extra: Partial<GuideRetryResult>): GuideRetryResult => ({
    query,
    getObjectCalls,
    objectsMissing,
    ctrsFetched: 0,
    invocations: 0,
    patchStatuses,
    functionErrors,
    ...extra,
  });
  if (data.totalSize === 0) return finish({});

  // getCtrsFromS3: one awaited GetObject per row, in order.
  const ctrData: GuideCtr[] = [];
  const callback = (err: unknown, body?: string): void => {
    if (err) {
      objectsMissing += 1;
      return;
    }
    ctrData.push(JSON.parse(body as string) as GuideCtr);
  };
  for (const row of result) {
    const sends = Array.from({ length: doubleSend ? 2 : 1 }, () => {
      getObjectCalls += 1;
      const request = deps.getObject(row.VendorCallKey);
      request.then(
        (body) => callback(null, body),
        (err: unknown) => callback(err),
      );
      return request;
    });
    try {
      await Promise.race(sends);
    } catch (error) {
      if (abortOnMissing)
        return finish({
          aborted: `GetObject ${row.VendorCallKey} failed: ${error instanceof Error ? error.message : String(error)}`,
          ctrsFetched: ctrData.length,
        });
    }
  }
  const ctrsFetched = ctrData.length;

  // updateVoiceCallRecords: transform each and invoke ITIA, all at once, results ignored.
  const invokeItia = (payload: {
    contactId: string;
    fieldValues: Record<string, unknown>;
  }): Promise<{ StatusCode: number; FunctionError?: string }> =>
    invokes.add(async () => {
      const fieldValues = { ...payload.fieldValues, callCenterApiName: deps.contactCenter.callCenterApiName };
      const iat = Math.floor(Date.now() / 1000);
      const jwt = signRs256Jwt(
        { iss: deps.contactCenter.orgId, sub: deps.contactCenter.callCenterApiName, iat, exp: iat + ITIA_JWT_SECONDS, jti: randomUUID() },
        itiaKey,
      );
      let status = 0;
      try {
        const answer = await fetchFn(`${deps.scrtBaseUrl}/voiceCalls/${payload.contactId}`, {
          method: 'PATCH',
          headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json', 'Telephony-Provider-Name': 'amazon-connect' },
          body: JSON.stringify(fieldValues),
        });
        status = answer.status;
        await answer.arrayBuffer();
      } catch {
        status = 0;
      }
      patchStatuses[String(status)] = (patchStatuses[String(status)] ?? 0) + 1;
      if (status >= 200 && status < 300) return { StatusCode: 200 };
      functionErrors += 1;
      return { StatusCode: 200, FunctionError: 'Unhandled' };
    }) as Promise<{ StatusCode: number; FunctionError?: string }>;
  const promises: Promise<unknown>[] = [];
  ctrData.forEach((ctr) => {
    if (ctr.ContactId) {
      const voiceCall = guideTransformCtr(ctr);
      promises.push(
        invokeItia({ contactId: voiceCall.contactId, fieldValues: JSON.parse(JSON.stringify(voiceCall.fields)) as Record<string, unknown> }),
      );
    }
  });
  await Promise.all(promises);
  return finish({ ctrsFetched, invocations: promises.length });
}

export { GUIDE_AS_WRITTEN, GUIDE_BUGS_FIXED, GUIDE_SOQL, guideRetryCtrSync, guideTransformCtr, SDK_V2_MAX_SOCKETS };
export type { GuideRetryDeps, GuideRetryOptions, GuideRetryResult };
