#!/usr/bin/env node
// The CLI launcher: runs the built CLI in dist/ with plain node (`npm run build` makes it; `npm pack`
// builds it first). Stack traces point into src/ through dist/'s source maps.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.setSourceMapsEnabled(true);
let cli;
try {
  cli = await import('../dist/cli.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli.js')) throw error;
  process.stderr.write('ctr-resync is not built: run `npm run build` (or `npm ci`, which builds it) first.\n');
  process.exit(70);
}
process.exitCode = await cli.main(process.argv);
