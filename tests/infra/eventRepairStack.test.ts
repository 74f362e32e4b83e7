import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { parseStackConfig } from '../../infra/config/parseStackConfig.ts';
import { EXAMPLE_CONFIG, idsOf, resource, synthStack } from './synthStack.ts';
import { wildcardFindings } from './iamWildcards.ts';

// One synthesis with the example settings (event-driven repair on by default), one with it off.
const { template, json } = synthStack();
const queue = resource(json, 'AWS::SQS::Queue', 'RepairQueue');
const dlq = resource(json, 'AWS::SQS::Queue', 'RepairDeadLetterQueue');
const checker = resource(json, 'AWS::Lambda::Function', 'RepairFunction');
const archiver = resource(json, 'AWS::Lambda::Function', 'ArchiverFunction');
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

test('event repair (default on): an SSE, TLS-only queue with a 300 s delivery delay and a dead-letter queue', () => {
  assert.equal(queue.props.DelaySeconds, 300);
  assert.equal(queue.props.SqsManagedSseEnabled, true);
  assert.equal(queue.props.VisibilityTimeout, 720, 'six times the checker timeout');
  assert.deepEqual(queue.props.RedrivePolicy, { deadLetterTargetArn: arnOf(dlq.id), maxReceiveCount: 5 });
  assert.equal(dlq.props.SqsManagedSseEnabled, true);
  for (const q of [queue.id, dlq.id]) {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: q }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  }
});

test('the checker runs on nodejs22.x from the queue with ReportBatchItemFailures and a bounded concurrency and rate', () => {
  assert.equal(checker.props.Runtime, 'nodejs22.x');
  template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
    EventSourceArn: arnOf(queue.id),
    FunctionName: { Ref: checker.id },
    BatchSize: 10,
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    ScalingConfig: { MaximumConcurrency: 2 },
  });
  const env = (checker.props.Environment as { Variables: Record<string, unknown> }).Variables;
  assert.equal(env.RECONCILE_RATE, '5', 'at most 5 PATCHes/s per invocation, 10/s with both invocations');
  assert.equal(env.REPAIR_MODE, 'missing');
  assert.deepEqual((archiver.props.Environment as { Variables: Record<string, unknown> }).Variables.REPAIR_QUEUE_URL, { Ref: queue.id });
});

test('IAM: the checker consumes only its queue and has reconcile’s archive and secret access, nothing more', () => {
  const role = resource(json, 'AWS::IAM::Role', 'RepairRole');
  const statements = (role.props.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[])[0]?.PolicyDocument.Statement ?? [];
  const bySid = Object.fromEntries(statements.map((s) => [s.Sid, [s.Action, s.Resource]]));
  assert.deepEqual(Object.keys(bySid).sort(), ['ConsumeRepairQueue', 'ListArchive', 'ReadArchive', 'ReadSecrets', 'WriteArchive', 'WriteOwnLogs']);
  assert.deepEqual(bySid.ConsumeRepairQueue, [
    ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
    arnOf(queue.id),
  ]);
  assert.deepEqual(wildcardFindings(json, []), []);
  const policies = idsOf(json, 'AWS::IAM::Policy');
  assert.ok(!policies.some((id) => id.startsWith('Repair')), 'no CDK-generated default policy on the checker role: every grant is above');
});

test('alarms on the repair dead-letter queue, checker errors and enqueue failures', () => {
  const alarms = idsOf(json, 'AWS::CloudWatch::Alarm').map((id) => json.Resources[id]?.Properties as Record<string, unknown>);
  assert.ok(alarms.some((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(a.Dimensions).includes(dlq.id)));
  assert.ok(alarms.some((a) => a.MetricName === 'Errors' && JSON.stringify(a.Dimensions).includes(checker.id)));
  assert.ok(alarms.some((a) => a.MetricName === 'RepairEnqueueFailures'));
});

test('eventRepair: false removes the queues, the checker and the archiver’s queue access', () => {
  const off = synthStack({ eventRepair: false });
  off.template.resourceCountIs('AWS::SQS::Queue', 1); // the reconcile dead-letter queue only
  off.template.resourceCountIs('AWS::Lambda::Function', 3); // archiver, reconcile, audit
  assert.doesNotMatch(JSON.stringify(off.json), /REPAIR_QUEUE_URL|sqs:SendMessage"[^\]]*Repair|RepairFunction/);
});

test('repairDelaySeconds and repairMaxConcurrency are validated stack settings', () => {
  assert.equal(parseStackConfig({ ...EXAMPLE_CONFIG, repairDelaySeconds: 60 }).repairDelaySeconds, 60);
  assert.throws(() => parseStackConfig({ ...EXAMPLE_CONFIG, repairDelaySeconds: 901 }), { code: 'CONFIG_ERROR' });
  assert.throws(() => parseStackConfig({ ...EXAMPLE_CONFIG, repairMaxConcurrency: 1 }), { code: 'CONFIG_ERROR' });
  assert.throws(() => parseStackConfig({ ...EXAMPLE_CONFIG, repairBatchSize: 201 }), { code: 'CONFIG_ERROR' });
});
