import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../harness/run-action.js';
import { describeWithTools, findTool } from '../../harness/tools.js';

// scripts/provision installs OpenTofu and Terragrunt from their official release assets (checked against the
// pinned SHA-256) and builds them from source only when the release cannot be downloaded. Here a local
// server plays the release host, serving the real binaries in the release layout.
const PLATFORM = `linux_${({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch] ?? process.arch}`;
const script = readFileSync(join(REPO_ROOT, 'scripts', 'provision'), 'utf8');
const pin = (name: string) => script.match(new RegExp(`^${name}_VERSION=(\\S+)`, 'm'))![1]!;
const TOFU = pin('OPENTOFU');
const TERRAGRUNT = pin('TERRAGRUNT');
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describeWithTools(
  ['tofu', 'terragrunt', 'curl', 'tar', 'gzip', 'sha256sum'],
  'scripts/provision release downloads',
  () => {
    let server: Server;
    let baseUrl: string;
    let work: string;
    let noGo: string;
    const assets: Record<string, string> = {};
    const requests: string[] = [];

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'provision-release-'));
      const staging = join(work, 'staging');
      mkdirSync(staging);
      copyFileSync(realpathSync(findTool('tofu')!), join(staging, 'tofu'));
      writeFileSync(join(staging, 'LICENSE'), 'MPL-2.0\n');
      const tofuAsset = join(work, `tofu_${TOFU.slice(1)}_${PLATFORM}.tar.gz`);
      execFileSync('sh', ['-c', `tar -cf - -C "${staging}" tofu LICENSE | gzip -1 > "${tofuAsset}"`]);
      const terragruntAsset = join(work, `terragrunt_${PLATFORM}`);
      copyFileSync(realpathSync(findTool('terragrunt')!), terragruntAsset);
      assets[`/${TOFU}/tofu_${TOFU.slice(1)}_${PLATFORM}.tar.gz`] = tofuAsset;
      assets[`/${TERRAGRUNT}/terragrunt_${PLATFORM}`] = terragruntAsset;
      server = createServer((request, response) => {
        requests.push(request.url ?? '');
        const file = assets[request.url ?? ''];
        if (file)
          response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(file));
        else response.writeHead(404).end('Not Found');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      // A `go` that cannot build: reaching it proves the script fell back to building from source.
      noGo = join(work, 'no-go');
      mkdirSync(noGo);
      writeFileSync(join(noGo, 'go'), '#!/bin/sh\necho "go: not available in this test" >&2\nexit 1\n');
      chmodSync(join(noGo, 'go'), 0o755);
    });
    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve));
      rmSync(work, { recursive: true, force: true });
    });

    /** A checkout holding only scripts/provision with these release checksums pinned, and an empty .tools. */
    function checkout(name: string, sums: { tofu?: string; terragrunt?: string }): string {
      const root = join(work, name);
      mkdirSync(join(root, 'scripts'), { recursive: true });
      const entries = [
        sums.tofu ? `  [tofu-${PLATFORM}]=${sums.tofu}` : '',
        sums.terragrunt ? `  [terragrunt-${PLATFORM}]=${sums.terragrunt}` : '',
      ].filter(Boolean);
      const patched = script.replace(
        /^declare -A RELEASE_SHA256=\($/m,
        ['declare -A RELEASE_SHA256=(', ...entries].join('\n'),
      );
      if (entries.length > 0) expect(patched).not.toBe(script);
      writeFileSync(join(root, 'scripts', 'provision'), patched);
      return root;
    }

    const provision = (root: string, env: Record<string, string>) =>
      new Promise<{ code: number; output: string }>((resolve) => {
        execFile(
          'bash',
          [join(root, 'scripts', 'provision'), 'tofu', 'terragrunt'],
          {
            env: { HOME: process.env.HOME ?? '/root', PATH: `${noGo}:/usr/bin:/bin`, ...env },
            timeout: 120_000,
          },
          (error, stdout, stderr) =>
            resolve({
              code: error ? Number((error as { code?: number }).code ?? 1) : 0,
              output: stdout + stderr,
            }),
        );
      });
    const releaseEnv = () => ({ OPENTOFU_RELEASE_URL: baseUrl, TERRAGRUNT_RELEASE_URL: baseUrl });

    it('downloads both releases, checks their SHA-256 and installs them; a second run downloads nothing', async () => {
      const root = checkout('ok', {
        tofu: sha256(assets[`/${TOFU}/tofu_${TOFU.slice(1)}_${PLATFORM}.tar.gz`]!),
        terragrunt: sha256(assets[`/${TERRAGRUNT}/terragrunt_${PLATFORM}`]!),
      });
      requests.length = 0;
      const first = await provision(root, releaseEnv());
      expect(first.output).toContain(
        `downloading tofu ${TOFU} from ${baseUrl}/${TOFU}/tofu_${TOFU.slice(1)}_${PLATFORM}.tar.gz`,
      );
      expect(first.output).toMatch(new RegExp(`tofu +downloaded ${TOFU}`));
      expect(first.output).toMatch(new RegExp(`terragrunt +downloaded ${TERRAGRUNT}`));
      expect(first.output).not.toContain('building');
      expect(first.code).toBe(0);
      expect(requests.sort()).toEqual(Object.keys(assets).sort());
      const bin = join(root, '.tools', 'bin');
      expect(execFileSync(join(bin, 'tofu'), ['version'], { encoding: 'utf8', stdio: 'pipe' })).toContain(
        TOFU.slice(1),
      );
      expect(
        execFileSync(join(bin, 'terragrunt'), ['--version'], { encoding: 'utf8', stdio: 'pipe' }),
      ).toContain(TERRAGRUNT.slice(1));

      const second = await provision(root, releaseEnv());
      expect(second.code).toBe(0);
      expect(second.output).toMatch(new RegExp(`tofu +present +${TOFU}`));
      expect(second.output).toMatch(new RegExp(`terragrunt +present +${TERRAGRUNT}`));
      expect(requests).toHaveLength(2);
    });

    it('refuses a release whose SHA-256 differs from the pin, and installs nothing', async () => {
      const wrong = '0'.repeat(64);
      const root = checkout('mismatch', { tofu: wrong });
      const result = await provision(root, releaseEnv());
      expect(result.code).toBe(1);
      expect(result.output).toContain(`FAILED to install tofu ${TOFU}`);
      expect(result.output).toContain(
        `has SHA-256 ${sha256(assets[`/${TOFU}/tofu_${TOFU.slice(1)}_${PLATFORM}.tar.gz`]!)}, expected ${wrong}`,
      );
      expect(result.output).not.toContain('building');
      expect(existsSync(join(root, '.tools', 'bin', 'tofu'))).toBe(false);
    });

    it('builds from source when the release host cannot be reached or no checksum is pinned', async () => {
      const closed = 'http://127.0.0.1:9'; // the discard port: nothing listens
      const served = requests.length;
      const unreachable = await provision(checkout('offline', { tofu: 'a'.repeat(64) }), {
        OPENTOFU_RELEASE_URL: closed,
      });
      expect(unreachable.output).toMatch(
        /tofu v[\d.]+: release download failed \(curl: \(7\).*\): building from source instead/,
      );
      expect(unreachable.output).toContain(`building tofu ${TOFU} from source`);
      expect(unreachable.output).toContain('go: not available in this test');
      expect(unreachable.code).toBe(1);

      const unpinned = await provision(checkout('unpinned', {}), releaseEnv());
      expect(unpinned.output).toContain(
        `tofu ${TOFU}: no release checksum pinned for ${PLATFORM}: building from source`,
      );
      expect(unpinned.code).toBe(1);
      expect(requests).toHaveLength(served);
    });
  },
);
