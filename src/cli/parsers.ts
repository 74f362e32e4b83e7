import { InvalidArgumentError } from 'commander';
import { ConfigError } from '../errors.ts';
import { parseWholeNumber } from '../validation/wholeNumber.ts';

/** Parses a whole number ≥ `min` for a flag (src/validation's rule), as a commander argument error. */
function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    try {
      return parseWholeNumber(value, 'value', { min, max });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      throw new InvalidArgumentError(`expected a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}.`);
    }
  };
}

export { wholeNumber };
