import { expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TIME_PROVIDER_VERSION } from '../../harness/provider-mirror.js';
import { REPO_ROOT } from '../../harness/run-action.js';
import { describeWithTools, findTool, TOOLS_PATH } from '../../harness/tools.js';

/** The pins at the top of scripts/provision, e.g. TERRAGRUNT_VERSION=v1.0.0. */
function pins(): Record<string, string> {
  const script = readFileSync(join(REPO_ROOT, 'scripts', 'provision'), 'utf8');
  return Object.fromEntries([...script.matchAll(/^([A-Z]+)_VERSION=(\S+)/gm)].map((m) => [m[1], m[2]]));
}

function versionOf(tool: string, args: string[]): string {
  const path = findTool(tool) ?? tool;
  return execFileSync(path, args, {
    encoding: 'utf8',
    env: { ...process.env, PATH: TOOLS_PATH },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

const pinned = pins();
const strip = (version: string | undefined) => (version ?? '').replace(/^v/, '');

describeWithTools(
  [
    'psqldef',
    'mysqldef',
    'sqlite3def',
    'actionlint',
    'tofu',
    'terragrunt',
    'moto_server',
    'node24',
    'helm',
    'kustomize',
    'terraform-provider-time',
  ],
  'tools installed by scripts/provision',
  () => {
    it('has every pin the script declares', () => {
      expect(Object.keys(pinned).sort()).toEqual([
        'ACTIONLINT',
        'ARGOCD',
        'ETCD',
        'HELM',
        'KUBERNETES',
        'KUSTOMIZE',
        'KWOK',
        'MOTO',
        'NODE',
        'OPENTOFU',
        'SQLDEF',
        'TERRAGRUNT',
        'TIMEPROVIDER',
      ]);
    });

    it.each([
      ['psqldef', ['--version'], 'SQLDEF'],
      ['mysqldef', ['--version'], 'SQLDEF'],
      ['sqlite3def', ['--version'], 'SQLDEF'],
      ['actionlint', ['-version'], 'ACTIONLINT'],
      ['tofu', ['version'], 'OPENTOFU'],
      ['terragrunt', ['--version'], 'TERRAGRUNT'],
      ['node24', ['--version'], 'NODE'],
      ['helm', ['version', '--short'], 'HELM'],
      ['kustomize', ['version'], 'KUSTOMIZE'],
    ])('%s reports its pinned version', (tool, args, pin) => {
      const output = versionOf(tool, args);
      expect(output).toContain(strip(pinned[pin]));
      if (tool === 'tofu') expect(output).not.toContain('-dev');
    });

    it('built terraform-provider-time at its pinned version, the one the provider mirror serves', () => {
      // A provider has no version flag: its stamp records the version it was built from.
      const stamp = readFileSync(join(REPO_ROOT, '.tools', 'stamps', 'terraform-provider-time'), 'utf8');
      expect(stamp.trim()).toBe(pinned.TIMEPROVIDER);
      expect(TIME_PROVIDER_VERSION).toBe(strip(pinned.TIMEPROVIDER));
    });

    it('runs moto from the pinned package', () => {
      const python = join(REPO_ROOT, '.tools', 'moto-venv', 'bin', 'python');
      const version = execFileSync(python, ['-c', 'import moto; print(moto.__version__)'], {
        encoding: 'utf8',
      });
      expect(version.trim()).toBe(pinned.MOTO);
    });
  },
);
