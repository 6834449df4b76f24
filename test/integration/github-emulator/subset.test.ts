import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { HANDLERS } from '../../harness/github/index.js';
import { openApi } from '../../harness/github/openapi.js';

const list = JSON.parse(
  readFileSync(new URL('../../harness/github/operations.json', import.meta.url), 'utf8'),
) as {
  openapiVersion: string;
  operations: string[];
};

describe('GitHub OpenAPI subset', () => {
  it('holds exactly the operations listed in operations.json, from the pinned description', () => {
    const api = openApi();
    expect(api.operations.map((operation) => operation.operationId).sort()).toEqual(
      [...list.operations].sort(),
    );
    const subset = JSON.parse(
      readFileSync(new URL('../../harness/github/schema/openapi-subset.json', import.meta.url), 'utf8'),
    ) as { info: Record<string, unknown> };
    expect(subset.info['x-subset-of']).toBe(`@octokit/openapi@${list.openapiVersion} api.github.com`);
  });

  it('has a handler for every operation and no handler outside the subset', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual([...list.operations].sort());
  });

  it('matches request paths to operations, including refs and file paths with slashes', () => {
    const api = openApi();
    const match = (method: string, path: string) => {
      const found = api.match(method, path);
      return found && [found.operation.operationId, found.params];
    };
    expect(match('GET', '/repos/a/b/git/ref/heads/feature/x')).toEqual([
      'git/get-ref',
      { owner: 'a', repo: 'b', ref: 'heads/feature/x' },
    ]);
    expect(match('PATCH', '/repos/a/b/git/refs/heads%2Fmain')).toEqual([
      'git/update-ref',
      { owner: 'a', repo: 'b', ref: 'heads/main' },
    ]);
    expect(match('GET', '/repos/a/b/contents/deploy/values.yaml')).toEqual([
      'repos/get-content',
      { owner: 'a', repo: 'b', path: 'deploy/values.yaml' },
    ]);
    expect(match('GET', '/repos/a/b/contents')).toEqual([
      'repos/get-content',
      { owner: 'a', repo: 'b', path: '' },
    ]);
    expect(match('GET', '/repos/a/b/compare/main...feature/x')).toEqual([
      'repos/compare-commits',
      { owner: 'a', repo: 'b', base: 'main', head: 'feature/x' },
    ]);
    expect(match('GET', '/repos/a/b/branches')).toBeUndefined();
  });
});
