import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The repository root: NodejsFunction's project root, where package-lock.json and src/ live. */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * What both functions share: Lambda `nodejs22.x` on arm64, bundled by the local esbuild (never Docker)
 * for Node 20 syntax (dependencies.md §0: develop and test on Node 20, deploy on nodejs22.x), CommonJS
 * output, every dependency inside the bundle (the AWS SDK too, so the pinned, tested versions run),
 * minified, with source maps.
 *
 * @param handlerFile - file name under src/lambda, e.g. `archiveHandler.ts`
 */
function lambdaBundle(
  handlerFile: string,
): Pick<NodejsFunctionProps, 'entry' | 'handler' | 'runtime' | 'architecture' | 'projectRoot' | 'depsLockFilePath' | 'bundling'> {
  return {
    entry: join(REPO_ROOT, 'src', 'lambda', handlerFile),
    handler: 'handler',
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    projectRoot: REPO_ROOT,
    depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
    bundling: {
      target: 'node20',
      format: OutputFormat.CJS,
      minify: true,
      sourceMap: true,
      sourcesContent: false,
      externalModules: [],
      forceDockerBundling: false,
    },
  };
}

/** Environment shared by both functions. */
const COMMON_ENVIRONMENT = {
  NODE_OPTIONS: '--enable-source-maps',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
} as const;

export { COMMON_ENVIRONMENT, lambdaBundle, REPO_ROOT };
