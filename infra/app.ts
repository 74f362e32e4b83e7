/**
 * The CDK app: one stack, ctr-resync, configured from the CDK context (cdk.json, `-c key=value`, and
 * the JSON file named by `-c configFile=...`). See docs/deploy.md.
 *
 *   npx cdk deploy -c configFile=infra/config/prod.json
 */
import { App } from 'aws-cdk-lib';
import { CtrResyncStack } from './CtrResyncStack.ts';
import { readStackConfig } from './config/readStackConfig.ts';

const app = new App();
const config = readStackConfig(app.node);
new CtrResyncStack(app, 'CtrResync', { config });
app.synth();
