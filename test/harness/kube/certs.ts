import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTool } from '../service-process.js';

export interface KeyPair {
  certFile: string;
  keyFile: string;
  cert: string;
  key: string;
}

/** Certificates made for one control plane run (EC P-256, signed by a CA made for the run). */
export class CertificateAuthority {
  readonly ca: KeyPair;
  private readonly openssl = requireTool('openssl');

  constructor(private readonly dir: string) {
    const keyFile = join(dir, 'ca.key');
    const certFile = join(dir, 'ca.crt');
    this.genKey(keyFile);
    this.exec([
      'req',
      '-x509',
      '-new',
      '-key',
      keyFile,
      '-subj',
      '/CN=test-kubernetes-ca',
      '-days',
      '2',
      '-out',
      certFile,
    ]);
    this.ca = this.read(certFile, keyFile);
  }

  /** A serving certificate for 127.0.0.1/localhost, or a client certificate for CN and groups (O). */
  issue(name: string, options: { cn: string; groups?: string[]; serving?: boolean }): KeyPair {
    const keyFile = join(this.dir, `${name}.key`);
    const certFile = join(this.dir, `${name}.crt`);
    const csrFile = join(this.dir, `${name}.csr`);
    const extFile = join(this.dir, `${name}.ext`);
    this.genKey(keyFile);
    const subject = `/CN=${options.cn}` + (options.groups ?? []).map((group) => `/O=${group}`).join('');
    this.exec(['req', '-new', '-key', keyFile, '-subj', subject, '-out', csrFile]);
    writeFileSync(
      extFile,
      options.serving
        ? 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n'
        : 'extendedKeyUsage=clientAuth\n',
    );
    this.exec([
      'x509',
      '-req',
      '-in',
      csrFile,
      '-CA',
      this.ca.certFile,
      '-CAkey',
      this.ca.keyFile,
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      extFile,
      '-out',
      certFile,
    ]);
    return this.read(certFile, keyFile);
  }

  /** The key pair that signs and verifies service-account tokens. */
  serviceAccountKey(): { keyFile: string; publicFile: string } {
    const keyFile = join(this.dir, 'sa.key');
    const publicFile = join(this.dir, 'sa.pub');
    this.exec(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyFile]);
    this.exec(['pkey', '-in', keyFile, '-pubout', '-out', publicFile]);
    return { keyFile, publicFile };
  }

  private genKey(file: string): void {
    this.exec(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file]);
  }

  private read(certFile: string, keyFile: string): KeyPair {
    return { certFile, keyFile, cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') };
  }

  private exec(args: string[]): void {
    execFileSync(this.openssl, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  }
}

/** A kubeconfig file for a client certificate or a bearer token. */
export function writeKubeconfig(
  file: string,
  server: string,
  caFile: string,
  user: { certFile: string; keyFile: string } | { token: string },
): string {
  const userLines =
    'token' in user
      ? [`    token: ${user.token}`]
      : [`    client-certificate: ${user.certFile}`, `    client-key: ${user.keyFile}`];
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: test',
      '  cluster:',
      `    server: ${server}`,
      `    certificate-authority: ${caFile}`,
      'users:',
      '- name: test',
      '  user:',
      ...userLines,
      'contexts:',
      '- name: test',
      '  context:',
      '    cluster: test',
      '    user: test',
      'current-context: test',
      '',
    ].join('\n'),
  );
  return file;
}
