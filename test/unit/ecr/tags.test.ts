import { describe, expect, it } from '@jest/globals';
import { resolveCommit, resolveTags, validateRepositoryName, validateTag } from '../../../src/ecr/tags.js';
import { classifyPushFailure, decodeAuthorizationToken } from '../../../src/ecr/build-and-push.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const HEAD = 'fedcba9876543210fedcba9876543210fedcba98';

describe('tags', () => {
  it('follows the OCI tag grammar', () => {
    for (const tag of ['v1.2.3', '_x', 'A-b_c.d', 'a'.repeat(128), SHA])
      expect(validateTag(tag, 'tag')).toBe(tag);
    for (const tag of ['', '.x', '-x', 'a'.repeat(129), 'a/b', 'a:b', 'sp ace', 'é']) {
      expect(() => validateTag(tag, 'tag')).toThrow(/Input 'tag'.*not a valid image tag/);
    }
  });

  it('uses the pull request head commit, not the merge commit, on pull_request', () => {
    const event = { pull_request: { head: { sha: HEAD } } };
    expect(resolveCommit({ eventName: 'pull_request', event, sha: SHA })).toBe(HEAD);
    expect(resolveCommit({ eventName: 'pull_request_target', event, sha: SHA })).toBe(HEAD);
    expect(resolveCommit({ eventName: 'push', event, sha: SHA })).toBe(SHA);
    expect(resolveCommit({ eventName: 'pull_request', event: {}, sha: SHA })).toBe(SHA);
    expect(resolveCommit({})).toBeUndefined();
  });

  it('puts the primary tag first, validates and deduplicates the extra ones', () => {
    expect(resolveTags(undefined, ['latest', 'latest', SHA], SHA)).toEqual([SHA, 'latest']);
    expect(resolveTags('v1', [], SHA)).toEqual(['v1']);
    expect(() => resolveTags(undefined, [], undefined)).toThrow(/Input 'tag' is empty/);
    expect(() => resolveTags('v1', ['bad tag'], SHA)).toThrow(/Input 'extra-tags'/);
  });

  it('validates repository names', () => {
    expect(validateRepositoryName('team/app-1')).toBe('team/app-1');
    for (const name of ['Team/app', '1.dkr.ecr.eu-west-1.amazonaws.com/app', 'app:tag', '/app', 'a']) {
      expect(() => validateRepositoryName(name)).toThrow(/Input 'repository'/);
    }
  });
});

describe('push failures', () => {
  it('tells immutable-tag, auth and transient errors apart', () => {
    expect(
      classifyPushFailure(
        "Error: writing manifest: tag invalid: The image tag 'abc' already exists in the 'app' repository and cannot be overwritten because the repository is immutable.",
      ),
    ).toBe('immutable');
    expect(classifyPushFailure('Error: unauthorized: authentication required')).toBe('denied');
    expect(classifyPushFailure('denied: User is not authorized to perform ecr:InitiateLayerUpload')).toBe(
      'denied',
    );
    expect(classifyPushFailure('received unexpected HTTP status: 503 Service Unavailable')).toBe('transient');
    expect(classifyPushFailure('read tcp 10.0.0.1:443: read: connection reset by peer')).toBe('transient');
    expect(classifyPushFailure('Error: no such file')).toBe('other');
  });

  it('decodes the ECR authorization token', () => {
    const token = Buffer.from('AWS:secret:with:colons').toString('base64');
    expect(decodeAuthorizationToken(token)).toEqual({ username: 'AWS', password: 'secret:with:colons' });
    expect(() => decodeAuthorizationToken(Buffer.from('nocolon').toString('base64'))).toThrow();
  });
});
