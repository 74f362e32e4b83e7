#!/usr/bin/env node
// Child process that runs s3rver (a local S3-compatible server) for tests and the offline demo.
// Started with --openssl-legacy-provider: s3rver 3.7.1 encrypts listing continuation tokens with
// DES, which OpenSSL 3 only offers through its legacy provider (see docs/dependencies note).
// Usage: node --openssl-legacy-provider scripts/local-s3-server.mjs <dataDir> <bucket> [port]
// Prints one JSON line {"port":N} when ready; exits when stdin closes or on SIGTERM.
import S3rver from 's3rver';

const [dir, bucket, port = '0'] = process.argv.slice(2);
if (!dir || !bucket) {
  console.error('usage: local-s3-server.mjs <dataDir> <bucket> [port]');
  process.exit(2);
}
const server = new S3rver({ address: '127.0.0.1', port: Number(port), silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
const info = await server.run();
process.stdout.write(`${JSON.stringify({ port: info.port })}\n`);
const stop = async () => {
  await server.close().catch(() => undefined);
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
