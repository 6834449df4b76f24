// Installs a tool from its release downloads: the tool cache first, else download, check the SHA-256 the
// release publishes (and a pinned one), unpack and keep it in the tool cache for the next run.
import { createHash } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  constants,
  createReadStream,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { delimiter, join } from 'node:path';
import { ActionFailed, ConfigurationError, getErrorMessage } from './errors.js';
import type { Logger } from './logger.js';

/** The parts of @actions/tool-cache used here (passed in so the module loads only when installing). */
export interface ToolCache {
  find(toolName: string, versionSpec: string, arch?: string): string;
  downloadTool(url: string): Promise<string>;
  extractTar(file: string): Promise<string>;
  extractZip(file: string): Promise<string>;
  cacheDir(sourceDir: string, tool: string, version: string, arch?: string): Promise<string>;
  cacheFile(
    sourceFile: string,
    targetFile: string,
    tool: string,
    version: string,
    arch?: string,
  ): Promise<string>;
}

export interface ReleaseAsset {
  /** Name in the tool cache, e.g. `terragrunt`. */
  tool: string;
  /** Version in the tool cache, without a leading `v`. */
  version: string;
  /** The version as messages name it (default `version`), e.g. `v3.2.0`. */
  displayVersion?: string;
  url: string;
  /** `binary`: the asset is the executable itself. */
  format: 'binary' | 'tar.gz' | 'zip';
  /** The executable's name in the cache directory (and in the archive). */
  binaryName: string;
  arch: string;
  /** The release's checksum list (`<sha256>  <file name>` lines); the asset must match its line. */
  checksumsUrl?: string;
  /** A SHA-256 the caller pinned: the release's published one must equal it. */
  pinnedSha256?: string;
  /** What to change when the release does not exist (HTTP 404), e.g. "Check 'tofu-version' against …". */
  notFoundHint: string;
}

export interface InstalledTool {
  path: string;
  source: 'tool-cache' | 'download';
}

const GO_ARCHES: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' };

/** The Go name of a Node architecture (`x64` → `amd64`), as release assets name it. */
export function goArch(arch: string): string | undefined {
  return GO_ARCHES[arch];
}

/** The Go name of a Node platform (`win32` → `windows`), for the platforms releases are built for. */
export function goOs(platform: NodeJS.Platform): string | undefined {
  const os = platform === 'win32' ? 'windows' : platform;
  return ['linux', 'darwin', 'windows'].includes(os) ? os : undefined;
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The executable `tool` on PATH, if any. */
export function whichOnPath(tool: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, tool))) return join(dir, tool);
  }
  return undefined;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The SHA-256 a checksum list gives `fileName` (`<hex>  name` or `<hex> *name`). */
export function checksumFor(list: string, fileName: string): string | undefined {
  for (const line of list.split(/\r?\n/)) {
    const match = /^([0-9a-fA-F]{64})\s+\*?(\S+)\s*$/.exec(line.trim());
    if (match && match[2] === fileName) return match[1]!.toLowerCase();
  }
  return undefined;
}

async function download(cache: ToolCache, url: string, asset: ReleaseAsset): Promise<string> {
  try {
    return await cache.downloadTool(url);
  } catch (error) {
    const status = (error as { httpStatusCode?: number }).httpStatusCode;
    throw new ConfigurationError(
      `Could not download ${asset.tool} ${asset.displayVersion ?? asset.version} from ${url}: ${status ? `HTTP ${status}` : getErrorMessage(error)}. ` +
        (status === 404 ? asset.notFoundHint : 'Check the runner can reach the release host.'),
    );
  }
}

async function publishedChecksum(cache: ToolCache, asset: ReleaseAsset, fileName: string): Promise<string> {
  const file = await download(cache, asset.checksumsUrl!, asset);
  try {
    const published = checksumFor(readFileSync(file, 'utf8'), fileName);
    if (!published)
      throw new ActionFailed(`The checksum list ${asset.checksumsUrl} has no line for ${fileName}.`);
    return published;
  } finally {
    rmSync(file, { force: true });
  }
}

/** Beside a cached tool: the SHA-256 of the release asset it came from. */
const ASSET_SHA256 = '.asset-sha256';

function assetSha256(dir: string): string | undefined {
  try {
    return readFileSync(join(dir, ASSET_SHA256), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** The tool from the tool cache, else downloaded, checked and cached; a bad checksum installs nothing. */
export async function installRelease(
  asset: ReleaseAsset,
  deps: { loadToolCache: () => Promise<ToolCache>; logger: Logger },
): Promise<InstalledTool> {
  const cache = await deps.loadToolCache();
  const pinned = asset.pinnedSha256?.toLowerCase();
  const cached = cache.find(asset.tool, asset.version, asset.arch);
  // A pinned checksum must be the one the cached copy was checked against when it was downloaded.
  if (cached && isExecutable(join(cached, asset.binaryName)) && (!pinned || assetSha256(cached) === pinned)) {
    return { path: join(cached, asset.binaryName), source: 'tool-cache' };
  }
  const fileName = asset.url.slice(asset.url.lastIndexOf('/') + 1);
  const published = asset.checksumsUrl ? await publishedChecksum(cache, asset, fileName) : undefined;
  if (pinned && published && pinned !== published) {
    throw new ActionFailed(
      `The pinned SHA-256 of ${fileName} is ${pinned}, but ${asset.checksumsUrl} publishes ${published}: not installing ${asset.tool} ${asset.displayVersion ?? asset.version}.`,
    );
  }
  const expected = published ?? pinned;
  deps.logger.info(`Downloading ${asset.tool} ${asset.displayVersion ?? asset.version} from ${asset.url}`);
  const file = await download(cache, asset.url, asset);
  try {
    const actual = await sha256File(file);
    if (expected) {
      if (actual !== expected) {
        throw new ActionFailed(
          `${fileName} from ${asset.url} has SHA-256 ${actual}, but ${published ? asset.checksumsUrl : 'the pinned one'} is ${expected}: not installing ${asset.tool} ${asset.displayVersion ?? asset.version}.`,
        );
      }
    }
    if (asset.format === 'binary') {
      chmodSync(file, 0o755);
      const dir = await cache.cacheFile(file, asset.binaryName, asset.tool, asset.version, asset.arch);
      writeFileSync(join(dir, ASSET_SHA256), `${actual}\n`);
      return { path: join(dir, asset.binaryName), source: 'download' };
    }
    let dir: string;
    try {
      dir = asset.format === 'zip' ? await cache.extractZip(file) : await cache.extractTar(file);
    } catch (error) {
      throw new ActionFailed(
        `The archive from ${asset.url} could not be extracted: ${getErrorMessage(error)}`,
      );
    }
    if (!isExecutable(join(dir, asset.binaryName))) {
      rmSync(dir, { recursive: true, force: true });
      throw new ActionFailed(`The archive from ${asset.url} has no executable ${asset.binaryName}.`);
    }
    writeFileSync(join(dir, ASSET_SHA256), `${actual}\n`);
    const cachedDir = await cache.cacheDir(dir, asset.tool, asset.version, asset.arch);
    rmSync(dir, { recursive: true, force: true });
    return { path: join(cachedDir, asset.binaryName), source: 'download' };
  } finally {
    rmSync(file, { force: true });
  }
}
