import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigError } from '../errors.ts';
import type { SecretValues } from './reconcileSettings.ts';

type Env = Readonly<Record<string, string | undefined>>;

async function secretJson(client: SecretsManagerClient, arn: string, setting: string): Promise<Record<string, string>> {
  let text: string | undefined;
  try {
    text = (await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString;
  } catch (error) {
    throw new ConfigError(
      setting,
      `${setting}: cannot read secret ${arn} (${(error as Error).name}); check the ARN and the function's secretsmanager:GetSecretValue permission`,
      { cause: error },
    );
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
 * Reads the Lambda's secrets from AWS Secrets Manager into a typed {@link SecretValues}; the
 * settings parser merges them (the environment's values win). Nothing is written to `env`.
 * `SF_SECRET_ARN`: `{ privateKey }` (JWT bearer) or `{ clientSecret }`, optionally `clientId`,
 * `username`, `loginUrl`. `SCV_SECRET_ARN`: ours (`{ privateKey, orgId, callCenterApiName,
 * scrtBaseUrl }`) or SCV's own contact-center secret (`SALESFORCE_ORG_ID`, `SCRT_ENDPOINT_BASE`,
 * `CALL_CENTER_API_NAME`, `<CALL_CENTER_API_NAME>-scrt-jwt-auth-private-key`, scv-internals.md §1.5).
 *
 * @param env - the environment: `SF_SECRET_ARN`, `SCV_SECRET_ARN` and `SCV_CALL_CENTER_API_NAME` (read only)
 * @throws ConfigError naming the ARN setting when a secret cannot be read or is not a JSON object
 */
async function secretsFromAws(env: Env, client: SecretsManagerClient = new SecretsManagerClient({})): Promise<SecretValues> {
  const secrets: { -readonly [K in keyof SecretValues]: SecretValues[K] } = {};
  if (env.SF_SECRET_ARN) {
    const sf = await secretJson(client, env.SF_SECRET_ARN, 'SF_SECRET_ARN');
    if (sf.privateKey) secrets.sfPrivateKeyPem = sf.privateKey;
    if (sf.clientSecret) secrets.sfClientSecret = sf.clientSecret;
    if (sf.clientId) secrets.sfClientId = sf.clientId;
    if (sf.username) secrets.sfUsername = sf.username;
    if (sf.loginUrl) secrets.sfLoginUrl = sf.loginUrl;
  }
  if (env.SCV_SECRET_ARN) {
    const scv = await secretJson(client, env.SCV_SECRET_ARN, 'SCV_SECRET_ARN');
    const orgId = scv.orgId ?? scv.SALESFORCE_ORG_ID;
    const scrtBaseUrl = scv.scrtBaseUrl ?? scv.SCRT_ENDPOINT_BASE;
    const callCenterApiName = scv.callCenterApiName ?? scv.CALL_CENTER_API_NAME;
    if (orgId) secrets.scvOrgId = orgId;
    if (scrtBaseUrl) secrets.scrtBaseUrl = scrtBaseUrl;
    if (callCenterApiName) secrets.scvCallCenterApiName = callCenterApiName;
    const name = env.SCV_CALL_CENTER_API_NAME?.trim() || callCenterApiName;
    const key = scv.privateKey ?? (name ? scv[`${name}-scrt-jwt-auth-private-key`] : undefined);
    if (key) secrets.scvPrivateKeyPem = key;
  }
  return secrets;
}

export { secretsFromAws };
