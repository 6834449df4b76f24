// A provider network mirror (OpenTofu's provider mirror protocol over HTTPS) serving the real
// terraform-provider-time from scripts/provision, counting each archive download and its bytes.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '../../src/lib/exec.js';
import { findTool, TOOLS_PATH } from './tool-path.js';

export const TIME_PROVIDER_VERSION = '0.14.2';
const PLATFORM = `linux_${process.arch === 'arm64' ? 'arm64' : 'amd64'}`;

export interface ProviderMirror {
  /** Environment for tofu/terragrunt: the CLI config naming the mirror, and its certificate. */
  env: Record<string, string>;
  /** Archive downloads and bytes served since start (or the last reset). */
  downloads: () => { count: number; bytes: number };
  reset: () => void;
  /** A `.terraform.lock.hcl` for hashicorp/time, as a committed one would be (made by `tofu init` once). */
  lockFile: () => Promise<string>;
  /** main.tf of a unit with one time_static. */
  unitConfig: (name: string) => string;
  stop: () => Promise<void>;
}

export async function startProviderMirror(): Promise<ProviderMirror> {
  const dir = mkdtempSync(join(tmpdir(), 'provider-mirror-'));
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
      ...[
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
    ],
    { stdio: 'ignore' },
  );
  const pack = join(dir, 'pack');
  mkdirSync(pack);
  cpSync(
    findTool('terraform-provider-time')!,
    join(pack, `terraform-provider-time_v${TIME_PROVIDER_VERSION}`),
  );
  const zipName = `terraform-provider-time_${TIME_PROVIDER_VERSION}_${PLATFORM}.zip`;
  execFileSync('zip', [
    '-q',
    '-j',
    join(dir, zipName),
    join(pack, `terraform-provider-time_v${TIME_PROVIDER_VERSION}`),
  ]);
  const zip = readFileSync(join(dir, zipName));
  const base = '/registry.opentofu.org/hashicorp/time';
  const documents = new Map<string, string>([
    [`${base}/index.json`, JSON.stringify({ versions: { [TIME_PROVIDER_VERSION]: {} } })],
    [`${base}/${TIME_PROVIDER_VERSION}.json`, JSON.stringify({ archives: { [PLATFORM]: { url: zipName } } })],
  ]);
  const served = { count: 0, bytes: 0 };
  const server: Server = createServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (request, response) => {
      const url = request.url ?? '';
      if (url === `${base}/${zipName}`) {
        served.count++;
        served.bytes += zip.length;
        response.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length }).end(zip);
        return;
      }
      const document = documents.get(url);
      if (document) response.writeHead(200, { 'content-type': 'application/json' }).end(document);
      else response.writeHead(404).end('Not Found');
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  writeFileSync(
    join(dir, 'tofu.rc'),
    `provider_installation {\n  network_mirror {\n    url = "https://127.0.0.1:${port}/"\n  }\n}\n`,
  );
  const env = { TF_CLI_CONFIG_FILE: join(dir, 'tofu.rc'), SSL_CERT_FILE: join(dir, 'cert.pem') };
  const unitConfig = (name: string) =>
    `terraform {\n  required_providers {\n    time = {\n      source  = "hashicorp/time"\n      version = "${TIME_PROVIDER_VERSION}"\n    }\n  }\n}\n\nresource "time_static" "${name}" {}\n`;
  let lock: string | undefined;
  return {
    env,
    downloads: () => ({ ...served }),
    reset: () => Object.assign(served, { count: 0, bytes: 0 }),
    unitConfig,
    lockFile: async () => {
      if (lock) return lock;
      const unit = join(dir, 'lock');
      mkdirSync(unit);
      writeFileSync(join(unit, 'main.tf'), unitConfig('lock'));
      // Asynchronous: the mirror answers from this process.
      const init = await runProcess('tofu', ['init', '-input=false', '-no-color'], {
        cwd: unit,
        env: { PATH: TOOLS_PATH, HOME: dir, ...env },
      });
      if (init.exitCode !== 0)
        throw new Error(`tofu init against the mirror failed:\n${init.stdout}${init.stderr}`);
      lock = readFileSync(join(unit, '.terraform.lock.hcl'), 'utf8');
      served.count = 0;
      served.bytes = 0;
      return lock;
    },
    stop: async () => {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
