import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT, runAction } from '../harness/run-action.js';

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

      it('run as a runner runs it without inputs, fails with an input error and no stack trace', async () => {
        const run = await runAction(name);
        expect(run.exitCode).toBe(1);
        expect(run.stdout).toMatch(/^::error::.*Input '[a-z0-9-]+'/m);
        expect(run.stdout).not.toMatch(/^\s+at .*\.js:\d+/m);
        expect(run.summary).toBe('');
      });
    });
  }
});
