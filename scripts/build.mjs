#!/usr/bin/env node
// Builds the CLI into dist/ with esbuild: one ES module per entry point plus shared chunks, so a
// sub-command's dynamic import() loads only its own code. The workspace package
// @ctr-resync/org-simulator is compiled in (it is private and never published, so it must not be
// left as an import); every runtime dependency in package.json stays an import that npm installs.
// Anything else imported at runtime (a devDependency, an undeclared package) fails the build.
// Type checking is `npm run typecheck` (tsc); esbuild only strips types.
import { readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const runtime = new Set(Object.keys(pkg.dependencies ?? {}));
const builtins = new Set(builtinModules);
const BUNDLED_SCOPE = '@ctr-resync/';

/** The package name of a bare specifier: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** esbuild plugin: runtime dependencies and node builtins external, workspace packages bundled, nothing else. */
const dependencyPolicy = {
  name: 'dependency-policy',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || builtins.has(args.path)) return { path: args.path, external: true };
      const name = packageName(args.path);
      if (runtime.has(name)) return { path: args.path, external: true };
      if (name.startsWith(BUNDLED_SCOPE)) return undefined;
      return {
        errors: [
          {
            text: `${args.importer} imports ${args.path}, which is not in package.json "dependencies" (a devDependency is not installed with the package)`,
          },
        ],
      };
    });
  },
};

/** esbuild plugin: the CLI imports package.json for its name and version; only those go into dist/. */
const packageJsonFields = {
  name: 'package-json-fields',
  setup(b) {
    const file = join(ROOT, 'package.json');
    b.onLoad({ filter: /[\\/]package\.json$/ }, (args) =>
      args.path === file ? { contents: JSON.stringify({ name: pkg.name, version: pkg.version }), loader: 'json' } : undefined,
    );
  },
};

rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  plugins: [dependencyPolicy, packageJsonFields],
});
const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
const bytes = outputs.reduce((sum, [, o]) => sum + o.bytes, 0);
console.log(`dist/: ${outputs.length} modules, ${(bytes / 1024).toFixed(0)} KiB of JavaScript (entry dist/cli.js)`);
