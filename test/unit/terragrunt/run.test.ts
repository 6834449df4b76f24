import { describe, expect, it } from '@jest/globals';
import { parseApplyCommand } from '../../../src/terragrunt/apply.js';
import {
  allUnitsArgs,
  errorText,
  isModernTerragrunt,
  mapLimit,
  parseVersion,
  terragruntEnv,
  unitArgs,
  waves,
} from '../../../src/terragrunt/run.js';
import { childEnv, parseUnits } from '../../../src/terragrunt/context.js';
import { secretsFromEnv } from '../../../src/lib/redact.js';

describe('Terragrunt versions', () => {
  it('reads the version line and tells run --all from run-all', () => {
    expect(parseVersion('terragrunt version v0.93.4')).toMatchObject({ major: 0, minor: 93, patch: 4 });
    expect(isModernTerragrunt(parseVersion('terragrunt version v1.0.0'))).toBe(true);
    expect(isModernTerragrunt(parseVersion('terragrunt version v0.90.0'))).toBe(true);
    expect(isModernTerragrunt(parseVersion('terragrunt version v0.89.2'))).toBe(false);
    expect(parseVersion('no version here')).toBeUndefined();
  });

  it('builds per-unit and all-units commands for both generations', () => {
    const modern = parseVersion('v0.91.0');
    const old = parseVersion('v0.68.0');
    expect(unitArgs(modern, ['plan', '-out=x'])).toEqual(['run', '--', 'plan', '-out=x']);
    expect(unitArgs(old, ['plan', '-out=x'])).toEqual(['plan', '-out=x']);
    expect(allUnitsArgs(modern, ['plan'], ['live/a'], 3)).toEqual([
      'run',
      '--all',
      '--parallelism',
      '3',
      '--queue-include-dir',
      'live/a',
      '--queue-strict-include',
      '--',
      'plan',
    ]);
    expect(allUnitsArgs(old, ['plan'], [], 2)).toEqual(['run-all', 'plan', '--terragrunt-parallelism', '2']);
  });

  it('sets TG_TF_PATH (or the old TERRAGRUNT_TFPATH) and non-interactive settings', () => {
    expect(terragruntEnv(parseVersion('v1.0.0'), 'tofu')).toMatchObject({
      TG_TF_PATH: 'tofu',
      TG_NON_INTERACTIVE: 'true',
      TF_INPUT: '0',
    });
    expect(terragruntEnv(parseVersion('v0.50.0'), 'tofu')).toMatchObject({ TERRAGRUNT_TFPATH: 'tofu' });
  });
});

describe('helpers', () => {
  it('orders units in dependency waves', () => {
    expect(
      waves([
        { path: 'app', dependencies: ['net', 'params'] },
        { path: 'net', dependencies: [] },
        { path: 'params', dependencies: ['outside'] },
        { path: 'dns', dependencies: ['app'] },
      ]),
    ).toEqual([['net', 'params'], ['app'], ['dns']]);
    expect(
      waves([
        { path: 'a', dependencies: ['b'] },
        { path: 'b', dependencies: ['a'] },
      ]),
    ).toEqual([['a', 'b']]);
  });

  it('runs at most `limit` tasks at once and keeps the order', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([1, 2, 3, 4, 5, 6], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return n * 10;
    });
    expect(out).toEqual([10, 20, 30, 40, 50, 60]);
    expect(peak).toBe(2);
  });

  it('drops Terragrunt log prefixes and info lines', () => {
    const text = errorText({
      exitCode: 1,
      stdout: '',
      stderr:
        '12:22:57.765 ERROR  Error: Unclosed configuration block\n12:22:57.775 INFO   TIP (debugging-docs): see docs\n12:22:57.776 ERROR    on terragrunt.hcl line 4\n',
    });
    expect(text).toBe('Error: Unclosed configuration block\n  on terragrunt.hcl line 4');
  });

  it('keeps the error part of a failed run', () => {
    const text = errorText({
      exitCode: 1,
      stdout: '',
      stderr:
        'INFO reading config\nINFO more noise\n\u001b[31mERROR\u001b[0m Error: Invalid block definition\n  on terragrunt.hcl line 3\n',
    });
    expect(text).toBe('ERROR Error: Invalid block definition\n  on terragrunt.hcl line 3');
  });

  it('reads units as a JSON array, a JSON string or a separated list', () => {
    expect(parseUnits('["live/a", "live/b/"]')).toEqual(['live/a', 'live/b']);
    expect(parseUnits('"live/a live/b"')).toEqual(['live/a', 'live/b']);
    expect(parseUnits('live/a live/b,./live/c\nlive/a')).toEqual(['live/a', 'live/b', 'live/c']);
    expect(parseUnits(undefined)).toEqual([]);
  });

  it('parses /apply commands', () => {
    const no = { allowDestroy: false };
    expect(parseApplyCommand('/apply')).toEqual({ units: [], ...no });
    expect(parseApplyCommand('/apply live/prd/ssm\nplease')).toEqual({ units: ['live/prd/ssm'], ...no });
    expect(parseApplyCommand('  /apply ./live/a/, live/b  ')).toEqual({ units: ['live/a', 'live/b'], ...no });
    expect(parseApplyCommand('/applyx')).toBeUndefined();
    expect(parseApplyCommand('please /apply')).toBeUndefined();
    expect(parseApplyCommand('/tg-apply live/a', '/tg-apply')).toEqual({ units: ['live/a'], ...no });
    expect(parseApplyCommand('/apply --allow-destroy live/old')).toEqual({
      units: ['live/old'],
      allowDestroy: true,
    });
  });

  it('hands children the environment without inputs or the OIDC request token, and finds secrets', () => {
    const env = {
      PATH: '/bin',
      'INPUT_GITHUB-TOKEN': 'x',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'y',
      DB_PASSWORD: 'hunter22',
      SHORT_TOKEN: 'abc',
    };
    expect(childEnv(env, { AWS_REGION: 'eu-west-1' })).toEqual({
      PATH: '/bin',
      DB_PASSWORD: 'hunter22',
      SHORT_TOKEN: 'abc',
      AWS_REGION: 'eu-west-1',
    });
    expect(secretsFromEnv(env)).toEqual(['hunter22']);
  });
});
