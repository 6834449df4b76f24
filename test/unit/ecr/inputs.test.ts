import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRegistry, readInputs } from '../../../src/ecr/inputs.js';
import { summaryMarkdown } from '../../../src/ecr/summary.js';
import { ConfigurationError } from '../../../src/lib/errors.js';
import { Inputs } from '../../../src/lib/inputs.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const HEAD = 'fedcba9876543210fedcba9876543210fedcba98';
let dir: string;
let app: string;

const read = (values: Record<string, string>, env: NodeJS.ProcessEnv = {}) =>
  readInputs(new Inputs((name) => values[name] ?? ''), { GITHUB_SHA: SHA, AWS_REGION: 'eu-west-1', ...env });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ecr-inputs-'));
  app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(dir, 'pull_request.json'), JSON.stringify({ pull_request: { head: { sha: HEAD } } }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ecr-build-push inputs', () => {
  it('defaults: tag = commit SHA, IMMUTABLE, scan on push, skip if exists, auto builder, no cache, no provenance', () => {
    const { core, roleArn } = read({ repository: 'team/app', context: app });
    expect(core).toEqual(
      expect.objectContaining({
        repository: 'team/app',
        tags: [SHA],
        region: 'eu-west-1',
        createRepository: false,
        tagMutability: 'IMMUTABLE',
        scanOnPush: true,
        skipIfExists: true,
        builder: 'auto',
        context: app,
        file: join(app, 'Dockerfile'),
        cache: false,
        provenance: false,
        revision: SHA,
        pushAttempts: 4,
        registry: undefined,
      }),
    );
    expect(roleArn).toBeUndefined();
  });

  it('tags the pull request head commit on pull_request events', () => {
    const { core } = read(
      { repository: 'team/app', context: app, 'extra-tags': 'pr-7, latest' },
      { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: join(dir, 'pull_request.json') },
    );
    expect(core.tags).toEqual([HEAD, 'pr-7', 'latest']);
    expect(core.revision).toBe(HEAD);
  });

  it('picks the role of the environment', () => {
    const { roleArn } = read({
      repository: 'team/app',
      context: app,
      roles: 'dev=arn:aws:iam::111111111111:role/dev\nprod=arn:aws:iam::222222222222:role/prod',
      environment: 'prod',
    });
    expect(roleArn).toBe('arn:aws:iam::222222222222:role/prod');
  });

  it.each([
    [{ tag: 'v1 final' }, /Input 'tag' has the tag 'v1 final'/],
    [{ 'extra-tags': 'ok,-bad' }, /Input 'extra-tags' has the tag '-bad'/],
    [{ repository: 'Team/App' }, /Input 'repository'/],
    [{ context: '/does/not/exist' }, /Input 'context' is '\/does\/not\/exist', which is not a directory/],
    [{ file: 'nope/Dockerfile' }, /Input 'file' is 'nope\/Dockerfile', which does not exist/],
    [{ builder: 'kaniko' }, /Input 'builder' must be one of auto, docker, podman, buildah/],
    [{ platforms: 'arm64' }, /Input 'platforms'/],
    [{ 'image-tag-mutability': 'immutable' }, /Input 'image-tag-mutability'/],
    [{ 'lifecycle-policy': '{"rules": 1}' }, /Input 'lifecycle-policy' is not an ECR lifecycle policy/],
    [{ 'lifecycle-policy': 'policy.json' }, /Input 'lifecycle-policy' is neither/],
    [{ registry: 'https://host/path' }, /Input 'registry'/],
    [{ 'registry-username': 'u' }, /'registry-username' and 'registry-password' go together/],
    [{ 'role-to-assume': 'deploy' }, /not an IAM role ARN/],
    [{ 'push-attempts': '0' }, /Input 'push-attempts'/],
  ])('refuses %j', (overrides, message) => {
    expect(() => read({ repository: 'team/app', context: app, ...overrides })).toThrow(message);
  });

  it('names the missing Dockerfile of the context', () => {
    expect(() => read({ repository: 'team/app', context: dir })).toThrow(
      new ConfigurationError(
        `There is no Dockerfile in the build context '${dir}': add one or set input 'file'.`,
      ),
    );
  });

  it('needs a region and a commit or tag', () => {
    expect(() =>
      readInputs(new Inputs((name) => ({ repository: 'a/b', context: app })[name] ?? ''), {}),
    ).toThrow(/Input 'tag' is empty/);
    expect(() =>
      readInputs(new Inputs((name) => ({ repository: 'a/b', context: app })[name] ?? ''), {
        GITHUB_SHA: SHA,
      }),
    ).toThrow(/Input 'aws-region' is required/);
  });

  it('parses the registry override', () => {
    expect(parseRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com')).toEqual({
      host: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      insecure: false,
    });
    expect(parseRegistry('http://127.0.0.1:5000/')).toEqual({ host: '127.0.0.1:5000', insecure: true });
    expect(parseRegistry('https://mirror.example.com')).toEqual({
      host: 'mirror.example.com',
      insecure: false,
    });
    expect(parseRegistry(undefined)).toBeUndefined();
  });

  it('summarises skipped and built runs', () => {
    const base = {
      image: 'r/a:t',
      imageDigestUri: 'r/a@sha256:1',
      digest: 'sha256:1',
      tag: 't',
      tags: ['t', 'latest'],
      registry: 'r',
      repositoryUri: 'r/a',
      platforms: [],
    };
    expect(
      summaryMarkdown({ ...base, skipped: true, reason: 'the tag already exists (skip-if-exists)' }),
    ).toContain('| skipped | yes: the tag already exists (skip-if-exists) |');
    const built = summaryMarkdown({
      ...base,
      skipped: false,
      reason: 'built',
      builder: 'podman',
      buildSeconds: 12.34,
    });
    expect(built).toContain('| build seconds | 12.3 |');
    expect(built).toContain('| tags | `t`, `latest` |');
    expect(built).toContain('| platforms | runner default |');
  });
});
