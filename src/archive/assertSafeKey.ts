/**
 * Defence in depth for store adapters: a key must be a relative, `/`-separated path with no empty,
 * `.` or `..` segments and no control characters or backslashes, whatever built it.
 *
 * @throws Error when the key could escape the store's root
 */
function assertSafeKey(key: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses or strips
  if (key.length === 0 || key.length > 1024 || key.startsWith('/') || key.includes('\\') || /[\u0000-\u001f\u007f]/.test(key)) {
    throw new Error(`Unsafe archive key ${JSON.stringify(key.slice(0, 80))}`);
  }
  const segments = key.split('/');
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    if (segment === '.' || segment === '..' || (segment === '' && !last)) {
      throw new Error(`Unsafe archive key ${JSON.stringify(key.slice(0, 80))}`);
    }
  }
  return key;
}

export { assertSafeKey };
