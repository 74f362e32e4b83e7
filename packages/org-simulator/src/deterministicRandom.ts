/**
 * Seeded, order-independent randomness. Each draw is a hash of (seed, stream, n), so a decision
 * such as "does request n of endpoint X fail?" comes out the same on every run, whatever other
 * requests interleave with it.
 */

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(value: number): number {
  let z = value >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d);
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A uniform number in [0, 1) determined by its arguments.
 *
 * @param seed - the run's seed (any finite number; its integer part is used)
 * @param stream - what the draw is for, e.g. `fault:GET /services/data/{version}/query`
 * @param n - the draw's sequence number within the stream
 */
function unitRandom(seed: number, stream: string, n: number): number {
  const a = mix(hashString(stream) ^ mix(Math.trunc(seed) | 0));
  const b = mix(a ^ mix(n >>> 0) ^ Math.imul(Math.floor(n / 0x100000000), 0x9e3779b9));
  const c = mix(b + 0x9e3779b9);
  return (b * 0x200000 + (c >>> 11)) / 2 ** 53;
}

export { hashString, unitRandom };
