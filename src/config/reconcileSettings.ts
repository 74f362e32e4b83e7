import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** How reconcile reaches Salesforce and writes VoiceCalls, resolved from the environment. */
interface ReconcileSettings {
  readonly archive: string;
  readonly salesforce: {
    readonly loginUrl: string;
    readonly apiVersion: string;
    readonly auth:
      | { readonly grant: 'jwt-bearer'; readonly clientId: string; readonly username: string; readonly privateKeyPem: string }
      | { readonly grant: 'client-credentials'; readonly clientId: string; readonly clientSecret: string };
  };
  readonly writer:
    | { readonly kind: 'telephony'; readonly scrtBaseUrl: string; readonly orgId: string; readonly callCenterApiName: string; readonly privateKeyPem: string }
    | { readonly kind: 'lambda'; readonly functionArn: string };
}

/** Secrets fetched from AWS Secrets Manager (Lambda) that stand in for the key files. */
interface SecretValues {
  readonly sfPrivateKeyPem?: string;
  readonly sfClientSecret?: string;
  readonly scvPrivateKeyPem?: string;
}

const DEFAULT_API_VERSION = '61.0';
const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/;
const ORG_ID = /^00D[a-zA-Z0-9]{12}(?:[a-zA-Z0-9]{3})?$/;

function required(env: Env, name: string, why: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(name, `${name} is not set: ${why}`);
  return value;
}

/** An https URL, or http only on loopback (the local org simulator). */
function serviceUrl(env: Env, name: string, why: string): string {
  const value = required(env, name, why);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `${name}=${JSON.stringify(value)} is not a URL; expected e.g. https://mydomain.my.salesforce.com`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError(name, `${name} must use https (plain http is accepted only for a local simulator on 127.0.0.1/localhost)`);
  }
  if (url.username || url.password || url.search || url.hash) throw new ConfigError(name, `${name} must not carry credentials, a query or a fragment`);
  return value.replace(/\/+$/, '');
}

function privateKey(name: string, pem: string | undefined, readFile: (path: string) => string, env: Env): string {
  let text = pem;
  if (text === undefined) {
    const path = required(env, name, 'it names the PEM private key file');
    try {
      text = readFile(path);
    } catch (error) {
      throw new ConfigError(name, `${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); point it at a readable PEM file`, { cause: error });
    }
  }
  try {
    createPrivateKey(text);
  } catch (error) {
    throw new ConfigError(name, `${name}: the file is not a PEM private key (expected "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----")`, { cause: error });
  }
  return text;
}

/**
 * Resolves reconcile's settings from the environment (names in the README table). A missing or
 * contradictory setting fails fast with a ConfigError that names it and the fix. Secrets come from
 * files (or, in Lambda, from Secrets Manager through `secrets`), never from the command line.
 *
 * @throws ConfigError
 */
function loadReconcileSettings(env: Env, secrets: SecretValues = {}, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): ReconcileSettings {
  const { archive, salesforce } = loadSalesforceSettings(env, secrets, readFile);
  return { archive, salesforce, writer: loadWriterSettings(env, secrets, readFile) };
}

/** The archive and Salesforce settings alone (enough for read-only commands such as `report`). */
function loadSalesforceSettings(env: Env, secrets: SecretValues = {}, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): Pick<ReconcileSettings, 'archive' | 'salesforce'> {
  const archive = required(env, 'CTR_ARCHIVE', 'set it to s3://bucket/prefix or a local folder (or pass --archive)');
  const loginUrl = serviceUrl(env, 'SF_LOGIN_URL', 'set it to your My Domain URL, e.g. https://mydomain.my.salesforce.com');
  const apiVersion = env.SF_API_VERSION?.trim() || DEFAULT_API_VERSION;
  if (!/^\d{2,3}\.0$/.test(apiVersion)) throw new ConfigError('SF_API_VERSION', `SF_API_VERSION=${JSON.stringify(apiVersion)}: expected a version such as ${DEFAULT_API_VERSION}`);
  const clientId = required(env, 'SF_CLIENT_ID', "set it to the connected app's consumer key");

  const hasKey = Boolean(env.SF_PRIVATE_KEY_FILE || secrets.sfPrivateKeyPem);
  const hasSecret = Boolean(env.SF_CLIENT_SECRET || secrets.sfClientSecret);
  if (hasKey && hasSecret) {
    throw new ConfigError('SF_CLIENT_SECRET', 'Both SF_PRIVATE_KEY_FILE (JWT bearer flow) and SF_CLIENT_SECRET (client-credentials flow) are set: unset the one you do not use');
  }
  let auth: ReconcileSettings['salesforce']['auth'];
  if (hasKey) {
    auth = { grant: 'jwt-bearer', clientId, username: required(env, 'SF_USERNAME', 'the JWT bearer flow needs the integration user\'s username'), privateKeyPem: privateKey('SF_PRIVATE_KEY_FILE', secrets.sfPrivateKeyPem, readFile, env) };
  } else if (hasSecret) {
    if (env.SF_USERNAME) throw new ConfigError('SF_USERNAME', 'SF_USERNAME is set but the client-credentials flow (SF_CLIENT_SECRET) runs as the app\'s integration user: unset SF_USERNAME, or use SF_PRIVATE_KEY_FILE for the JWT bearer flow');
    auth = { grant: 'client-credentials', clientId, clientSecret: (secrets.sfClientSecret ?? env.SF_CLIENT_SECRET) as string };
  } else {
    throw new ConfigError('SF_PRIVATE_KEY_FILE', 'No Salesforce credentials: set SF_USERNAME and SF_PRIVATE_KEY_FILE (JWT bearer flow) or SF_CLIENT_SECRET (client-credentials flow)');
  }
  return { archive, salesforce: { loginUrl, apiVersion, auth } };
}

/** The VoiceCall writer settings (`SCV_WRITER` and what it needs). */
function loadWriterSettings(env: Env, secrets: SecretValues, readFile: (path: string) => string): ReconcileSettings['writer'] {

  const kind = env.SCV_WRITER?.trim() || 'telephony';
  let writer: ReconcileSettings['writer'];
  if (kind === 'telephony') {
    if (env.ITIA_FUNCTION_ARN) throw new ConfigError('ITIA_FUNCTION_ARN', 'ITIA_FUNCTION_ARN is set but SCV_WRITER is telephony: set SCV_WRITER=lambda to write through that function, or unset it');
    const orgId = required(env, 'SCV_ORG_ID', 'the Telephony API JWT needs your Salesforce org Id (00D...)');
    if (!ORG_ID.test(orgId)) throw new ConfigError('SCV_ORG_ID', `SCV_ORG_ID=${JSON.stringify(orgId)} is not an org Id (00D followed by 12 or 15 characters)`);
    writer = {
      kind: 'telephony',
      scrtBaseUrl: serviceUrl(env, 'SCRT_BASE_URL', 'set it to https://<MyDomain>.my.salesforce-scrt.com/telephony/v1'),
      orgId,
      callCenterApiName: required(env, 'SCV_CALL_CENTER_API_NAME', "set it to the contact center's API name"),
      privateKeyPem: privateKey('SCV_PRIVATE_KEY_FILE', secrets.scvPrivateKeyPem, readFile, env),
    };
  } else if (kind === 'lambda') {
    for (const name of ['SCRT_BASE_URL', 'SCV_PRIVATE_KEY_FILE']) {
      if (env[name]) throw new ConfigError(name, `${name} is set but SCV_WRITER=lambda writes through InvokeTelephonyIntegrationApiFunction: unset ${name}, or set SCV_WRITER=telephony`);
    }
    const functionArn = required(env, 'ITIA_FUNCTION_ARN', 'SCV_WRITER=lambda needs the ARN of InvokeTelephonyIntegrationApiFunction');
    if (!LAMBDA_ARN.test(functionArn)) throw new ConfigError('ITIA_FUNCTION_ARN', `ITIA_FUNCTION_ARN=${JSON.stringify(functionArn)} is not a Lambda function ARN`);
    writer = { kind: 'lambda', functionArn };
  } else {
    throw new ConfigError('SCV_WRITER', `SCV_WRITER=${JSON.stringify(kind)}: expected telephony (PATCH the Telephony Integration API directly) or lambda (invoke InvokeTelephonyIntegrationApiFunction)`);
  }
  return writer;
}

export { DEFAULT_API_VERSION, loadReconcileSettings, loadSalesforceSettings };
export type { ReconcileSettings, SecretValues };
