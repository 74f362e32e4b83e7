import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '../errors.ts';
import type { SecretValues } from './reconcileSettings.ts';

type Env = Readonly<Record<string, string | undefined>>;

async function secretJson(client: SecretsManagerClient, arn: string, setting: string): Promise<Record<string, string>> {
  let text: string | undefined;
  try {
    text = (await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
  } catch (error) {
    throw new ConfigError(setting, `${setting}: cannot read secret ${arn} (${(error as Error).name}); check the ARN and the function's secretsmanager:GetSecretValue permission`, { cause: error });
  }
  try {
    const value = JSON.parse(text ?? '') as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, string>;
  } catch {
    // fall through
  }
  throw new ConfigError(setting, `${setting}: secret ${arn} must be a JSON object (see the README for its keys)`);
}

/**
 * Reads the Lambda's secrets from AWS Secrets Manager and returns them with the non-secret values
 * they carry folded into the environment. `SF_SECRET_ARN`: `{ privateKey }` (JWT bearer) or
 * `{ clientSecret }`, optionally `clientId`, `username`, `loginUrl`. `SCV_SECRET_ARN`: ours
 * (`{ privateKey, orgId, callCenterApiName, scrtBaseUrl }`) or SCV's own contact-center secret
 * (`SALESFORCE_ORG_ID`, `SCRT_ENDPOINT_BASE`, `CALL_CENTER_API_NAME`,
 * `<CALL_CENTER_API_NAME>-scrt-jwt-auth-private-key`, scv-internals.md §1.5).
 */
async function secretsFromAws(env: Env, client: SecretsManagerClient = new SecretsManagerClient({})): Promise<{ env: Env; secrets: SecretValues }> {
  const merged: Record<string, string | undefined> = { ...env };
  const secrets: { sfPrivateKeyPem?: string; sfClientSecret?: string; scvPrivateKeyPem?: string } = {};
  if (env.SF_SECRET_ARN) {
    const sf = await secretJson(client, env.SF_SECRET_ARN, 'SF_SECRET_ARN');
    if (sf.privateKey) secrets.sfPrivateKeyPem = sf.privateKey;
    if (sf.clientSecret) secrets.sfClientSecret = sf.clientSecret;
    merged.SF_CLIENT_ID ??= sf.clientId;
    merged.SF_USERNAME ??= sf.username;
    merged.SF_LOGIN_URL ??= sf.loginUrl;
  }
  if (env.SCV_SECRET_ARN) {
    const scv = await secretJson(client, env.SCV_SECRET_ARN, 'SCV_SECRET_ARN');
    merged.SCV_ORG_ID ??= scv.orgId ?? scv.SALESFORCE_ORG_ID;
    merged.SCRT_BASE_URL ??= scv.scrtBaseUrl ?? scv.SCRT_ENDPOINT_BASE;
    merged.SCV_CALL_CENTER_API_NAME ??= scv.callCenterApiName ?? scv.CALL_CENTER_API_NAME;
    const name = merged.SCV_CALL_CENTER_API_NAME;
    const key = scv.privateKey ?? (name ? scv[`${name}-scrt-jwt-auth-private-key`] : undefined);
    if (key) secrets.scvPrivateKeyPem = key;
  }
  return { env: merged, secrets };
}

export { secretsFromAws };
