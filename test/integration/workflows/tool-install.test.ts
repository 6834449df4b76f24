// The workflows' terragrunt/tofu install step, run with bash against a local release server: a binary is
// installed only when it matches the SHA-256 its release publishes (and the pinned one, when given).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { workflowFiles } from './workflow-files.js';

const TG = '0.93.11';
const TOFU = '1.10.7';
const goArch = arch() === 'arm64' ? 'arm64' : 'amd64';

interface Step {
  name?: string;
  run?: string;
  env?: Record<string, string>;
}
const installSteps = workflowFiles().flatMap((file) =>
  Object.values((file.doc.jobs ?? {}) as Record<string, { steps?: Step[] }>).flatMap((job) =>
    (job.steps ?? [])
      .filter((step) => step.name === 'Install terragrunt and tofu')
      .map((step) => ({ file: file.path, step })),
  ),
);

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
let work: string;
let server: Server;
let releases: string;
let assets: Map<string, Buffer>;
const requests: string[] = [];

function publish(terragrunt: Buffer, tofuZip: Buffer, sums: { terragrunt?: string; tofu?: string } = {}) {
  const tgName = `terragrunt_linux_${goArch}`;
  const zipName = `tofu_${TOFU}_linux_${goArch}.zip`;
  assets = new Map([
    [`/gruntwork-io/terragrunt/releases/download/v${TG}/${tgName}`, terragrunt],
    [
      `/gruntwork-io/terragrunt/releases/download/v${TG}/SHA256SUMS`,
      Buffer.from(
        `${sha256('other')}  terragrunt_darwin_arm64\n${sums.terragrunt ?? sha256(terragrunt)}  ${tgName}\n`,
      ),
    ],
    [`/opentofu/opentofu/releases/download/v${TOFU}/${zipName}`, tofuZip],
    [
      `/opentofu/opentofu/releases/download/v${TOFU}/tofu_${TOFU}_SHA256SUMS`,
      Buffer.from(`${sums.tofu ?? sha256(tofuZip)}  ${zipName}\n`),
    ],
  ]);
}

/** Runs the step's script with bash; asynchronously, as the release server answers in this process. */
async function runInstall(step: Step, env: Record<string, string> = {}) {
  const runnerTemp = mkdtempSync(join(work, 'runner-'));
  const githubPath = join(runnerTemp, 'path');
  writeFileSync(githubPath, '');
  const script = join(runnerTemp, 'step.sh');
  writeFileSync(script, step.run ?? '');
  // As the runner runs a `run:` step with `shell: bash`.
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    env: {
      PATH: process.env.PATH,
      RUNNER_TEMP: runnerTemp,
      GITHUB_PATH: githubPath,
      ...step.env,
      TG_VERSION: TG,
      TOFU_VERSION: TOFU,
      TG_SHA256: '',
      TOFU_SHA256: '',
      RELEASES: releases,
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const result = { stdout, stderr, status };
  return { ...result, bin: join(runnerTemp, 'bin'), githubPath };
}

let terragrunt: Buffer;
let tofuZip: Buffer;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tool-install-'));
  terragrunt = Buffer.from('#!/bin/sh\necho terragrunt-test\n');
  writeFileSync(join(work, 'tofu'), '#!/bin/sh\necho tofu-test\n');
  spawnSync('zip', ['-q', join(work, 'tofu.zip'), 'tofu'], { cwd: work });
  tofuZip = readFileSync(join(work, 'tofu.zip'));
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = assets.get(req.url ?? '');
    if (body) res.writeHead(200).end(body);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  releases = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
});

describe('Install terragrunt and tofu', () => {
  it('is the same step in every workflow that installs them', () => {
    expect(installSteps.map(({ file }) => file)).toEqual([
      '.github/workflows/terragrunt-apply.yml',
      '.github/workflows/terragrunt-drift.yml',
      '.github/workflows/terragrunt-drift.yml',
      '.github/workflows/terragrunt-plan.yml',
      '.github/workflows/terragrunt-plan.yml',
    ]);
    const scripts = new Set(installSteps.map(({ step }) => step.run));
    expect(scripts.size).toBe(1);
    expect(installSteps[0]?.step.env?.RELEASES).toBe('https://github.com');
  });

  const step = () => installSteps[0]!.step;

  it('installs binaries whose checksums match the published ones, and a matching pin', async () => {
    publish(terragrunt, tofuZip);
    const result = await runInstall(step(), { TG_SHA256: sha256(terragrunt), TOFU_SHA256: sha256(tofuZip) });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(spawnSync(join(result.bin, 'terragrunt'), { encoding: 'utf8' }).stdout).toBe('terragrunt-test\n');
    expect(spawnSync(join(result.bin, 'tofu'), { encoding: 'utf8' }).stdout).toBe('tofu-test\n');
    expect(readFileSync(result.githubPath, 'utf8')).toBe(`${result.bin}\n`);
  });

  it('refuses a terragrunt binary that does not match its published checksum', async () => {
    publish(Buffer.from('#!/bin/sh\necho tampered\n'), tofuZip, { terragrunt: sha256(terragrunt) });
    const result = await runInstall(step());
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      new RegExp(
        `^::error::terragrunt_linux_${goArch} has SHA-256 [0-9a-f]{64}, but its release publishes ${sha256(terragrunt)}: not installing it\\.$`,
        'm',
      ),
    );
    expect(existsSync(join(result.bin, 'terragrunt'))).toBe(false);
    expect(readFileSync(result.githubPath, 'utf8')).toBe('');
  });

  it('refuses a tofu archive that does not match its published checksum', async () => {
    publish(terragrunt, Buffer.concat([tofuZip, Buffer.from('x')]), { tofu: sha256(tofuZip) });
    const result = await runInstall(step());
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`::error::tofu_${TOFU}_linux_${goArch}.zip has SHA-256`);
    expect(existsSync(join(result.bin, 'tofu'))).toBe(false);
  });

  it('refuses when the pin differs from the published checksum, or the list has no entry', async () => {
    publish(terragrunt, tofuZip);
    const pinned = await runInstall(step(), { TG_SHA256: sha256('another build') });
    expect(pinned.status).toBe(1);
    expect(pinned.stdout).toContain(
      `::error::The pinned SHA-256 of terragrunt_linux_${goArch} is ${sha256('another build')}`,
    );
    assets.set(`/opentofu/opentofu/releases/download/v${TOFU}/tofu_${TOFU}_SHA256SUMS`, Buffer.from(''));
    const unlisted = await runInstall(step());
    expect(unlisted.status).toBe(1);
    expect(unlisted.stdout).toContain(
      `::error::The release's checksum list has no entry for tofu_${TOFU}_linux_${goArch}.zip.`,
    );
  });

  it('refuses a version that is not a release number before downloading anything', async () => {
    const before = requests.length;
    const result = await runInstall(step(), { TG_VERSION: '1.0.0/../../evil' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("::error::'1.0.0/../../evil' is not a release version like 1.10.7.");
    expect(requests.length).toBe(before);
  });
});
