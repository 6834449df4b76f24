// Finds the sqldef binary: an explicit path, one on PATH, or a release downloaded and kept in the tool cache.
import { existsSync } from 'node:fs';
import { ConfigurationError } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import {
  goArch,
  goOs,
  installRelease,
  isExecutable,
  whichOnPath,
  type ToolCache,
} from '../lib/tool-install.js';

export type { ToolCache } from '../lib/tool-install.js';

/** The sqldef release used when none is on PATH and `sqldef-version` is not set. */
export const DEFAULT_SQLDEF_VERSION = 'v3.2.0';
export const DEFAULT_DOWNLOAD_URL = 'https://github.com/sqldef/sqldef/releases/download';

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

/** Release asset URL, e.g. .../v3.2.0/psqldef_linux_amd64.tar.gz (zip on macOS and Windows). */
export function releaseAssetUrl(
  base: string,
  version: string,
  tool: string,
  platform: NodeJS.Platform,
  arch: string,
): string {
  const os = goOs(platform);
  if (!os)
    throw new ConfigurationError(
      `sqldef publishes no release for ${platform}: set 'sqldef-path' to a binary.`,
    );
  const cpu = goArch(arch);
  if (!cpu)
    throw new ConfigurationError(`sqldef publishes no release for ${arch}: set 'sqldef-path' to a binary.`);
  const ext = os === 'linux' ? 'tar.gz' : 'zip';
  return `${base.replace(/\/+$/, '')}/${version}/${tool}_${os}_${cpu}.${ext}`;
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
    // eslint-disable-next-line no-restricted-properties -- not yet passed in by the entry point
    const onPath = whichOnPath(tool, options.env ?? process.env);
    if (onPath) return { path: onPath, source: 'PATH' };
  }
  const version = normalizeVersion(options.version ?? DEFAULT_SQLDEF_VERSION);
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const url = releaseAssetUrl(options.downloadUrl ?? DEFAULT_DOWNLOAD_URL, version, tool, platform, arch);
  const installed = await installRelease(
    {
      tool,
      version: version.slice(1),
      displayVersion: version,
      url,
      format: url.endsWith('.zip') ? 'zip' : 'tar.gz',
      binaryName: platform === 'win32' ? `${tool}.exe` : tool,
      arch,
      notFoundHint: `Check 'sqldef-version' against https://github.com/sqldef/sqldef/releases, or put ${tool} on PATH or set 'sqldef-path'.`,
    },
    { loadToolCache: options.loadToolCache, logger },
  );
  return { ...installed, version };
}
