/**
 * Privacy helpers for anything that may reach a log: CTRs carry customer phone numbers and
 * attributes, which must never be logged.
 */

// E.164 and common national formats: an optional + or (, digits with separators, standing alone
// (not inside an id, a UUID or a timestamp); 7-15 digits in all.
const PHONE = /(?<![\w:.-])\+?\(?\d[\d\s().-]{5,20}\d(?![\w:-])/g;

/** Replaces phone numbers in free text, keeping the last two digits: `+15555550100` → `+*********00`. */
function redactPhoneNumbers(text: string): string {
  return text.replace(PHONE, (match) => {
    const digits = match.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) return match;
    return `${match.startsWith('+') ? '+' : ''}${'*'.repeat(Math.max(0, digits.length - 2))}${digits.slice(-2)}`;
  });
}

export { redactPhoneNumbers };
