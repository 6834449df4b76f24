// The committed bundle, run as a runner runs it, editing a checkout with pull-request: false.
import { afterEach, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runAction } from '../../harness/run-action.js';

const FIXTURES = join(REPO_ROOT, 'test/fixtures/values');
let workspace: string;
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

function checkout(): string {
  workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
  cpSync(FIXTURES, join(workspace, 'manifests/values'), { recursive: true });
  return workspace;
}

describe('update-image-tag bundle with pull-request: false', () => {
  it('edits the files under path, sets outputs, and makes no API call', async () => {
    const cwd = checkout();
    const before = readFileSync(join(cwd, 'manifests/values/dev-values.crlf.yaml'), 'latin1');
    const run = await runAction('update-image-tag', {
      cwd,
      inputs: {
        files: 'values/*-image-tag.yaml\nvalues/dev-values.crlf.yaml',
        tag: 'v7.0.0',
        'pull-request': 'false',
        path: 'manifests',
        token: 'ghs_secret-token-value',
      },
      // An unreachable API: any call would fail the run.
      env: { GITHUB_API_URL: 'http://127.0.0.1:9', GITHUB_REPOSITORY: 'acme/api' },
    });
    expect(run.stdout).not.toContain('::error::');
    expect(run.exitCode).toBe(0);
    expect(run.masked).toContain('ghs_secret-token-value');
    expect(JSON.parse(run.outputs['changed-files'] ?? '')).toEqual([
      'values/prod-image-tag.yaml',
      'values/dev-values.crlf.yaml',
    ]);
    expect(run.outputs.changed).toBe('true');
    expect(JSON.parse(run.outputs['old-tags'] ?? '')).toEqual({
      'values/prod-image-tag.yaml': '0f4e5d6c7b8a99887766554433221100ffeeddcc',
      'values/dev-values.crlf.yaml': '2024.05.01-1',
    });
    expect(run.outputs.operation).toBe('unchanged');
    expect(readFileSync(join(cwd, 'manifests/values/dev-values.crlf.yaml'), 'latin1')).toBe(
      before.replace('2024.05.01-1', 'v7.0.0'),
    );
    expect(run.summary).toContain(
      '| `values/dev-values.crlf.yaml` | `image.tag` | `2024.05.01-1` | `v7.0.0` |',
    );
  });

  it('fails naming the file and the keys that exist, leaving every file as it was', async () => {
    const cwd = checkout();
    const run = await runAction('update-image-tag', {
      cwd,
      inputs: {
        files: 'manifests/values/prod-image-tag.yaml\nmanifests/values/kustomization.yaml',
        format: 'helm',
        tag: 'v7',
        'pull-request': 'false',
      },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(
      /::error::manifests\/values\/kustomization\.yaml: key 'image\.tag' not found: the top level has keys 'apiVersion', 'kind', 'resources', 'images'/,
    );
    expect(readFileSync(join(cwd, 'manifests/values/prod-image-tag.yaml'), 'utf8')).toContain('0f4e5d6c7b8a');
  });

  it('refuses an invalid tag before reading anything', async () => {
    const run = await runAction('update-image-tag', {
      cwd: checkout(),
      inputs: { files: 'nope.yaml', tag: 'v1:latest', 'pull-request': 'false' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("::error::Input 'tag': 'v1:latest' is not a valid image tag");
  });
});
