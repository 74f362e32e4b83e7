import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.ts';
import { validateApiVersion } from '../validation/apiVersion.ts';
import { validateCallCenterApiName } from '../validation/callCenterApiName.ts';
import { parseChoice } from '../validation/choice.ts';
import { validateLambdaFunctionArn } from '../validation/lambdaArn.ts';
import { validateOrgId } from '../validation/orgId.ts';
import { validateServiceUrl } from '../validation/serviceUrl.ts';
import { type ArchiveSettings, parseArchiveSettings } from './archiveLocation.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** How reconcile reaches Salesforce and writes VoiceCalls: typed, validated, parsed once. */
interface ReconcileSettings {
  readonly archive: ArchiveSettings;
  readonly salesforce: {
    readonly loginUrl: string;
    readonly apiVersion: string;
    readonly auth:
      | { readonly grant: 'jwt-bearer'; readonly clientId: string; readonly username: string; readonly privateKeyPem: string }
      | { readonly grant: 'client-credentials'; readonly clientId: string; readonly clientSecret: string };
  };
  readonly writer:
    | {
        readonly kind: 'telephony';
        readonly scrtBaseUrl: string;
        readonly orgId: string;
        readonly callCenterApiName: string;
        readonly privateKeyPem: string;
      }
    | { readonly kind: 'lambda'; readonly functionArn: string };
}

/**
 * What Secrets Manager (Lambda) supplies: keys that stand in for the key files, and non-secret
 * values a secret may carry, used only when the environment does not set them.
 */
interface SecretValues {
  readonly sfPrivateKeyPem?: string;
  readonly sfClientSecret?: string;
  readonly scvPrivateKeyPem?: string;
  /** Fallback of `SF_CLIENT_ID`. */
  readonly sfClientId?: string;
  /** Fallback of `SF_USERNAME`. */
  readonly sfUsername?: string;
  /** Fallback of `SF_LOGIN_URL`. */
  readonly sfLoginUrl?: string;
  /** Fallback of `SCV_ORG_ID`. */
  readonly scvOrgId?: string;
  /** Fallback of `SCRT_BASE_URL`. */
  readonly scrtBaseUrl?: string;
  /** Fallback of `SCV_CALL_CENTER_API_NAME`. */
  readonly scvCallCenterApiName?: string;
}

/** Values given on the command line, which override the environment's. */
interface SettingFlags {
  /** `--archive` (overrides `CTR_ARCHIVE`). */
  readonly archive?: string;
}

/** Where a setting's value comes from: the environment first, then a secret's fallback. */
type Lookup = (name: string) => string | undefined;

const DEFAULT_API_VERSION = '61.0';
const readUtf8 = (path: string): string => readFileSync(path, 'utf8');

function lookupOf(env: Env, secrets: SecretValues): Lookup {
  const fallback: Record<string, string | undefined> = {
    SF_CLIENT_ID: secrets.sfClientId,
    SF_USERNAME: secrets.sfUsername,
    SF_LOGIN_URL: secrets.sfLoginUrl,
    SCV_ORG_ID: secrets.scvOrgId,
    SCRT_BASE_URL: secrets.scrtBaseUrl,
    SCV_CALL_CENTER_API_NAME: secrets.scvCallCenterApiName,
  };
  return (name) => env[name]?.trim() || fallback[name]?.trim() || undefined;
}

function required(get: Lookup, name: string, why: string): string {
  const value = get(name);
  if (!value) throw new ConfigError(name, `${name} is not set: ${why}`);
  return value;
}

function privateKey(name: string, pem: string | undefined, readFile: (path: string) => string, get: Lookup): string {
  let text = pem;
  if (text === undefined) {
    const path = required(get, name, 'it names the PEM private key file');
    try {
      text = readFile(path);
    } catch (error) {
      throw new ConfigError(
        name,
        `${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); point it at a readable PEM file`,
        { cause: error },
      );
    }
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch (error) {
    throw new ConfigError(
      name,
      `${name}: the file is not a PEM private key (expected "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----")`,
      { cause: error },
    );
  }
  // Both JWTs (the OAuth bearer assertion and the Telephony API's) are RS256: only an RSA key signs them.
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < 1024) {
    throw new ConfigError(
      name,
      `${name}: the key is ${key.asymmetricKeyType === 'rsa' ? `RSA of ${bits} bits` : `an ${key.asymmetricKeyType ?? 'unknown'} key`}, but the JWTs are signed with RS256: point it at the RSA private key (2048 bits or more) whose certificate Salesforce holds`,
    );
  }
  return text;
}

/**
 * Resolves reconcile's settings from the environment (names in the README table), the flags that
 * override it, and secrets. A missing or contradictory setting fails fast with a ConfigError that
 * names it and the fix. Secrets come from files (or, in Lambda, from Secrets Manager through
 * `secrets`), never from the command line. Nothing is written back to `env`.
 *
 * @param env - the environment (read only)
 * @param secrets - values from Secrets Manager
 * @param readFile - reads key files (tests inject one)
 * @param flags - command-line values overriding the environment's
 * @throws ConfigError
 */
function loadReconcileSettings(
  env: Env,
  secrets: SecretValues = {},
  readFile: (path: string) => string = readUtf8,
  flags: SettingFlags = {},
): ReconcileSettings {
  const { archive, salesforce } = loadSalesforceSettings(env, secrets, readFile, flags);
  return { archive, salesforce, writer: loadWriterSettings(env, secrets, readFile) };
}

/** The archive and Salesforce settings alone (enough for read-only commands such as `report`). */
function loadSalesforceSettings(
  env: Env,
  secrets: SecretValues = {},
  readFile: (path: string) => string = readUtf8,
  flags: SettingFlags = {},
): Pick<ReconcileSettings, 'archive' | 'salesforce'> {
  const archive = parseArchiveSettings(env, flags.archive);
  return { archive, salesforce: loadSalesforceConnection(env, secrets, readFile) };
}

/**
 * The Salesforce connection settings alone (`SF_*`), without the archive's: `ctr-resync doctor`
 * checks each group on its own, so one wrong setting does not hide the others.
 *
 * @throws ConfigError naming the setting
 */
function loadSalesforceConnection(
  env: Env,
  secrets: SecretValues = {},
  readFile: (path: string) => string = readUtf8,
): ReconcileSettings['salesforce'] {
  const get = lookupOf(env, secrets);
  const loginUrl = validateServiceUrl(
    required(get, 'SF_LOGIN_URL', 'set it to your My Domain URL, e.g. https://mydomain.my.salesforce.com'),
    'SF_LOGIN_URL',
    { example: 'https://mydomain.my.salesforce.com' },
  );
  const apiVersion = validateApiVersion(get('SF_API_VERSION') ?? DEFAULT_API_VERSION, 'SF_API_VERSION');
  const clientId = required(get, 'SF_CLIENT_ID', "set it to the connected app's consumer key");

  const hasKey = Boolean(env.SF_PRIVATE_KEY_FILE || secrets.sfPrivateKeyPem);
  const hasSecret = Boolean(env.SF_CLIENT_SECRET || secrets.sfClientSecret);
  if (hasKey && hasSecret) {
    throw new ConfigError(
      'SF_CLIENT_SECRET',
      'Both SF_PRIVATE_KEY_FILE (JWT bearer flow) and SF_CLIENT_SECRET (client-credentials flow) are set: unset the one you do not use',
    );
  }
  let auth: ReconcileSettings['salesforce']['auth'];
  if (hasKey) {
    auth = {
      grant: 'jwt-bearer',
      clientId,
      username: required(get, 'SF_USERNAME', "the JWT bearer flow needs the integration user's username"),
      privateKeyPem: privateKey('SF_PRIVATE_KEY_FILE', secrets.sfPrivateKeyPem, readFile, get),
    };
  } else if (hasSecret) {
    if (get('SF_USERNAME'))
      throw new ConfigError(
        'SF_USERNAME',
        "SF_USERNAME is set but the client-credentials flow (SF_CLIENT_SECRET) runs as the app's integration user: unset SF_USERNAME, or use SF_PRIVATE_KEY_FILE for the JWT bearer flow",
      );
    auth = { grant: 'client-credentials', clientId, clientSecret: (secrets.sfClientSecret ?? env.SF_CLIENT_SECRET) as string };
  } else {
    throw new ConfigError(
      'SF_PRIVATE_KEY_FILE',
      'No Salesforce credentials: set SF_USERNAME and SF_PRIVATE_KEY_FILE (JWT bearer flow) or SF_CLIENT_SECRET (client-credentials flow)',
    );
  }
  return { loginUrl, apiVersion, auth };
}

/**
 * The VoiceCall writer settings (`SCV_WRITER` and what it needs).
 *
 * @throws ConfigError naming the setting
 */
function loadWriterSettings(env: Env, secrets: SecretValues = {}, readFile: (path: string) => string = readUtf8): ReconcileSettings['writer'] {
  const get = lookupOf(env, secrets);
  const kind = parseChoice(
    get('SCV_WRITER') ?? 'telephony',
    'SCV_WRITER',
    ['telephony', 'lambda'] as const,
    'telephony: PATCH the Telephony Integration API directly; lambda: invoke InvokeTelephonyIntegrationApiFunction',
  );
  if (kind === 'telephony') {
    if (get('ITIA_FUNCTION_ARN'))
      throw new ConfigError(
        'ITIA_FUNCTION_ARN',
        'ITIA_FUNCTION_ARN is set but SCV_WRITER is telephony: set SCV_WRITER=lambda to write through that function, or unset it',
      );
    const orgId = validateOrgId(required(get, 'SCV_ORG_ID', 'the Telephony API JWT needs your Salesforce org Id (00D...)'), 'SCV_ORG_ID');
    return {
      kind: 'telephony',
      scrtBaseUrl: validateServiceUrl(
        required(get, 'SCRT_BASE_URL', 'set it to https://<MyDomain>.my.salesforce-scrt.com/telephony/v1'),
        'SCRT_BASE_URL',
        { example: 'https://mydomain.my.salesforce-scrt.com/telephony/v1' },
      ),
      orgId,
      callCenterApiName: validateCallCenterApiName(
        required(get, 'SCV_CALL_CENTER_API_NAME', "set it to the contact center's API name"),
        'SCV_CALL_CENTER_API_NAME',
      ),
      privateKeyPem: privateKey('SCV_PRIVATE_KEY_FILE', secrets.scvPrivateKeyPem, readFile, get),
    };
  }
  for (const name of ['SCRT_BASE_URL', 'SCV_PRIVATE_KEY_FILE']) {
    if (env[name]?.trim())
      throw new ConfigError(
        name,
        `${name} is set but SCV_WRITER=lambda writes through InvokeTelephonyIntegrationApiFunction: unset ${name}, or set SCV_WRITER=telephony`,
      );
  }
  const functionArn = validateLambdaFunctionArn(
    required(get, 'ITIA_FUNCTION_ARN', 'SCV_WRITER=lambda needs the ARN of InvokeTelephonyIntegrationApiFunction'),
    'ITIA_FUNCTION_ARN',
  ).arn;
  return { kind: 'lambda', functionArn };
}

export { DEFAULT_API_VERSION, loadReconcileSettings, loadSalesforceConnection, loadSalesforceSettings, loadWriterSettings };
export type { ReconcileSettings, SecretValues, SettingFlags };
