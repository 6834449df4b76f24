import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import {
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
import { runAction } from '../../harness/run-action.js';
import { describeWithTools, findTool } from '../../harness/tools.js';

const ARCH = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch] ?? process.arch;

describeWithTools(['psqldef', 'tar'], 'sqldef-migrate downloads sqldef from a release server', () => {
  let server: Server;
  let baseUrl: string;
  let root: string;
  const requests: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'sqldef-dl-'));
    // A release-shaped archive: <version>/psqldef_linux_<arch>.tar.gz holding the psqldef binary at its root.
    const release = join(root, 'release');
    mkdirSync(release);
    execFileSync('cp', [realpathSync(findTool('psqldef')!), join(release, 'psqldef')]);
    const archive = join(root, `psqldef_linux_${ARCH}.tar.gz`);
    execFileSync('tar', ['czf', archive, '-C', release, 'psqldef']);
    const body = readFileSync(archive);
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      if (request.url === `/v3.2.0/psqldef_linux_${ARCH}.tar.gz`) {
        response.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length });
        response.end(body);
      } else {
        response.writeHead(404).end('Not Found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    writeFileSync(join(root, 'current.sql'), 'CREATE TABLE a (id int);\n');
    writeFileSync(join(root, 'schema.sql'), 'CREATE TABLE a (id int, name text);\n');
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  const run = (version: string) =>
    runAction('sqldef-migrate', {
      cwd: root,
      inputs: {
        mode: 'offline',
        'schema-file': 'schema.sql',
        'current-schema-file': 'current.sql',
        'sqldef-version': version,
        'sqldef-download-url': baseUrl,
      },
      // No sqldef on PATH: the binary must come from the release server, then from the tool cache.
      env: { PATH: '/usr/bin:/bin', RUNNER_TOOL_CACHE: join(root, 'tool-cache') },
    });

  it('downloads the release archive once, then reuses the tool cache', async () => {
    const first = await run('v3.2.0');
    expect(first.stdout).not.toContain('::error::');
    expect(first.stdout).toContain(
      `Downloading psqldef v3.2.0 from ${baseUrl}/v3.2.0/psqldef_linux_${ARCH}.tar.gz`,
    );
    expect(first.outputs.statements).toBe(
      JSON.stringify([
        { sql: 'ALTER TABLE "a" ADD COLUMN "name" text', skipped: false, destructive: null, class: null },
      ]),
    );
    expect(existsSync(join(root, 'tool-cache', 'psqldef', '3.2.0', process.arch, 'psqldef'))).toBe(true);
    expect(requests).toEqual([`/v3.2.0/psqldef_linux_${ARCH}.tar.gz`]);

    const second = await run('3.2.0');
    expect(second.stdout).toMatch(/Using psqldef at .*tool-cache.*\(tool-cache v3\.2\.0\)/);
    expect(second.outputs.changed).toBe('true');
    expect(requests).toHaveLength(1);
  });

  it('fails clearly when the release does not exist', async () => {
    const result = await run('v9.9.9');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(
      `::error::Could not download psqldef v9.9.9 from ${baseUrl}/v9.9.9/psqldef_linux_${ARCH}.tar.gz: HTTP 404. Check 'sqldef-version'`,
    );
    expect(result.outputs.changed).toBeUndefined();
  });
});
