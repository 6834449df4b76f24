import { describe, expect, it } from '@jest/globals';
import {
  buildahArgs,
  buildahPlan,
  dockerBuildxArgs,
  imageLabels,
  podmanArgs,
  podmanPlan,
  validateBuildArgs,
  validatePlatforms,
  validateSecrets,
  type BuildOptions,
} from '../../../src/ecr/builder-args.js';
import { ConfigurationError } from '../../../src/lib/errors.js';

const base: BuildOptions = {
  context: '/src/app',
  file: '/src/app/Dockerfile',
  images: [
    '1.dkr.ecr.eu-west-1.amazonaws.com/team/app:abc',
    '1.dkr.ecr.eu-west-1.amazonaws.com/team/app:latest',
  ],
  platforms: [],
  buildArgs: [],
  secrets: [],
  labels: {},
  provenance: false,
  insecure: false,
};

/** The values that follow each occurrence of a flag. */
const values = (args: string[], flag: string) =>
  args.flatMap((arg, i) => (arg === flag ? [args[i + 1]] : []));

describe('dockerBuildxArgs', () => {
  it('tags every image, pushes, writes metadata and turns provenance off by default', () => {
    const args = dockerBuildxArgs(base, '/tmp/meta.json');
    expect(args.slice(0, 2)).toEqual(['buildx', 'build']);
    expect(values(args, '--tag')).toEqual(base.images);
    expect(args).toContain('--provenance=false');
    expect(values(args, '--output')).toEqual(['type=image,push=true']);
    expect(values(args, '--metadata-file')).toEqual(['/tmp/meta.json']);
    expect(values(args, '--file')).toEqual(['/src/app/Dockerfile']);
    expect(args.at(-1)).toBe('/src/app');
    expect(args).not.toContain('--platform');
    expect(args).not.toContain('--cache-to');
  });

  it('uses the ECR registry cache with image-manifest and OCI media types', () => {
    const ref = '1.dkr.ecr.eu-west-1.amazonaws.com/team/app:buildcache';
    const args = dockerBuildxArgs({ ...base, cacheRef: ref }, 'm');
    expect(values(args, '--cache-from')).toEqual([`type=registry,ref=${ref}`]);
    expect(values(args, '--cache-to')).toEqual([
      `type=registry,ref=${ref},image-manifest=true,oci-mediatypes=true,mode=max`,
    ]);
  });

  it('passes platforms, secrets, build args, labels, target and provenance when asked', () => {
    const args = dockerBuildxArgs(
      {
        ...base,
        platforms: ['linux/amd64', 'linux/arm64'],
        secrets: ['id=npmrc,src=/home/runner/.npmrc', 'id=token,env=GH_TOKEN'],
        buildArgs: ['NODE_VERSION=24', 'EMPTY='],
        labels: { 'org.opencontainers.image.revision': 'abc', team: 'core' },
        target: 'runtime',
        provenance: true,
      },
      'm',
    );
    expect(values(args, '--platform')).toEqual(['linux/amd64,linux/arm64']);
    expect(values(args, '--secret')).toEqual(['id=npmrc,src=/home/runner/.npmrc', 'id=token,env=GH_TOKEN']);
    expect(values(args, '--build-arg')).toEqual(['NODE_VERSION=24', 'EMPTY=']);
    expect(values(args, '--label')).toEqual(['org.opencontainers.image.revision=abc', 'team=core']);
    expect(values(args, '--target')).toEqual(['runtime']);
    expect(args).toContain('--provenance=mode=max');
    expect(args).not.toContain('--provenance=false');
  });

  it('marks a plain-HTTP registry insecure for the push and the cache', () => {
    const args = dockerBuildxArgs({ ...base, insecure: true, cacheRef: 'r/x:buildcache' }, 'm');
    expect(values(args, '--output')).toEqual(['type=image,push=true,registry.insecure=true']);
    expect(values(args, '--cache-to')[0]).toMatch(/,registry\.insecure=true$/);
  });
});

describe('podman and buildah', () => {
  it('build one platform into a local tag, then push each tag with its own digest file', () => {
    const plan = podmanPlan({ ...base, platforms: ['linux/arm64'] }, 'localhost/b:1', (i) => `/d/${i}`);
    expect(plan.build.command).toBe('podman');
    expect(values(plan.build.args, '--tag')).toEqual(['localhost/b:1']);
    expect(values(plan.build.args, '--platform')).toEqual(['linux/arm64']);
    expect(plan.build.args).not.toContain('--manifest');
    expect(plan.push.map((step) => step.command.args)).toEqual([
      ['push', '--digestfile', '/d/0', 'localhost/b:1', `docker://${base.images[0]}`],
      ['push', '--digestfile', '/d/1', 'localhost/b:1', `docker://${base.images[1]}`],
    ]);
  });

  it('build several platforms into a manifest list and push it with --all', () => {
    const plan = buildahPlan(
      { ...base, platforms: ['linux/amd64', 'linux/arm64'], insecure: true },
      'localhost/b:1',
      (i) => `/d/${i}`,
    );
    expect(plan.build.command).toBe('buildah');
    expect(values(plan.build.args, '--manifest')).toEqual(['localhost/b:1']);
    expect(plan.build.args).not.toContain('--layers=false');
    const podman = podmanPlan({ ...base, platforms: ['linux/amd64', 'linux/arm64'] }, 'l', (i) => `/d/${i}`);
    expect(podman.build.args).toContain('--layers=false');
    expect(values(plan.build.args, '--platform')).toEqual(['linux/amd64,linux/arm64']);
    expect(plan.push[0]?.command.args).toEqual([
      'manifest',
      'push',
      '--all',
      '--tls-verify=false',
      '--digestfile',
      '/d/0',
      'localhost/b:1',
      `docker://${base.images[0]}`,
    ]);
  });

  it('share the build flags; provenance and cache are buildx-only', () => {
    const options = {
      ...base,
      secrets: ['id=a,src=/a'],
      buildArgs: ['A=1'],
      target: 't',
      cacheRef: 'x:buildcache',
    };
    const podman = podmanArgs(options);
    expect(podman[0]).toBe('build');
    expect(buildahArgs(options)).toEqual(podman);
    expect(values(podman, '--secret')).toEqual(['id=a,src=/a']);
    expect(values(podman, '--build-arg')).toEqual(['A=1']);
    expect(values(podman, '--target')).toEqual(['t']);
    expect(podman.join(' ')).not.toMatch(/provenance|cache/);
    expect(podman.at(-1)).toBe('/src/app');
  });
});

describe('imageLabels', () => {
  it('adds source, revision and created; the user wins', () => {
    const created = new Date('2026-01-02T03:04:05Z');
    expect(
      imageLabels(
        { source: 'https://github.com/acme/app', revision: 'abc', created },
        new Map([['org.opencontainers.image.source', 'https://example.com/x']]),
      ),
    ).toEqual({
      'org.opencontainers.image.source': 'https://example.com/x',
      'org.opencontainers.image.revision': 'abc',
      'org.opencontainers.image.created': '2026-01-02T03:04:05.000Z',
    });
  });
});

describe('input validation', () => {
  it('accepts platforms and refuses anything else', () => {
    expect(validatePlatforms(['linux/amd64', 'linux/arm/v7'])).toHaveLength(2);
    expect(() => validatePlatforms(['amd64'])).toThrow(ConfigurationError);
  });

  it('requires NAME=value build args', () => {
    expect(() => validateBuildArgs(['A=1', 'B='])).not.toThrow();
    expect(() => validateBuildArgs(['A'])).toThrow(/build-args/);
  });

  it('requires id with exactly one of src/env in secrets and never echoes a value', () => {
    expect(() => validateSecrets(['id=a,src=/x', 'id=b,env=TOKEN'])).not.toThrow();
    expect(() => validateSecrets(['id=a'])).toThrow(/secrets/);
    expect(() => validateSecrets(['id=a,src=/x,env=Y'])).toThrow(/secrets/);
    expect(() => validateSecrets(['TOKEN=hunter2'])).toThrow(/secrets/);
    expect(() => validateSecrets(['TOKEN=hunter2'])).not.toThrow(/hunter2/);
  });
});
