import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { ratePerWorker } from '../../src/backfill/backfillRate.ts';

/** Settings of {@link BackfillStateMachine}. */
interface BackfillStateMachineProps {
  /** The reconcile Lambda, invoked once per window with `{since, until}`. */
  readonly reconcile: lambda.IFunction;
  /** Windows reconciled at once (Map maxConcurrency). */
  readonly maxConcurrency: number;
  /**
   * The org-wide PATCH budget (requests per second) the parallel windows share: each invocation gets
   * `ratePerSecond: ratePerWorker(budget, maxConcurrency)` in its input.
   */
  readonly rateBudgetPerSecond: number;
  /** The reconcile Lambda's timeout; each invocation is given one minute more. */
  readonly reconcileTimeout: Duration;
}

/** Per-window outcome written by the iteration, read by the final check. */
const STATUS = { ok: 'SUCCEEDED', incomplete: 'INCOMPLETE', failed: 'FAILED' } as const;

/**
 * The backfill: for input `{from, to, windows: [{since, until}, ...]}` (made by `ctr-resync
 * backfill`), runs the reconcile Lambda once per window, at most `maxConcurrency` at a time, each
 * paced to its share of the org-wide budget (`ratePerSecond` in its input, the budget ÷
 * `maxConcurrency`, so the windows together never exceed the budget). A window
 * whose invocation fails is recorded and the others go on; the execution then ends FAILED if any window
 * failed (`WindowsFailed`) or left records failed/unconfirmed (`WindowsIncomplete`), so a CloudWatch
 * alarm on ExecutionsFailed catches it. Each window's report lies under `reports/` in the archive.
 */
class BackfillStateMachine extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  /** Each window's share of the budget, requests per second (passed as the invocation's `ratePerSecond`). */
  public readonly ratePerWindow: number;

  public constructor(scope: Construct, id: string, props: BackfillStateMachineProps) {
    super(scope, id);
    this.ratePerWindow = ratePerWorker(props.rateBudgetPerSecond, props.maxConcurrency);
    const invoke = new tasks.LambdaInvoke(this, 'ReconcileWindow', {
      lambdaFunction: props.reconcile,
      payload: sfn.TaskInput.fromObject({ 'since.$': '$.since', 'until.$': '$.until', ratePerSecond: this.ratePerWindow }),
      resultSelector: {
        'runId.$': '$.Payload.runId',
        'succeeded.$': '$.Payload.succeeded',
        'reportKey.$': '$.Payload.reportKey',
        'summary.$': '$.Payload.summary',
      },
      resultPath: '$.result',
      taskTimeout: sfn.Timeout.duration(props.reconcileTimeout.plus(Duration.minutes(1))),
      retryOnServiceExceptions: true,
    });
    invoke.addRetry({
      errors: ['Lambda.TooManyRequestsException'],
      interval: Duration.seconds(30),
      maxAttempts: 5,
      backoffRate: 2,
      jitterStrategy: sfn.JitterType.FULL,
    });
    const failed = new sfn.Pass(this, 'WindowFailed', {
      parameters: { 'since.$': '$.since', 'until.$': '$.until', status: STATUS.failed, 'error.$': '$.error.Error' },
    });
    invoke.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });
    const done = new sfn.Pass(this, 'WindowDone', {
      parameters: { 'since.$': '$.since', 'until.$': '$.until', status: STATUS.ok, 'result.$': '$.result' },
    });
    const incomplete = new sfn.Pass(this, 'WindowIncomplete', {
      parameters: { 'since.$': '$.since', 'until.$': '$.until', status: STATUS.incomplete, 'result.$': '$.result' },
    });
    const outcome = new sfn.Choice(this, 'WindowSucceeded?')
      .when(sfn.Condition.booleanEquals('$.result.succeeded', true), done)
      .otherwise(incomplete);

    const map = new sfn.Map(this, 'ReconcileWindows', {
      itemsPath: '$.windows',
      maxConcurrency: props.maxConcurrency,
      resultSelector: { 'windows.$': '$', 'statuses.$': '$[*].status' },
    });
    map.itemProcessor(invoke.next(outcome));

    const summarize = new sfn.Pass(this, 'Summarize', {
      parameters: {
        'windows.$': '$.windows',
        'anyFailed.$': `States.ArrayContains($.statuses, '${STATUS.failed}')`,
        'anyIncomplete.$': `States.ArrayContains($.statuses, '${STATUS.incomplete}')`,
      },
    });
    const verdict = new sfn.Choice(this, 'AllWindowsSucceeded?')
      .when(
        sfn.Condition.booleanEquals('$.anyFailed', true),
        new sfn.Fail(this, 'WindowsFailed', {
          error: 'WindowsFailed',
          cause: 'The reconcile Lambda failed for one or more windows; see the ReconcileWindows Map output in the execution history',
        }),
      )
      .when(
        sfn.Condition.booleanEquals('$.anyIncomplete', true),
        new sfn.Fail(this, 'WindowsIncomplete', {
          error: 'WindowsIncomplete',
          cause: 'Some windows left records failed or unconfirmed; see each window reportKey (reports/ in the archive)',
        }),
      )
      .otherwise(new sfn.Succeed(this, 'Done'));

    const validate = new sfn.Choice(this, 'HasWindows?').when(sfn.Condition.isPresent('$.windows[0]'), map.next(summarize).next(verdict)).otherwise(
      new sfn.Fail(this, 'InvalidInput', {
        error: 'InvalidInput',
        cause: 'Expected {from, to, windows: [{since, until}, ...]}: start backfills with `ctr-resync backfill --from <day> --to <day>`',
      }),
    );

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: 'ctr-resync backfill: reconcile one window per Map item, bounded concurrency',
      definitionBody: sfn.DefinitionBody.fromChainable(validate),
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: Duration.days(7),
    });
  }
}

export { BackfillStateMachine };
export type { BackfillStateMachineProps };
