import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseStackConfig } from '../../infra/config/parseStackConfig.ts';
import { CtrResyncStack } from '../../infra/CtrResyncStack.ts';

/** The repository's cdk.json context (feature flags, validator at error level) and the placeholder config. */
const CDK_CONTEXT = (JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }).context;
const EXAMPLE_CONFIG = JSON.parse(readFileSync(new URL('../../infra/config/example.json', import.meta.url), 'utf8')) as Record<string, unknown>;

/** One violation in cdk.out/validation-report.json. */
interface ValidationViolation {
  readonly ruleName: string;
  readonly description: string;
  readonly severity: string;
}

/** A synthesized stack: its template for assertions, the raw JSON, and the validator's findings. */
interface SynthesizedStack {
  readonly template: Template;
  readonly json: {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: unknown; DeletionPolicy?: string }>;
    Outputs?: Record<string, unknown>;
  };
  readonly violations: readonly ValidationViolation[];
  /** The stack's synth warnings (`Annotations` at warning level), as text. */
  readonly warnings: readonly string[];
}

/**
 * Synthesizes the real app stack once (Lambda bundling included: esbuild takes ~0.2 s per function)
 * with the example settings plus `overrides`, in a fresh output folder, with cdk.json's context.
 */
function synthStack(overrides: Record<string, unknown> = {}): SynthesizedStack {
  const outdir = mkdtempSync(join(tmpdir(), 'ctr-resync-cdk-'));
  const app = new App({ outdir, context: CDK_CONTEXT });
  const stack = new CtrResyncStack(app, 'CtrResync', { config: parseStackConfig({ ...EXAMPLE_CONFIG, ...overrides }) });
  const assembly = app.synth();
  const artifact = assembly.getStackArtifact(stack.artifactId);
  const json = artifact.template as SynthesizedStack['json'];
  const warnings = artifact.messages.filter((m) => m.level === 'warning').map((m) => String(m.entry.data));
  const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
    pluginReports: { violations: ValidationViolation[] }[];
  };
  rmSync(outdir, { recursive: true, force: true });
  return { template: Template.fromJSON(json), json, violations: report.pluginReports.flatMap((r) => r.violations), warnings };
}

/** Logical ids of the resources of a type. */
function idsOf(json: SynthesizedStack['json'], type: string): string[] {
  return Object.entries(json.Resources)
    .filter(([, r]) => r.Type === type)
    .map(([id]) => id);
}

/** The one resource of a type whose logical id starts with `prefix`. */
function resource(json: SynthesizedStack['json'], type: string, prefix: string): { id: string; props: Record<string, unknown> } {
  const ids = idsOf(json, type).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`Expected one ${type} starting with ${prefix}, found ${ids.join(', ') || 'none'}`);
  const id = ids[0] as string;
  return { id, props: json.Resources[id]?.Properties ?? {} };
}

/** A state machine definition with tokens (`Fn::Join` parts) replaced by `${...}` placeholders, parsed. */
function stateMachineDefinition(definition: unknown): Record<string, unknown> {
  const parts = (definition as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  return JSON.parse(parts.map((p) => (typeof p === 'string' ? p : `\${${JSON.stringify(p).replace(/"/g, "'")}}`)).join('')) as Record<
    string,
    unknown
  >;
}

export { CDK_CONTEXT, EXAMPLE_CONFIG, idsOf, resource, stateMachineDefinition, synthStack };
export type { SynthesizedStack, ValidationViolation };
