// Pure command-line builders for docker buildx, podman and buildah: inputs in, argument lists out.
import { ConfigurationError } from '../lib/errors.js';

export type Builder = 'docker' | 'podman' | 'buildah';
export const BUILDERS = ['auto', 'docker', 'podman', 'buildah'] as const;
export type BuilderChoice = (typeof BUILDERS)[number];

export interface BuildOptions {
  context: string;
  file: string;
  /** Full references `registry/repository:tag`; the first is the primary one. */
  images: string[];
  /** `os/arch[/variant]`; empty builds for the host. */
  platforms: string[];
  /** `NAME=value` lines. */
  buildArgs: string[];
  /** `id=name,src=path` or `id=name,env=VARIABLE` lines. */
  secrets: string[];
  labels: Record<string, string>;
  target?: string;
  /** Registry cache reference (`registry/repository:buildcache`); docker buildx only. */
  cacheRef?: string;
  provenance: boolean;
  /** The registry speaks plain HTTP (a local test registry). */
  insecure: boolean;
}

export interface Command {
  command: Builder;
  args: string[];
}

/** Where each builder reports the pushed digest. */
export interface BuildPlan {
  /** Run in order; the build step comes first, nothing is pushed when it fails. */
  build: Command;
  push: { command: Command; image: string; digestFile: string }[];
  /** docker buildx builds and pushes in one step and writes its digest to this metadata file. */
  metadataFile?: string;
}

function commonBuildFlags(options: BuildOptions): string[] {
  const args = ['--file', options.file];
  for (const arg of options.buildArgs) args.push('--build-arg', arg);
  for (const secret of options.secrets) args.push('--secret', secret);
  for (const [key, value] of Object.entries(options.labels)) args.push('--label', `${key}=${value}`);
  if (options.target) args.push('--target', options.target);
  return args;
}

/** `docker buildx build … --push`: builds, pushes every tag and writes the digest to `metadataFile`. */
export function dockerBuildxArgs(options: BuildOptions, metadataFile: string): string[] {
  const args = ['buildx', 'build', ...commonBuildFlags(options)];
  for (const image of options.images) args.push('--tag', image);
  if (options.platforms.length > 0) args.push('--platform', options.platforms.join(','));
  if (options.cacheRef) {
    args.push('--cache-from', `type=registry,ref=${options.cacheRef}`);
    args.push(
      '--cache-to',
      `type=registry,ref=${options.cacheRef},image-manifest=true,oci-mediatypes=true,mode=max` +
        (options.insecure ? ',registry.insecure=true' : ''),
    );
  }
  args.push(`--provenance=${options.provenance ? 'mode=max' : 'false'}`);
  args.push('--output', `type=image,push=true${options.insecure ? ',registry.insecure=true' : ''}`);
  args.push('--metadata-file', metadataFile, options.context);
  return args;
}

/**
 * `podman build` / `buildah build` into local storage under `localName` (a manifest list when more than
 * one platform is asked for), then one push per tag. Provenance and registry cache are buildx features.
 */
function containersPlan(
  builder: 'podman' | 'buildah',
  options: BuildOptions,
  localName: string,
  digestFile: (index: number) => string,
): BuildPlan {
  const multi = options.platforms.length > 1;
  const build = ['build', ...commonBuildFlags(options)];
  if (options.platforms.length > 0) build.push('--platform', options.platforms.join(','));
  // podman 4 keys its layer cache without the platform: a FROM scratch stage built for a second
  // platform reuses the first one's image and the list ends up with one entry. buildah caches nothing
  // by default.
  if (multi && builder === 'podman') build.push('--layers=false');
  build.push(multi ? '--manifest' : '--tag', localName, options.context);
  const tls = options.insecure ? ['--tls-verify=false'] : [];
  const push = options.images.map((image, index) => {
    const file = digestFile(index);
    const args = multi
      ? ['manifest', 'push', '--all', ...tls, '--digestfile', file, localName, `docker://${image}`]
      : ['push', ...tls, '--digestfile', file, localName, `docker://${image}`];
    return { command: { command: builder, args }, image, digestFile: file };
  });
  return { build: { command: builder, args: build }, push };
}

export function podmanPlan(options: BuildOptions, localName: string, digestFile: (i: number) => string) {
  return containersPlan('podman', options, localName, digestFile);
}

export function buildahPlan(options: BuildOptions, localName: string, digestFile: (i: number) => string) {
  return containersPlan('buildah', options, localName, digestFile);
}

export function dockerPlan(options: BuildOptions, metadataFile: string): BuildPlan {
  return {
    build: { command: 'docker', args: dockerBuildxArgs(options, metadataFile) },
    push: [],
    metadataFile,
  };
}

/** The argument list podman would run for the build (for tests and docs). */
export function podmanArgs(options: BuildOptions, localName = 'localhost/image:build'): string[] {
  return podmanPlan(options, localName, (i) => `digest-${i}`).build.args;
}

export function buildahArgs(options: BuildOptions, localName = 'localhost/image:build'): string[] {
  return buildahPlan(options, localName, (i) => `digest-${i}`).build.args;
}

/** OCI labels every image gets; the user's labels win. */
export function imageLabels(
  automatic: { source?: string; revision?: string; created: Date },
  user: Map<string, string>,
): Record<string, string> {
  const labels: Record<string, string> = {};
  if (automatic.source) labels['org.opencontainers.image.source'] = automatic.source;
  if (automatic.revision) labels['org.opencontainers.image.revision'] = automatic.revision;
  labels['org.opencontainers.image.created'] = automatic.created.toISOString();
  for (const [key, value] of user) labels[key] = value;
  return labels;
}

const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;

export function validatePlatforms(platforms: string[]): string[] {
  for (const platform of platforms) {
    if (!PLATFORM.test(platform)) {
      throw new ConfigurationError(
        `Input 'platforms' has '${platform}', which is not a platform: use os/arch[/variant], e.g. linux/amd64,linux/arm64.`,
      );
    }
  }
  return platforms;
}

export function validateBuildArgs(buildArgs: string[]): string[] {
  for (const arg of buildArgs) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(arg)) {
      throw new ConfigurationError(`Input 'build-args' takes NAME=value lines; '${arg}' is not one.`);
    }
  }
  return buildArgs;
}

/** Secrets are `id=…,src=path` or `id=…,env=VARIABLE` lines, as docker, podman and buildah take them. */
export function validateSecrets(secrets: string[]): string[] {
  for (const secret of secrets) {
    const fields = new Map(
      secret.split(',').map((field) => {
        const at = field.indexOf('=');
        return [at > 0 ? field.slice(0, at).trim() : field.trim(), at > 0 ? field.slice(at + 1) : ''];
      }),
    );
    const id = fields.get('id');
    const sources = ['src', 'env'].filter((key) => fields.get(key));
    const unknown = [...fields.keys()].filter((key) => !['id', 'src', 'env', 'type'].includes(key));
    if (!id || sources.length !== 1 || unknown.length > 0) {
      throw new ConfigurationError(
        `Input 'secrets' takes 'id=NAME,src=PATH' or 'id=NAME,env=VARIABLE' lines; '${secret.replace(/=.*$/, '=…')}' is not one (the secret's value itself never goes into an input: put it in a file or an environment variable).`,
      );
    }
  }
  return secrets;
}
