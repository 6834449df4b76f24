import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checksumFor, goArch } from '../../../src/lib/tool-install.js';
import type { Exec } from '../../../src/lib/exec.js';
import { execWithTools, releaseAsset } from '../../../src/terragrunt/install.js';
import { findPinnedVersions, normalizeToolVersion } from '../../../src/terragrunt/tool-versions.js';

let root: string;
let checkout: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tg-pins-'));
  checkout = join(root, 'repo');
  mkdirSync(join(checkout, 'live', 'dev'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));
const write = (path: string, text: string) => writeFileSync(join(checkout, path), text);

describe('findPinnedVersions', () => {
  it("reads each tool's own file before .tool-versions before mise.toml, in one directory", () => {
    write(
      'mise.toml',
      '[env]\nterragrunt = "0.1.0"\n[tools]\nterragrunt = "0.3.0"\nopentofu = ["1.9.0", "1.8.0"]\n',
    );
    expect(findPinnedVersions(checkout, 'live')).toEqual({
      terragrunt: { version: '0.3.0', file: 'mise.toml' },
      tofu: { version: '1.9.0', file: 'mise.toml' },
    });
    write('.tool-versions', '# pinned\nterragrunt 0.2.0\n');
    write('.opentofu-version', 'v1.10.10\n');
    expect(findPinnedVersions(checkout, 'live')).toEqual({
      terragrunt: { version: '0.2.0', file: '.tool-versions' },
      tofu: { version: '1.10.10', file: '.opentofu-version' },
    });
  });

  it('takes the nearest directory from the working directory up, never above the checkout', () => {
    writeFileSync(join(root, '.terragrunt-version'), '9.9.9\n');
    write('.terragrunt-version', '1.0.0\n');
    write('live/dev/mise.toml', '[tools]\n"aqua:gruntwork-io/terragrunt" = { version = "0.99.1" }\n');
    expect(findPinnedVersions(checkout, 'live/dev')).toEqual({
      terragrunt: { version: '0.99.1', file: 'live/dev/mise.toml' },
    });
    expect(findPinnedVersions(checkout, 'live')).toEqual({
      terragrunt: { version: '1.0.0', file: '.terragrunt-version' },
    });
    rmSync(join(checkout, '.terragrunt-version'));
    expect(findPinnedVersions(checkout, 'live')).toEqual({});
  });

  it('refuses a version file that leads outside the checkout, and a version that is not exact', () => {
    writeFileSync(join(root, 'outside'), '1.0.0\n');
    symlinkSync(join(root, 'outside'), join(checkout, '.terragrunt-version'));
    expect(() => findPinnedVersions(checkout, 'live')).toThrow('leads outside the checkout');
    rmSync(join(checkout, '.terragrunt-version'));
    write('.tool-versions', 'opentofu latest\n');
    expect(() => findPinnedVersions(checkout, '.')).toThrow(
      ".tool-versions (its tofu version) must be an exact release version like 1.0.0, got 'latest'.",
    );
  });

  it('normalises versions', () => {
    expect(normalizeToolVersion(' v1.10.0-rc1 ', 'x')).toBe('1.10.0-rc1');
    expect(() => normalizeToolVersion('~> 1.10', "Input 'tofu-version'")).toThrow(
      "Input 'tofu-version' must be an exact release version like 1.0.0, got '~> 1.10'.",
    );
  });
});

describe('release assets', () => {
  const config = { sha256: {}, downloadUrls: { terragrunt: 'https://t/dl/', tofu: 'https://o/dl' } };
  it('follow the Terragrunt and OpenTofu release names, per architecture', () => {
    expect(releaseAsset('terragrunt', '1.0.0', config, 'linux', 'x64')).toMatchObject({
      url: 'https://t/dl/v1.0.0/terragrunt_linux_amd64',
      checksumsUrl: 'https://t/dl/v1.0.0/SHA256SUMS',
      format: 'binary',
    });
    expect(releaseAsset('tofu', '1.10.10', config, 'linux', 'arm64')).toMatchObject({
      url: 'https://o/dl/v1.10.10/tofu_1.10.10_linux_arm64.zip',
      checksumsUrl: 'https://o/dl/v1.10.10/tofu_1.10.10_SHA256SUMS',
      format: 'zip',
    });
    expect(releaseAsset('terragrunt', '1.0.0', config, 'win32', 'x64').url).toMatch(
      /terragrunt_windows_amd64\.exe$/,
    );
    expect(() => releaseAsset('tofu', '1.10.10', config, 'linux', 's390x')).toThrow(
      "OpenTofu publishes no release for linux/s390x: put tofu on PATH or set 'tf-path'.",
    );
    expect(goArch('ia32')).toBe('386');
  });

  it('find their line in a checksum list', () => {
    const list = `${'a'.repeat(64)}  tofu_1.10.10_linux_amd64.zip\n${'B'.repeat(64)} *terragrunt_linux_amd64\n`;
    expect(checksumFor(list, 'terragrunt_linux_amd64')).toBe('b'.repeat(64));
    expect(checksumFor(list, 'tofu_1.10.10_linux_amd64.zip')).toBe('a'.repeat(64));
    expect(checksumFor(list, 'tofu_1.10.10_linux_arm64.zip')).toBeUndefined();
  });
});

describe('execWithTools', () => {
  it('sets the tools up once, on the first Terragrunt run, and adds their environment to it only', async () => {
    const calls: { command: string; env: Record<string, string> }[] = [];
    const exec: Exec = async (command, _args, options) => {
      calls.push({ command, env: options.env });
      return { exitCode: 0, stdout: '', stderr: '' };
    };
    let setUps = 0;
    const wrapped = execWithTools(exec, 'terragrunt', async () => {
      setUps++;
      return { PATH: '/tools:/usr/bin', TF_PLUGIN_CACHE_DIR: '/cache' };
    });
    await wrapped('git', ['rev-parse', 'HEAD'], { cwd: '/', env: { PATH: '/usr/bin' } });
    expect(setUps).toBe(0);
    await wrapped('terragrunt', ['--version'], { cwd: '/', env: { PATH: '/usr/bin', A: '1' } });
    await wrapped('terragrunt', ['run', '--', 'plan'], { cwd: '/', env: { PATH: '/usr/bin' } });
    expect(setUps).toBe(1);
    expect(calls.map((c) => c.env)).toEqual([
      { PATH: '/usr/bin' },
      { PATH: '/tools:/usr/bin', A: '1', TF_PLUGIN_CACHE_DIR: '/cache' },
      { PATH: '/tools:/usr/bin', TF_PLUGIN_CACHE_DIR: '/cache' },
    ]);
  });
});
