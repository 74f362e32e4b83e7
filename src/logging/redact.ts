/**
 * Privacy helpers for anything that may reach a log: CTRs carry customer phone numbers and
 * attributes, which must never be logged.
 */

// E.164 and common national formats: an optional + or (, digits with separators, standing alone
// (not inside an id, a UUID or a timestamp); 7-15 digits in all.
const PHONE = /(?<![\w:.-])\+?\(?\d[\d\s().-]{5,20}\d(?![\w:-])/g;

/**
 * Field names whose values are CTR or VoiceCall data (field values, attributes, endpoints, whole
 * records): a structured log replaces them with `[redacted]` whatever they hold.
 */
const VALUE_FIELDS: ReadonlySet<string> = new Set(
  [
    'attributes',
    'address',
    'body',
    'changes',
    'ctr',
    'current',
    'customerendpoint',
    'expected',
    'fields',
    'phone',
    'phonenumber',
    'record',
    'systemendpoint',
    'value',
    'values',
  ].map((name) => name.toLowerCase()),
);

/** How deep {@link redactLogFields} walks before it stops copying (logs carry flat fields). */
const MAX_DEPTH = 4;

/** Replaces phone numbers in free text, keeping the last two digits: `+15555550100` → `+*********00`. */
function redactPhoneNumbers(text: string): string {
  return text.replace(PHONE, (match) => {
    const digits = match.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) return match;
    return `${match.startsWith('+') ? '+' : ''}${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
  });
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactPhoneNumbers(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Date) return value.toISOString();
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, VALUE_FIELDS.has(key.toLowerCase()) ? '[redacted]' : redactValue(item, depth + 1)]),
  );
}

/**
 * Makes a structured log's fields safe to write: values under {@link VALUE_FIELDS} names become
 * `[redacted]`, phone numbers in every string are masked, nesting is cut at four levels.
 *
 * @param fields - the log event's fields
 */
function redactLogFields(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return redactValue(fields, 0) as Record<string, unknown>;
}

export { redactLogFields, redactPhoneNumbers, VALUE_FIELDS };
