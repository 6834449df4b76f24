// Terragrunt and OpenTofu installed from a local release server (the real binaries, in the layout of their
// GitHub releases), checked against the published SHA256SUMS and kept in the real tool cache.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import { setUpTools, type ToolsConfig } from '../../../src/terragrunt/install.js';
import { REPO_ROOT, runAction } from '../../harness/run-action.js';
import { describeWithTools, findTool } from '../../harness/tools.js';

const ARCH = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch] ?? process.arch;
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

describeWithTools(['terragrunt', 'tofu', 'zip'], 'Terragrunt and OpenTofu from a release server', () => {
  let server: Server;
  let baseUrl: string;
  let root: string;
  const requests: string[] = [];
  const files = new Map<string, Buffer>();
  const savedEnv = { cache: process.env.RUNNER_TOOL_CACHE, temp: process.env.RUNNER_TEMP };

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'tg-install-'));
    const terragrunt = readFileSync(realpathSync(findTool('terragrunt')!));
    const tgSums = (name: string, sum: string) =>
      Buffer.from(`${'0'.repeat(64)}  terragrunt_windows_amd64.exe\n${sum}  ${name}\n`);
    for (const arch of new Set([ARCH, 'arm64'])) {
      files.set(`/terragrunt/v1.0.0/terragrunt_linux_${arch}`, terragrunt);
    }
    files.set(
      '/terragrunt/v1.0.0/SHA256SUMS',
      Buffer.from(
        [...new Set([ARCH, 'arm64'])]
          .map((arch) => `${sha256(terragrunt)}  terragrunt_linux_${arch}\n`)
          .join(''),
      ),
    );
    // A release whose asset does not match its published checksum.
    files.set(`/terragrunt/v0.99.0/terragrunt_linux_${ARCH}`, terragrunt);
    files.set('/terragrunt/v0.99.0/SHA256SUMS', tgSums(`terragrunt_linux_${ARCH}`, 'f'.repeat(64)));
    const zipDir = join(root, 'zip');
    mkdirSync(zipDir);
    cpSync(realpathSync(findTool('tofu')!), join(zipDir, 'tofu'));
    const zipName = `tofu_1.10.10_linux_${ARCH}.zip`;
    execFileSync('zip', ['-q', '-j', join(root, zipName), join(zipDir, 'tofu')]);
    const zip = readFileSync(join(root, zipName));
    files.set(`/tofu/v1.10.10/${zipName}`, zip);
    files.set('/tofu/v1.10.10/tofu_1.10.10_SHA256SUMS', Buffer.from(`${sha256(zip)}  ${zipName}\n`));
    // OpenTofu releases whose checksum list lacks the archive, or gives it another SHA-256.
    files.set(`/tofu/v1.10.9/tofu_1.10.9_linux_${ARCH}.zip`, zip);
    files.set(
      '/tofu/v1.10.9/tofu_1.10.9_SHA256SUMS',
      Buffer.from(`${sha256(zip)}  tofu_1.10.9_darwin_arm64.zip\n`),
    );
    files.set(`/tofu/v1.10.8/tofu_1.10.8_linux_${ARCH}.zip`, zip);
    files.set(
      '/tofu/v1.10.8/tofu_1.10.8_SHA256SUMS',
      Buffer.from(`${'e'.repeat(64)}  tofu_1.10.8_linux_${ARCH}.zip\n`),
    );
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      const body = files.get(request.url ?? '');
      if (body) response.writeHead(200, { 'content-length': body.length }).end(body);
      else response.writeHead(404).end('Not Found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    process.env.RUNNER_TOOL_CACHE = join(root, 'tool-cache');
    process.env.RUNNER_TEMP = join(root, 'temp');
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    rmSync(root, { recursive: true, force: true });
    process.env.RUNNER_TOOL_CACHE = savedEnv.cache;
    process.env.RUNNER_TEMP = savedEnv.temp;
  });

  const checkout = (pins: Record<string, string>) => {
    const dir = mkdtempSync(join(root, 'checkout-'));
    mkdirSync(join(dir, 'live'));
    for (const [path, text] of Object.entries(pins)) writeFileSync(join(dir, path), text);
    return dir;
  };
  const config = (overrides: Partial<ToolsConfig> = {}): ToolsConfig => ({
    versions: {},
    sha256: {},
    downloadUrls: { terragrunt: `${baseUrl}/terragrunt`, tofu: `${baseUrl}/tofu` },
    binaries: {},
    providerCacheDir: join(root, 'providers'),
    workingDirectory: 'live',
    ...overrides,
  });
  const setUp = (dir: string, overrides: Partial<ToolsConfig> = {}, arch = process.arch) => {
    const logger = createMemoryLogger();
    const result = setUpTools(config(overrides), {
      checkout: dir,
      env: { PATH: '/usr/bin:/bin' },
      arch,
      logger,
      loadToolCache: () => import('@actions/tool-cache'),
    });
    return { result, logger };
  };

  it('installs the pinned versions once, checked against SHA256SUMS, then reuses the tool cache', async () => {
    // The nearest pin wins: live/.terragrunt-version over the root's .tool-versions.
    const dir = checkout({
      '.tool-versions': 'terragrunt 0.99.0\nopentofu 1.10.10\n',
      'live/.terragrunt-version': 'v1.0.0\n',
    });
    requests.length = 0;
    const first = setUp(dir);
    const env = await first.result;
    expect(requests).toEqual([
      '/terragrunt/v1.0.0/SHA256SUMS',
      `/terragrunt/v1.0.0/terragrunt_linux_${ARCH}`,
      '/tofu/v1.10.10/tofu_1.10.10_SHA256SUMS',
      `/tofu/v1.10.10/tofu_1.10.10_linux_${ARCH}.zip`,
    ]);
    const cache = join(root, 'tool-cache');
    expect(env.PATH).toBe(
      `${join(cache, 'terragrunt', '1.0.0', process.arch)}:${join(cache, 'tofu', '1.10.10', process.arch)}:/usr/bin:/bin`,
    );
    expect(env.TG_TF_PATH).toBe(join(cache, 'tofu', '1.10.10', process.arch, 'tofu'));
    expect(env.TF_PLUGIN_CACHE_DIR).toBe(join(root, 'providers'));
    expect(first.logger.lines.join('\n')).toContain(
      'Terragrunt 1.0.0 (live/.terragrunt-version) from the download',
    );
    expect(first.logger.lines.join('\n')).toContain('OpenTofu 1.10.10 (.tool-versions) from the download');
    // The installed binaries are the real ones and run.
    expect(execFileSync('terragrunt', ['--version'], { env: { PATH: env.PATH! }, encoding: 'utf8' })).toMatch(
      /v1\.0\.0/,
    );
    expect(execFileSync('tofu', ['version'], { env: { PATH: env.PATH! }, encoding: 'utf8' })).toContain(
      'OpenTofu v1.10.10',
    );

    const second = setUp(dir);
    expect(await second.result).toEqual(env);
    expect(requests).toHaveLength(4);
    expect(second.logger.lines.join('\n')).toContain(
      'Terragrunt 1.0.0 (live/.terragrunt-version) from the tool-cache',
    );
  });

  it('refuses an asset whose SHA-256 is not the published one, and caches nothing', async () => {
    const dir = checkout({ '.terragrunt-version': '0.99.0' });
    await expect(setUp(dir, { binaries: { tofu: 'tofu' } }).result).rejects.toThrow(
      `terragrunt_linux_${ARCH} from ${baseUrl}/terragrunt/v0.99.0/terragrunt_linux_${ARCH} has SHA-256 ${sha256(readFileSync(realpathSync(findTool('terragrunt')!)))}, but ${baseUrl}/terragrunt/v0.99.0/SHA256SUMS is ${'f'.repeat(64)}: not installing terragrunt 0.99.0.`,
    );
    const { find } = await import('@actions/tool-cache');
    expect(find('terragrunt', '0.99.0', process.arch)).toBe('');
  });

  it('refuses a tofu archive without a published checksum, or with another one', async () => {
    const dir = checkout({});
    const tofu = (version: string) =>
      setUp(dir, { versions: { tofu: version }, binaries: { terragrunt: 'terragrunt' } }).result;
    requests.length = 0;
    await expect(tofu('1.10.9')).rejects.toThrow(
      `The checksum list ${baseUrl}/tofu/v1.10.9/tofu_1.10.9_SHA256SUMS has no line for tofu_1.10.9_linux_${ARCH}.zip.`,
    );
    expect(requests).toEqual(['/tofu/v1.10.9/tofu_1.10.9_SHA256SUMS']);
    await expect(tofu('1.10.8')).rejects.toThrow(
      `but ${baseUrl}/tofu/v1.10.8/tofu_1.10.8_SHA256SUMS is ${'e'.repeat(64)}: not installing tofu 1.10.8.`,
    );
    const { find } = await import('@actions/tool-cache');
    expect(find('tofu', '1.10.8', process.arch)).toBe('');
  });

  it('refuses a release whose published SHA-256 is not the pinned one, also when it is cached', async () => {
    const dir = checkout({});
    const published = sha256(readFileSync(realpathSync(findTool('terragrunt')!)));
    const terragrunt100 = (sha256s: ToolsConfig['sha256']) =>
      setUp(dir, { versions: { terragrunt: '1.0.0' }, sha256: sha256s, binaries: { tofu: 'tofu' } }).result;
    await terragrunt100({});
    // The cached copy was checked against this SHA-256: a matching pin uses it without a download.
    requests.length = 0;
    await terragrunt100({ terragrunt: published });
    expect(requests).toEqual([]);
    await expect(
      setUp(dir, {
        versions: { terragrunt: '1.0.0' },
        sha256: { terragrunt: 'a'.repeat(64) },
        binaries: { tofu: 'tofu' },
      }).result,
    ).rejects.toThrow(`The pinned SHA-256 of terragrunt_linux_${ARCH} is ${'a'.repeat(64)}, but`);
  });

  it('names the input to check when the release does not exist', async () => {
    const dir = checkout({ 'mise.toml': '[tools]\nopentofu = "9.9.9"\n' });
    await expect(setUp(dir, { binaries: { terragrunt: 'terragrunt' } }).result).rejects.toThrow(
      `Could not download tofu 9.9.9 from ${baseUrl}/tofu/v9.9.9/tofu_9.9.9_SHA256SUMS: HTTP 404. Check 'tofu-version' (or the version file)`,
    );
  });

  it("downloads the runner architecture's asset (arm64 → terragrunt_linux_arm64)", async () => {
    const dir = checkout({});
    requests.length = 0;
    const env = await setUp(dir, { versions: { terragrunt: '1.0.0' }, binaries: { tofu: 'tofu' } }, 'arm64')
      .result;
    expect(requests).toEqual(['/terragrunt/v1.0.0/SHA256SUMS', '/terragrunt/v1.0.0/terragrunt_linux_arm64']);
    expect(env.PATH).toBe(`${join(root, 'tool-cache', 'terragrunt', '1.0.0', 'arm64')}:/usr/bin:/bin`);
  });

  it('terragrunt-plan plans with the versions the repository pins and nothing on PATH', async () => {
    const work = mkdtempSync(join(root, 'work-'));
    cpSync(join(REPO_ROOT, 'test/fixtures/terragrunt/infra'), join(work, 'infra'), { recursive: true });
    writeFileSync(join(work, '.tool-versions'), 'terragrunt 1.0.0\nopentofu 1.10.10\n');
    const run = await runAction('terragrunt-plan', {
      cwd: work,
      inputs: {
        'working-directory': 'infra',
        units: 'live/dev/network',
        comment: 'false',
        'terragrunt-download-url': `${baseUrl}/terragrunt`,
        'tofu-download-url': `${baseUrl}/tofu`,
      },
      env: {
        PATH: '/usr/bin:/bin',
        HOME: work,
        GIT_CONFIG_GLOBAL: '/dev/null',
        TF_PLUGIN_CACHE_DIR: '',
        RUNNER_TOOL_CACHE: join(root, 'tool-cache'),
      },
      timeoutMs: 300_000,
    });
    expect(run.stdout).not.toContain('::error::');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('Terragrunt 1.0.0 (.tool-versions) from the tool-cache');
    expect(run.outputs.units).toBe('["live/dev/network"]');
    expect(run.outputs['has-changes']).toBe('true');
  });
});
