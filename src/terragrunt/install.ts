// Sets up Terragrunt and OpenTofu for the units: the pinned releases from the tool cache or downloaded and
// checked, first on the child processes' PATH, and one provider plugin cache shared by every unit's init.
import { mkdirSync } from 'node:fs';
import { delimiter, dirname, resolve } from 'node:path';
import { ConfigurationError } from '../lib/errors.js';
import type { Exec } from '../lib/exec.js';
import type { Logger } from '../lib/logger.js';
import {
  goArch,
  goOs,
  installRelease,
  whichOnPath,
  type ReleaseAsset,
  type ToolCache,
} from '../lib/tool-install.js';
import { findPinnedVersions, type PinnedTool } from './tool-versions.js';

/** The releases used when neither an input nor a version file pins one and none is on PATH. */
export const DEFAULT_VERSIONS: Record<PinnedTool, string> = { terragrunt: '1.0.0', tofu: '1.10.10' };
export const RELEASE_URLS: Record<PinnedTool, string> = {
  terragrunt: 'https://github.com/gruntwork-io/terragrunt/releases/download',
  tofu: 'https://github.com/opentofu/opentofu/releases/download',
};

export interface ToolsConfig {
  /** `terragrunt-version` / `tofu-version` inputs (normalised, no leading `v`). */
  versions: Partial<Record<PinnedTool, string>>;
  /** `terragrunt-sha256` / `tofu-sha256`: the release's published checksum must equal it. */
  sha256: Partial<Record<PinnedTool, string>>;
  /** `terragrunt-download-url` / `tofu-download-url`: base of the release downloads (same layout). */
  downloadUrls: Record<PinnedTool, string>;
  /** `terragrunt` / `tf-path` inputs: a binary given by name or path is used as is. */
  binaries: Partial<Record<PinnedTool, string>>;
  /** `provider-cache-dir`: the plugin cache every unit's init shares (absolute, or relative to the checkout). */
  providerCacheDir: string;
  /** `working-directory`: version files are searched from here up to the checkout, never above. */
  workingDirectory: string;
}

export interface ToolsDeps {
  checkout: string;
  /** The child processes' environment (PATH, TF_PLUGIN_CACHE_DIR already set by the workflow). */
  env: Record<string, string | undefined>;
  /** Default this process's. */
  platform?: NodeJS.Platform;
  arch?: string;
  /** Default @actions/tool-cache, loaded only here. */
  loadToolCache?: () => Promise<ToolCache>;
  logger: Logger;
}

const LABEL: Record<PinnedTool, string> = { terragrunt: 'Terragrunt', tofu: 'OpenTofu' };
const BINARY_INPUT: Record<PinnedTool, string> = { terragrunt: 'terragrunt', tofu: 'tf-path' };

/** The release asset of `tool` at `version` for this runner. */
export function releaseAsset(
  tool: PinnedTool,
  version: string,
  config: Pick<ToolsConfig, 'sha256' | 'downloadUrls'>,
  platform: NodeJS.Platform,
  arch: string,
): ReleaseAsset {
  const os = goOs(platform);
  const cpu = goArch(arch);
  if (!os || !cpu) {
    throw new ConfigurationError(
      `${LABEL[tool]} publishes no release for ${platform}/${arch}: put ${tool} on PATH or set '${BINARY_INPUT[tool]}'.`,
    );
  }
  const base = `${config.downloadUrls[tool].replace(/\/+$/, '')}/v${version}`;
  const exe = os === 'windows' ? '.exe' : '';
  const hint = `Check '${tool}-version' (or the version file) against the releases of ${tool === 'terragrunt' ? 'gruntwork-io/terragrunt' : 'opentofu/opentofu'}.`;
  return tool === 'terragrunt'
    ? {
        tool,
        version,
        url: `${base}/terragrunt_${os}_${cpu}${exe}`,
        format: 'binary',
        binaryName: `terragrunt${exe}`,
        arch,
        checksumsUrl: `${base}/SHA256SUMS`,
        pinnedSha256: config.sha256.terragrunt,
        notFoundHint: hint,
      }
    : {
        tool,
        version,
        url: `${base}/tofu_${version}_${os}_${cpu}.zip`,
        format: 'zip',
        binaryName: `tofu${exe}`,
        arch,
        checksumsUrl: `${base}/tofu_${version}_SHA256SUMS`,
        pinnedSha256: config.sha256.tofu,
        notFoundHint: hint,
      };
}

/** The version to install, or undefined to use the binary given or on PATH. */
function wantedVersion(
  tool: PinnedTool,
  config: ToolsConfig,
  deps: ToolsDeps,
  pins: ReturnType<typeof findPinnedVersions>,
) {
  if (config.versions[tool]) return { version: config.versions[tool], from: `'${tool}-version'` };
  if (config.binaries[tool]) return undefined;
  const pin = pins[tool];
  if (pin) return { version: pin.version, from: pin.file };
  const onPath = tool === 'tofu' ? ['tofu', 'terraform'] : ['terragrunt'];
  if (onPath.some((name) => whichOnPath(name, deps.env))) return undefined;
  return { version: DEFAULT_VERSIONS[tool], from: 'the default' };
}

/**
 * Installs the pinned Terragrunt and OpenTofu and returns the environment the child processes add:
 * PATH with the installed tools first, TG_TF_PATH for an installed tofu, and TF_PLUGIN_CACHE_DIR.
 */
export async function setUpTools(config: ToolsConfig, deps: ToolsDeps): Promise<Record<string, string>> {
  const pins = findPinnedVersions(deps.checkout, config.workingDirectory);
  const loadToolCache = deps.loadToolCache ?? (() => import('@actions/tool-cache'));
  const env: Record<string, string> = {};
  const dirs: string[] = [];
  for (const tool of ['terragrunt', 'tofu'] as const) {
    const wanted = wantedVersion(tool, config, deps, pins);
    if (!wanted) continue;
    const platform = deps.platform ?? process.platform;
    const asset = releaseAsset(tool, wanted.version, config, platform, deps.arch ?? process.arch);
    const installed = await installRelease(asset, { loadToolCache, logger: deps.logger });
    deps.logger.info(
      `${LABEL[tool]} ${wanted.version} (${wanted.from}) from the ${installed.source}: ${installed.path}`,
    );
    dirs.push(dirname(installed.path));
    if (tool === 'tofu') env.TG_TF_PATH = installed.path;
  }
  if (dirs.length > 0) env.PATH = [...dirs, deps.env.PATH ?? ''].filter(Boolean).join(delimiter);
  if (!deps.env.TF_PLUGIN_CACHE_DIR) {
    const dir = resolve(deps.checkout, config.providerCacheDir);
    mkdirSync(dir, { recursive: true });
    env.TF_PLUGIN_CACHE_DIR = dir;
  }
  return env;
}

/**
 * `exec` that sets the tools up (once, on first use) before it first runs `program` (Terragrunt), and runs
 * Terragrunt with their environment added: a job that plans or applies nothing installs nothing.
 */
export function execWithTools(
  exec: Exec,
  program: string,
  setUp: () => Promise<Record<string, string>>,
): Exec {
  let tools: Promise<Record<string, string>> | undefined;
  return async (command, args, options) => {
    if (command !== program) return exec(command, args, options);
    const env = await (tools ??= setUp());
    return exec(command, args, { ...options, env: { ...options.env, ...env } });
  };
}
