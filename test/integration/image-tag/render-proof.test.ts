// Proof by rendering: each fixture of test/fixtures/render is rendered with the real helm or kustomize,
// rewritten, and rendered again. Every container that ran the old image must run exactly the new one,
// and the renders may differ only in those image lines.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMap, isSeq, parseAllDocuments, stringify } from 'yaml';
import { runProcess } from '../../../src/lib/exec.js';
import { rewriteImageTag, type RewriteOptions } from '../../../src/image-tag/rewrite.js';
import { REPO_ROOT } from '../../harness/run-action.js';
import { describeWithTools, TOOLS_PATH } from '../../harness/tools.js';

const CORPUS = join(REPO_ROOT, 'test/fixtures/render');
const DIGEST = `sha256:${'5e'.repeat(32)}`;
const OLD_PIN = `sha256:${'ab'.repeat(32)}`;
const ZERO_PIN = `sha256:${'0'.repeat(64)}`;
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api';

interface Case {
  name: string;
  file: string;
  options: Omit<RewriteOptions, 'file'>;
  /** The command rendering what the file feeds; `{values}` is a values file written from a HelmRelease. */
  render: string[];
  /** The image the bump replaces, and what it must become. */
  oldImage: string;
  newImage: string;
  /** Values that set the old value back (for the byte-for-byte round trip); none when a key was added. */
  back?: RewriteOptions['values'];
}

const CASES: Case[] = [
  {
    name: 'Helm chart with an environment values file',
    file: 'envs/prod/values.yaml',
    options: { values: { tag: '1.5.0' } },
    render: ['helm', 'template', 'prod', 'charts/webapp', '--values', 'envs/prod/values.yaml'],
    oldImage: 'ghcr.io/acme/webapp:1.4.2',
    newImage: 'ghcr.io/acme/webapp:1.5.0',
    back: { tag: '1.4.2' },
  },
  {
    name: 'Helm values pinned with a digest, CRLF',
    file: 'envs/staging/values.crlf.yaml',
    options: { values: { tag: 'v1.5.0', digest: DIGEST } },
    render: ['helm', 'template', 'staging', 'charts/webapp', '--values', 'envs/staging/values.crlf.yaml'],
    oldImage: `ghcr.io/acme/webapp:v1.5.0-rc.1@${OLD_PIN}`,
    newImage: `ghcr.io/acme/webapp:v1.5.0@${DIGEST}`,
    back: { tag: 'v1.5.0-rc.1', digest: OLD_PIN },
  },
  {
    name: "a chart's own values.yaml",
    file: 'charts/webapp/values.yaml',
    options: { values: { tag: '1.0.1' } },
    render: ['helm', 'template', 'webapp', 'charts/webapp'],
    oldImage: 'ghcr.io/acme/webapp:1.0.0',
    newImage: 'ghcr.io/acme/webapp:1.0.1',
    back: { tag: '1.0.0' },
  },
  {
    name: 'a chart whose image is one reference without a tag',
    file: 'charts/mongo/values.yaml',
    options: { keys: ['image'], values: { tag: '7.0.14' } },
    render: ['helm', 'template', 'db', 'charts/mongo'],
    oldImage: 'mongo',
    newImage: 'mongo:7.0.14',
  },
  {
    name: 'Kustomize overlay over a base',
    file: 'kustomize/overlays/prod/kustomization.yaml',
    options: { keys: ['api'], values: { tag: '2.4.0' } },
    render: ['kustomize', 'build', 'kustomize/overlays/prod'],
    oldImage: `${ECR}:2.3.0`,
    newImage: `${ECR}:2.4.0`,
    back: { tag: '2.3.0' },
  },
  {
    name: 'Kustomize entry without newTag, addressed by path',
    file: 'kustomize/overlays/mirror/kustomization.yaml',
    options: { keys: ['images[name=api].newTag'], values: { tag: '2.4.0' } },
    render: ['kustomize', 'build', 'kustomize/overlays/mirror'],
    oldImage: 'mirror.example.com/acme/api',
    newImage: 'mirror.example.com/acme/api:2.4.0',
  },
  {
    name: 'Kustomize entry pinned with a digest',
    file: 'kustomize/overlays/pinned/kustomization.yaml',
    options: { keys: ['api'], values: { tag: '2.4.0', digest: DIGEST } },
    render: ['kustomize', 'build', 'kustomize/overlays/pinned'],
    oldImage: `ghcr.io/acme/api:2.3.0@${ZERO_PIN}`,
    newImage: `ghcr.io/acme/api:2.4.0@${DIGEST}`,
    back: { tag: '2.3.0', digest: ZERO_PIN },
  },
  {
    name: 'Flux HelmRelease with markers, rendered through its chart',
    file: 'flux/helmrelease.yaml',
    options: { values: { tag: '1.3.0' } },
    render: ['helm', 'template', 'webapp', 'charts/webapp', '--namespace', 'apps', '--values', '{values}'],
    oldImage: 'ghcr.io/acme/webapp:1.2.0',
    newImage: 'ghcr.io/acme/webapp:1.3.0',
    back: { tag: '1.2.0' },
  },
];

/** Every container image of a render, independent of the code under test. */
function containerImages(yaml: string): string[] {
  const images: string[] = [];
  const walk = (node: unknown): void => {
    if (isSeq(node)) node.items.forEach(walk);
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = String((pair.key as { value?: unknown }).value);
      if (['containers', 'initContainers'].includes(key) && isSeq(pair.value)) {
        for (const item of pair.value.items) if (isMap(item)) images.push(String(item.get('image')));
      } else walk(pair.value);
    }
  };
  for (const doc of parseAllDocuments(yaml)) walk(doc.contents);
  return images;
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'render-proof-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function render(dir: string, command: string[], file: string): Promise<string> {
  const args = command.slice(1);
  const at = args.indexOf('{values}');
  if (at >= 0) {
    const release = parseAllDocuments(readFileSync(join(dir, file), 'utf8'))
      .map((doc) => doc.toJS() as { kind?: string; spec?: { values?: unknown } })
      .find((doc) => doc?.kind === 'HelmRelease');
    const values = join(dir, 'helmrelease-values.yaml');
    writeFileSync(values, stringify(release?.spec?.values ?? {}));
    args[at] = values;
  }
  const result = await runProcess(command[0] as string, args, {
    cwd: dir,
    env: { ...process.env, PATH: TOOLS_PATH },
  });
  expect(result.stderr).not.toMatch(/error/i);
  expect(result.exitCode).toBe(0);
  return result.stdout;
}

describeWithTools(['helm', 'kustomize'], 'render proof over the fixture corpus', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const dir = join(work, c.file.replace(/[\\/]/g, '_'));
    cpSync(CORPUS, dir, { recursive: true });
    const original = readFileSync(join(dir, c.file));
    const before = await render(dir, c.render, c.file);
    const used = containerImages(before);
    expect(used).toContain(c.oldImage);

    const result = rewriteImageTag(original.toString('utf8'), { file: c.file, ...c.options });
    expect(result.changed).toBe(true);
    writeFileSync(join(dir, c.file), result.text);
    const after = await render(dir, c.render, c.file);

    // Every container that ran the old image now runs exactly the new one; the others are untouched.
    const now = containerImages(after);
    expect(now).toEqual(used.map((image) => (image === c.oldImage ? c.newImage : image)));
    expect(now.filter((image) => image === c.newImage).length).toBeGreaterThan(0);

    // The renders differ only in those image lines.
    const beforeLines = before.split('\n');
    const afterLines = after.split('\n');
    expect(afterLines).toHaveLength(beforeLines.length);
    const differing = beforeLines.flatMap((line, i) => (line === afterLines[i] ? [] : [i]));
    expect(differing.length).toBe(used.filter((image) => image === c.oldImage).length);
    for (const i of differing) {
      expect(beforeLines[i]).toMatch(/^\s*(- )?image: /);
      expect(afterLines[i]).toBe((beforeLines[i] as string).replace(c.oldImage, c.newImage));
    }

    // Setting the old value back gives the fixture byte for byte.
    if (c.back) {
      const back = rewriteImageTag(result.text, { file: c.file, ...c.options, values: c.back });
      expect(Buffer.from(back.text, 'utf8').equals(original)).toBe(true);
    }
  });
});
