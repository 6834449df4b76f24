import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT, runAction } from '../harness/run-action.js';
import { describeWithTools, findTool } from '../harness/tools.js';

const actionsDir = join(REPO_ROOT, 'actions');
const sourcesDir = join(REPO_ROOT, 'src', 'actions');
const actionNames = existsSync(actionsDir)
  ? readdirSync(actionsDir).filter((name) => existsSync(join(actionsDir, name, 'action.yml')))
  : [];
const sourceNames = existsSync(sourcesDir)
  ? readdirSync(sourcesDir).filter((name) => existsSync(join(sourcesDir, name, 'index.ts')))
  : [];

describe('action bundles', () => {
  it('every action has an action.yml, a source folder and a committed bundle', () => {
    expect([...actionNames].sort()).toEqual([...sourceNames].sort());
    for (const name of actionNames) expect(existsSync(join(REPO_ROOT, 'dist', name, 'index.js'))).toBe(true);
  });

  for (const name of actionNames) {
    describe(name, () => {
      const spec = parse(readFileSync(join(actionsDir, name, 'action.yml'), 'utf8')) as {
        runs: { using: string; main: string };
        inputs?: Record<string, { description?: string }>;
        outputs?: Record<string, { description?: string }>;
      };

      it('runs on node24 from its bundle and documents every input and output', () => {
        expect(spec.runs).toEqual(
          expect.objectContaining({ using: 'node24', main: `../../dist/${name}/index.js` }),
        );
        for (const [input, value] of Object.entries({ ...spec.inputs, ...spec.outputs })) {
          expect(`${input}: ${value?.description ?? ''}`).toMatch(/^[a-z0-9-]+: \S/);
        }
      });
    });
  }
});

/** The oldest version package.json `engines.node` allows, e.g. ">=20" → "20.0.0". */
function enginesMinimum(): string {
  const { engines } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    engines: { node: string };
  };
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(engines.node.trim());
  if (!match) throw new Error(`package.json engines.node must read ">=X[.Y[.Z]]", got "${engines.node}"`);
  return [match[1], match[2] ?? '0', match[3] ?? '0'].join('.');
}

const minimum = enginesMinimum();
const runtimes = [
  { label: 'Node 24 (using: node24)', tool: 'node24' },
  { label: `Node ${minimum} (package.json engines)`, tool: `node${minimum.split('.')[0]}` },
];

describeWithTools(
  runtimes.map((runtime) => runtime.tool),
  'bundles on the runner runtime and on the oldest Node engines allows',
  () => {
    it('the provisioned Nodes are the pinned runtime and the engines minimum', () => {
      const versions = runtimes.map((runtime) =>
        execFileSync(findTool(runtime.tool)!, ['--version'], { encoding: 'utf8' }).trim(),
      );
      expect(versions[0]).toMatch(/^v24\./);
      // scripts/provision NODE_MIN_VERSION must follow package.json engines.
      expect(versions[1]).toBe(`v${minimum}`);
    });

    describe.each(runtimes)('$label', ({ tool }) => {
      it.each(actionNames)(
        '%s starts without inputs and fails with an input error and no stack trace',
        async (name) => {
          const run = await runAction(name, { node: findTool(tool)! });
          expect(run.stderr).toBe('');
          expect(run.exitCode).toBe(1);
          expect(run.stdout).toMatch(/^::error::.*Input '[a-z0-9-]+'/m);
          expect(run.stdout).not.toMatch(/^\s+at .*\.js:\d+/m);
          expect(run.summary).toBe('');
        },
      );

      it('loads every lazily imported chunk of every bundle', () => {
        const chunks = actionNames.flatMap((name) =>
          readdirSync(join(REPO_ROOT, 'dist', name))
            .filter((file) => file.endsWith('.js') && file !== 'index.js')
            .map((file) => join(REPO_ROOT, 'dist', name, file)),
        );
        const script = `for (const file of ${JSON.stringify(chunks)}) await import(file);`;
        expect(() =>
          execFileSync(findTool(tool)!, ['--input-type=module', '-e', script], { stdio: 'pipe' }),
        ).not.toThrow();
      });
    });
  },
);
