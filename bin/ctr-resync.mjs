#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx's loader, so `npx ctr-resync` works
// right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
