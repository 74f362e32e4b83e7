import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Node } from 'constructs';
import { ConfigError } from '../../src/errors.ts';
import { parseStackConfig } from './parseStackConfig.ts';
import { STACK_CONFIG_KEYS, type StackConfig } from './StackConfig.ts';

/** Context key naming a JSON file of settings (relative to the working directory). */
const CONFIG_FILE_CONTEXT_KEY = 'configFile';

/** Reads a JSON settings file; unknown keys are refused so a typo cannot silently fall back to a default. */
function readConfigFile(path: string, cwd: string): Record<string, unknown> {
  const full = resolve(cwd, path);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(full, 'utf8'));
  } catch (error) {
    throw new ConfigError(CONFIG_FILE_CONTEXT_KEY, `configFile ${full}: ${(error as Error).message}`, { cause: error });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError(CONFIG_FILE_CONTEXT_KEY, `configFile ${full} must hold a JSON object of settings`);
  const known = new Set<string>(STACK_CONFIG_KEYS);
  const unknown = Object.keys(value).filter((k) => !known.has(k) && !k.startsWith('//'));
  if (unknown.length > 0)
    throw new ConfigError(unknown[0] as string, `configFile ${full}: unknown setting(s) ${unknown.join(', ')} (see docs/deploy.md for the names)`);
  return value as Record<string, unknown>;
}

/**
 * Resolves the stack settings from the CDK context: first the JSON file named by `-c configFile=...`
 * (keys starting with `//` are comments), then each `-c <setting>=<value>`, which wins.
 *
 * @param node - the app's node (its context holds cdk.json, cdk.context.json and `-c` values)
 * @param cwd - where a relative configFile path starts
 * @throws ConfigError naming the setting
 */
function readStackConfig(node: Node, cwd: string = process.cwd()): StackConfig {
  const file = node.tryGetContext(CONFIG_FILE_CONTEXT_KEY) as unknown;
  const raw: Record<string, unknown> = typeof file === 'string' && file.trim() !== '' ? readConfigFile(file, cwd) : {};
  for (const key of STACK_CONFIG_KEYS) {
    const value = node.tryGetContext(key) as unknown;
    if (value !== undefined) raw[key] = value;
  }
  return parseStackConfig(raw);
}

export { CONFIG_FILE_CONTEXT_KEY, readConfigFile, readStackConfig };
