import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../harness/run-action.js';

// On a machine without dpkg, scripts/provision installs nothing system-wide: it names every missing command
// and what to install. Simulated with a PATH holding this machine's commands minus dpkg and two tools.
describe('scripts/provision on a machine without dpkg', () => {
  let bin: string;
  const hidden = new Set(['dpkg-query', 'podman', 'htpasswd']);

  beforeAll(() => {
    bin = mkdtempSync(join(tmpdir(), 'no-dpkg-'));
    for (const dir of ['/usr/local/bin', '/usr/bin', '/bin']) {
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)) {
        if (!hidden.has(name) && !existsSync(join(bin, name))) symlinkSync(join(dir, name), join(bin, name));
      }
    }
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  it('names each missing command with what to install, and exits 1', async () => {
    const result = await new Promise<{ code: number; output: string }>((resolve) =>
      execFile(
        'bash',
        [join(REPO_ROOT, 'scripts', 'provision'), 'apt'],
        { env: { PATH: bin, HOME: process.env.HOME ?? '/root' } },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
      ),
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain('not a Debian or Ubuntu machine (no dpkg)');
    expect(result.output).toMatch(/^ {2}podman +install podman \(Homebrew or Fedora: podman\)$/m);
    expect(result.output).toMatch(
      /^ {2}htpasswd +install htpasswd \(Homebrew: httpd; Fedora: httpd-tools\)$/m,
    );
    expect(result.output).not.toMatch(/^ {2}git /m);
    expect(result.output).not.toContain('apt-get');
  });
});
