/**
 * Walks every IAM policy statement in a CloudFormation template (identity policies, trust policies,
 * bucket/queue/topic policies, KMS key policies: any `Statement` array under a resource's properties)
 * and reports Allow statements that grant a wildcard action (`*`, `s3:*`, `s3:Get*`...), use
 * NotAction/NotResource, or name a `*` resource (bare, or a whole service such as `arn:aws:s3:::*`).
 * Deny statements are skipped: a wildcard there only narrows access (enforceSSL is `Deny s3:*`).
 * Resources scoped below a specific ARN (`<bucket>/ctr/*`, `<log group>:*`, `<function>:*`) pass.
 */

/** One IAM statement and where it is. */
interface LocatedStatement {
  readonly logicalId: string;
  readonly type: string;
  readonly statement: Record<string, unknown>;
}

/** A statement that grants too much. */
interface WildcardFinding {
  readonly logicalId: string;
  readonly type: string;
  readonly sid?: string;
  readonly problem: string;
}

/** A documented case where AWS requires a wildcard; see docs/deploy.md, "Least privilege". */
interface WildcardException {
  readonly why: string;
  readonly matches: (finding: WildcardFinding, statement: Record<string, unknown>) => boolean;
}

/**
 * The only wildcards the stack may contain. A KMS key policy must name its resource as `*` (it means
 * "this key"), and the key's default statement gives the account root `kms:*` so IAM policies can
 * govern the key (without it the key can become unmanageable); only present with `bucketKms`. The
 * audit's `lakeformation:GetDataAccess` (with `auditSource: data-lake`) takes Resource "*" because
 * the action has no resource type; these are wildcard resources, never wildcard actions.
 */
const DOCUMENTED_EXCEPTIONS: readonly WildcardException[] = [
  {
    why: 'KMS key policy: Resource "*" means the key itself (required in key policies)',
    matches: (f) => f.type === 'AWS::KMS::Key' && f.problem === 'resource *',
  },
  {
    why: 'KMS default key policy: the account root gets kms:* so IAM policies govern the key',
    matches: (f, s) => f.type === 'AWS::KMS::Key' && f.problem === 'action kms:*' && JSON.stringify(s.Principal ?? '').includes(':root'),
  },
  {
    why: 'lakeformation:GetDataAccess supports no resource-level permission (Service Authorization Reference, AWS Lake Formation): Resource must be "*"; only that one action, alone in its statement',
    matches: (f, s) =>
      f.type === 'AWS::IAM::Role' && f.problem === 'resource *' && JSON.stringify(asList(s.Action)) === '["lakeformation:GetDataAccess"]',
  },
];

const asList = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'region',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
};

/** Renders a CloudFormation value as text: pseudo parameters as sample values, other intrinsics as `${TOKEN}`. */
function render(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'Fn::Join' in value) {
    const [sep, parts] = (value as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    return parts.map(render).join(sep);
  }
  const ref = (value as { Ref?: unknown } | null)?.Ref;
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation token placeholder, not a template
  return typeof ref === 'string' && PSEUDO[ref] !== undefined ? PSEUDO[ref] : '${TOKEN}';
}

/** Every statement under any resource's properties. */
function locateStatements(template: { Resources: Record<string, { Type: string; Properties?: unknown }> }): LocatedStatement[] {
  const found: LocatedStatement[] = [];
  const walk = (node: unknown, logicalId: string, type: string): void => {
    if (Array.isArray(node)) for (const item of node) walk(item, logicalId, type);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (Array.isArray(record.Statement))
        for (const statement of record.Statement) found.push({ logicalId, type, statement: statement as Record<string, unknown> });
      for (const [key, child] of Object.entries(record)) if (key !== 'Statement') walk(child, logicalId, type);
    }
  };
  for (const [logicalId, r] of Object.entries(template.Resources)) walk(r.Properties, logicalId, r.Type);
  return found;
}

/** A resource that covers everything, or every resource of one type (all streams, all functions; in S3, every bucket). */
function isBroadResource(text: string): boolean {
  if (text === '*') return true;
  const m = /^arn:[^:]*:([^:]*):[^:]*:[^:]*:(.*)$/.exec(text);
  if (!m) return false;
  const [service, rest] = [m[1] as string, m[2] as string];
  return service === 's3' ? rest === '*' || rest === '*/*' : /^(\*|[A-Za-z-]+[/:]\*)$/.test(rest);
}

/**
 * Wildcard grants in a template, minus the documented exceptions.
 *
 * @param exceptions - pass `[]` to see everything
 */
function wildcardFindings(
  template: Parameters<typeof locateStatements>[0],
  exceptions: readonly WildcardException[] = DOCUMENTED_EXCEPTIONS,
): WildcardFinding[] {
  const findings: WildcardFinding[] = [];
  for (const { logicalId, type, statement } of locateStatements(template)) {
    if (statement.Effect !== 'Allow') continue;
    const sid = typeof statement.Sid === 'string' ? statement.Sid : undefined;
    const problems: string[] = [];
    if (statement.NotAction !== undefined) problems.push('NotAction');
    if (statement.NotResource !== undefined) problems.push('NotResource');
    for (const action of asList(statement.Action).map(render)) if (action.includes('*')) problems.push(`action ${action}`);
    for (const res of asList(statement.Resource).map(render)) if (isBroadResource(res)) problems.push(`resource ${res}`);
    for (const problem of problems) {
      const finding = { logicalId, type, ...(sid ? { sid } : {}), problem };
      if (!exceptions.some((e) => e.matches(finding, statement))) findings.push(finding);
    }
  }
  return findings;
}

export { DOCUMENTED_EXCEPTIONS, locateStatements, render, wildcardFindings };
export type { LocatedStatement, WildcardException, WildcardFinding };
