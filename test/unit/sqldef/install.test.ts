import { describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import { normalizeVersion, releaseAssetUrl, resolveSqldefBinary } from '../../../src/sqldef/install.js';

const noToolCache = async () => {
  throw new Error('the tool cache must not be loaded');
};

describe('releaseAssetUrl', () => {
  it('follows the sqldef release asset names', () => {
    const base = 'https://github.com/sqldef/sqldef/releases/download/';
    expect(releaseAssetUrl(base, 'v3.2.0', 'psqldef', 'linux', 'x64')).toBe(
      'https://github.com/sqldef/sqldef/releases/download/v3.2.0/psqldef_linux_amd64.tar.gz',
    );
    expect(releaseAssetUrl(base, 'v3.2.0', 'mysqldef', 'linux', 'arm64')).toMatch(
      /mysqldef_linux_arm64\.tar\.gz$/,
    );
    expect(releaseAssetUrl(base, 'v3.2.0', 'psqldef', 'darwin', 'arm64')).toMatch(
      /psqldef_darwin_arm64\.zip$/,
    );
    expect(releaseAssetUrl(base, 'v3.2.0', 'psqldef', 'win32', 'x64')).toMatch(/psqldef_windows_amd64\.zip$/);
    expect(() => releaseAssetUrl(base, 'v3.2.0', 'psqldef', 'linux', 's390x')).toThrow("set 'sqldef-path'");
  });

  it('normalizes versions and names the input for a bad one', () => {
    expect(normalizeVersion('3.2.0')).toBe('v3.2.0');
    expect(normalizeVersion('v3.2.0')).toBe('v3.2.0');
    expect(() => normalizeVersion('latest')).toThrow(
      "Input 'sqldef-version' must look like v3.2.0, got 'latest'.",
    );
  });
});

describe('resolveSqldefBinary', () => {
  it('prefers sqldef-path, then PATH, without loading the tool cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sqldef-bin-'));
    try {
      const binary = join(dir, 'psqldef');
      writeFileSync(binary, '#!/bin/sh\n');
      chmodSync(binary, 0o755);
      const logger = createMemoryLogger();
      expect(
        await resolveSqldefBinary({ tool: 'psqldef', path: binary, loadToolCache: noToolCache, logger }),
      ).toEqual({
        path: binary,
        source: 'path-input',
      });
      expect(
        await resolveSqldefBinary({
          tool: 'psqldef',
          env: { PATH: `/nonexistent:${dir}` },
          loadToolCache: noToolCache,
          logger,
        }),
      ).toEqual({ path: binary, source: 'PATH' });
      await expect(
        resolveSqldefBinary({ tool: 'psqldef', path: join(dir, 'nope'), loadToolCache: noToolCache, logger }),
      ).rejects.toThrow(`Input 'sqldef-path' points to ${join(dir, 'nope')}, which does not exist.`);
      writeFileSync(join(dir, 'plain'), '');
      await expect(
        resolveSqldefBinary({
          tool: 'psqldef',
          path: join(dir, 'plain'),
          loadToolCache: noToolCache,
          logger,
        }),
      ).rejects.toThrow('which is not an executable file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
