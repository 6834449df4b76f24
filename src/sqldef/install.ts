// Finds the sqldef binary: an explicit path, one on PATH, or a release downloaded and kept in the tool cache.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ConfigurationError, getErrorMessage } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';

/** The sqldef release used when none is on PATH and `sqldef-version` is not set. */
export const DEFAULT_SQLDEF_VERSION = 'v3.2.0';
export const DEFAULT_DOWNLOAD_URL = 'https://github.com/sqldef/sqldef/releases/download';

/** The parts of @actions/tool-cache used here (passed in so the module loads only when downloading). */
export interface ToolCache {
  find(toolName: string, versionSpec: string, arch?: string): string;
  downloadTool(url: string): Promise<string>;
  extractTar(file: string): Promise<string>;
  extractZip(file: string): Promise<string>;
  cacheDir(sourceDir: string, tool: string, version: string, arch?: string): Promise<string>;
}

export interface ResolveBinaryOptions {
  tool: string;
  /** `sqldef-path`: use this binary as is. */
  path?: string;
  /** `sqldef-version`: when set, this release is used even if a binary is on PATH. */
  version?: string;
  downloadUrl?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  arch?: string;
  loadToolCache: () => Promise<ToolCache>;
  logger: Logger;
}

export interface ResolvedBinary {
  path: string;
  source: 'path-input' | 'PATH' | 'tool-cache' | 'download';
  version?: string;
}

const ARCHES: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' };

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The binary on PATH, if any. */
// eslint-disable-next-line no-restricted-properties -- not yet passed in by the entry point
export function whichOnPath(tool: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, tool))) return join(dir, tool);
  }
  return undefined;
}

/** Release asset URL, e.g. .../v3.2.0/psqldef_linux_amd64.tar.gz (zip on macOS and Windows). */
export function releaseAssetUrl(
  base: string,
  version: string,
  tool: string,
  platform: NodeJS.Platform,
  arch: string,
): string {
  const os = platform === 'win32' ? 'windows' : platform;
  if (!['linux', 'darwin', 'windows'].includes(os)) {
    throw new ConfigurationError(
      `sqldef publishes no release for ${platform}: set 'sqldef-path' to a binary.`,
    );
  }
  const goArch = ARCHES[arch];
  if (!goArch)
    throw new ConfigurationError(`sqldef publishes no release for ${arch}: set 'sqldef-path' to a binary.`);
  const ext = os === 'linux' ? 'tar.gz' : 'zip';
  return `${base.replace(/\/+$/, '')}/${version}/${tool}_${os}_${goArch}.${ext}`;
}

export function normalizeVersion(version: string): string {
  const trimmed = version.trim();
  if (!/^v?\d+\.\d+\.\d+$/.test(trimmed)) {
    throw new ConfigurationError(`Input 'sqldef-version' must look like v3.2.0, got '${version}'.`);
  }
  return trimmed.startsWith('v') ? trimmed : `v${trimmed}`;
}

export async function resolveSqldefBinary(options: ResolveBinaryOptions): Promise<ResolvedBinary> {
  const { tool, logger } = options;
  if (options.path) {
    if (!existsSync(options.path)) {
      throw new ConfigurationError(`Input 'sqldef-path' points to ${options.path}, which does not exist.`);
    }
    if (!isExecutable(options.path)) {
      throw new ConfigurationError(
        `Input 'sqldef-path' points to ${options.path}, which is not an executable file.`,
      );
    }
    return { path: options.path, source: 'path-input' };
  }
  if (!options.version) {
    const onPath = whichOnPath(tool, options.env);
    if (onPath) return { path: onPath, source: 'PATH' };
  }
  const version = normalizeVersion(options.version ?? DEFAULT_SQLDEF_VERSION);
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const binaryName = platform === 'win32' ? `${tool}.exe` : tool;
  const cache = await options.loadToolCache();
  const cacheVersion = version.slice(1);
  const cached = cache.find(tool, cacheVersion, arch);
  if (cached && isExecutable(join(cached, binaryName))) {
    return { path: join(cached, binaryName), source: 'tool-cache', version };
  }
  const url = releaseAssetUrl(options.downloadUrl ?? DEFAULT_DOWNLOAD_URL, version, tool, platform, arch);
  logger.info(`Downloading ${tool} ${version} from ${url}`);
  let archive: string;
  try {
    archive = await cache.downloadTool(url);
  } catch (error) {
    const status = (error as { httpStatusCode?: number }).httpStatusCode;
    throw new ConfigurationError(
      `Could not download ${tool} ${version} from ${url}: ${status ? `HTTP ${status}` : getErrorMessage(error)}. ` +
        (status === 404
          ? `Check 'sqldef-version' against https://github.com/sqldef/sqldef/releases, `
          : 'Check the runner can reach the release host, ') +
        `or put ${tool} on PATH or set 'sqldef-path'.`,
    );
  }
  let dir: string;
  try {
    dir = url.endsWith('.zip') ? await cache.extractZip(archive) : await cache.extractTar(archive);
  } catch (error) {
    throw new ConfigurationError(
      `The archive downloaded from ${url} could not be extracted: ${getErrorMessage(error)}`,
    );
  }
  if (!isExecutable(join(dir, binaryName))) {
    throw new ConfigurationError(`The archive downloaded from ${url} has no executable ${binaryName}.`);
  }
  const cachedDir = await cache.cacheDir(dir, tool, cacheVersion, arch);
  return { path: join(cachedDir, binaryName), source: 'download', version };
}
