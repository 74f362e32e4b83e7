import { ConfigError } from '../errors.ts';

/**
 * One of a fixed set of words (`RECONCILE_MODE`, `SCV_WRITER`, `writer`...).
 *
 * @param value - the raw setting
 * @param setting - its name, for the message
 * @param choices - the accepted words
 * @param hint - what each choice means, appended to the message
 * @throws ConfigError naming the setting and the choices
 */
function parseChoice<T extends string>(value: string, setting: string, choices: readonly T[], hint = ''): T {
  const text = value.trim();
  if (!(choices as readonly string[]).includes(text))
    throw new ConfigError(setting, `${setting} must be one of ${choices.join(', ')}${hint ? ` (${hint})` : ''}`);
  return text as T;
}

export { parseChoice };
