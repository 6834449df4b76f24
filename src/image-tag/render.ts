// verify-render: renders the manifests with helm or kustomize before and after the edit, lists every
// container image of both renders, and refuses an edit whose render does not reference the new image.
import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { isMap, isScalar, isSeq, parseAllDocuments, stringify, type Document } from 'yaml';
import { ConfigurationError } from '../lib/errors.js';
import type { runProcess } from '../lib/exec.js';
import { isDigest, splitImageReference } from '../lib/image-reference.js';
import type { Logger } from '../lib/logger.js';
import type { RenderSpec } from './inputs.js';
import type { ImageTagFormat, NewValues } from './targets.js';

export type Exec = typeof runProcess;

/** One container of a render: where it is and the image it runs. */
export interface RenderedImage {
  /** `Kind/name` of the document, e.g. `Deployment/backend`. */
  workload: string;
  container: string;
  image: string;
}

export interface RenderComparison {
  /** What was rendered, e.g. `helm charts/app -f envs/prod/values.yaml`. */
  label: string;
  before: RenderedImage[];
  after: RenderedImage[];
  /** Containers whose image differs, before → after. */
  changed: { workload: string; container: string; before: string; after: string }[];
}

export interface RenderFile {
  path: string;
  format: ImageTagFormat;
  before: string;
  after: string;
}

export interface RenderDeps {
  exec: Exec;
  logger: Logger;
  tempDir?: string;
}

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

/** Every container image in rendered YAML, in document order. */
export function renderedImages(yaml: string): RenderedImage[] {
  const found: RenderedImage[] = [];
  for (const doc of parseAllDocuments(yaml) as Document.Parsed[]) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    const metadata = root.get('metadata');
    const name = isMap(metadata) ? String(metadata.get('name') ?? '') : '';
    const workload = `${String(root.get('kind') ?? '?')}/${name}`;
    const visit = (node: unknown): void => {
      if (isMap(node)) {
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : '';
          if (CONTAINER_LISTS.includes(key) && isSeq(pair.value)) {
            for (const item of pair.value.items) {
              const image = isMap(item) ? item.get('image') : undefined;
              if (isMap(item) && typeof image === 'string')
                found.push({ workload, container: String(item.get('name') ?? ''), image });
            }
          } else visit(pair.value);
        }
      } else if (isSeq(node)) node.items.forEach(visit);
    };
    visit(root);
  }
  return found;
}

/** True when the reference carries the new tag (and digest, when one is given), and the repository when known. */
export function referencesNewImage(reference: string, values: NewValues, repository?: string): boolean {
  const ref = splitImageReference(reference);
  if (repository !== undefined && ref.name !== repository) return false;
  if (values.tag !== undefined && isDigest(values.tag)) return ref.digest === values.tag;
  if (values.tag !== undefined && ref.tag !== values.tag) return false;
  return values.digest === undefined || ref.digest === values.digest;
}

/**
 * Renders each spec with the files as they were and as they will be (in copies of the checkout, so
 * the checkout is never touched), and compares the container images.
 */
export async function renderBeforeAfter(
  root: string,
  specs: RenderSpec[],
  files: RenderFile[],
  deps: RenderDeps,
): Promise<RenderComparison[]> {
  const base = await mkdtemp(join(deps.tempDir ?? tmpdir(), 'verify-render-'));
  try {
    const stage = async (side: 'before' | 'after') => {
      const dir = join(base, side);
      await cp(root, dir, {
        recursive: true,
        filter: (source) => !/[\\/](\.git|node_modules)$/.test(source),
      });
      for (const file of files) {
        await mkdir(dirname(join(dir, file.path)), { recursive: true });
        await writeFile(join(dir, file.path), file[side]);
      }
      return dir;
    };
    const [before, after] = await Promise.all([stage('before'), stage('after')]);
    const comparisons: RenderComparison[] = [];
    for (const spec of specs) {
      for (const variant of renderVariants(spec, files)) {
        const [old, next] = await Promise.all([
          render(spec, variant, before, base, 'before', deps),
          render(spec, variant, after, base, 'after', deps),
        ]);
        comparisons.push(compare(variant.label, renderedImages(old), renderedImages(next)));
      }
    }
    return comparisons;
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

interface RenderVariant {
  label: string;
  /** A values file of the checkout, passed with `--values`. */
  valuesFile?: string;
  /** A Flux HelmRelease whose `spec.values` are passed as a values file. */
  helmRelease?: string;
}

/**
 * A kustomization renders once. A chart renders once per edited values file outside it (each is one
 * environment), once per edited HelmRelease (with its `spec.values`), else once with its own values.
 */
function renderVariants(spec: RenderSpec, files: RenderFile[]): RenderVariant[] {
  const command = `${spec.tool} ${spec.dir}`;
  if (spec.tool === 'kustomize') return [{ label: command }];
  const inside = (path: string) => spec.dir === '.' || path.startsWith(`${spec.dir}/`);
  const variants: RenderVariant[] = [];
  for (const file of files) {
    if (inside(file.path)) continue;
    if (isHelmRelease(file.before))
      variants.push({ label: `${command} (HelmRelease ${file.path})`, helmRelease: file.path });
    else if (file.format === 'helm')
      variants.push({ label: `${command} -f ${file.path}`, valuesFile: file.path });
  }
  return variants.length > 0 ? variants : [{ label: command }];
}

function isHelmRelease(text: string): boolean {
  return /^kind:\s*HelmRelease\s*$/m.test(text);
}

async function render(
  spec: RenderSpec,
  variant: RenderVariant,
  checkout: string,
  base: string,
  side: string,
  deps: RenderDeps,
): Promise<string> {
  let args: string[];
  if (spec.tool === 'kustomize') args = ['build', spec.dir];
  else {
    let release = basename(spec.dir === '.' ? checkout : spec.dir);
    let namespace: string | undefined;
    let values = variant.valuesFile;
    if (variant.helmRelease) {
      const hr = readHelmRelease(await readFile(join(checkout, variant.helmRelease), 'utf8'));
      const { name, namespace: ns, values: releaseValues } = hr;
      release = name ?? release;
      namespace = ns;
      values = join(base, `${side}-${variant.helmRelease.replace(/[\\/]/g, '_')}.values.yaml`);
      await writeFile(values, stringify(releaseValues ?? {}));
    }
    args = [
      'template',
      release.toLowerCase().replace(/[^a-z0-9-]/g, '-'),
      spec.dir,
      ...(namespace ? ['--namespace', namespace] : []),
      ...(values ? ['--values', values] : []),
    ];
  }
  // No timeoutMs: node keeps its timer alive when the program is missing, which would hold the run open.
  const result = await deps.exec(spec.tool, args, { cwd: checkout });
  if (result.spawnError?.code === 'ENOENT') throw new ToolMissing(spec.tool);
  if (result.exitCode !== 0) {
    const stderr = result.stderr.trim().split('\n').slice(-5).join('\n');
    throw new ConfigurationError(
      `verify-render: '${spec.tool} ${args.join(' ')}' failed with the ${side === 'before' ? 'current' : 'edited'} files (exit ${result.exitCode}): ${stderr}`,
    );
  }
  return result.stdout;
}

export class ToolMissing extends Error {
  constructor(readonly tool: string) {
    super(`${tool} is not on PATH`);
  }
}

function readHelmRelease(text: string): { name?: string; namespace?: string; values?: unknown } {
  for (const doc of parseAllDocuments(text) as Document.Parsed[]) {
    const json = doc.toJS() as {
      kind?: string;
      metadata?: { name?: string; namespace?: string };
      spec?: { releaseName?: string; targetNamespace?: string; values?: unknown };
    } | null;
    if (json?.kind !== 'HelmRelease') continue;
    return {
      name: json.spec?.releaseName ?? json.metadata?.name,
      namespace: json.spec?.targetNamespace ?? json.metadata?.namespace,
      values: json.spec?.values,
    };
  }
  return {};
}

function compare(label: string, before: RenderedImage[], after: RenderedImage[]): RenderComparison {
  const changed: RenderComparison['changed'] = [];
  const key = (image: RenderedImage) => `${image.workload}\u0000${image.container}`;
  const remaining = new Map<string, RenderedImage[]>();
  for (const image of after) remaining.set(key(image), [...(remaining.get(key(image)) ?? []), image]);
  for (const image of before) {
    const next = remaining.get(key(image))?.shift();
    if (next && next.image !== image.image)
      changed.push({
        workload: image.workload,
        container: image.container,
        before: image.image,
        after: next.image,
      });
  }
  return { label, before, after, changed };
}

/**
 * Refuses when a render references the new image nowhere, or when a container's image changed to
 * something else than the new image (the repository is checked when known: 'image-name' or 'verify-image').
 */
export function checkRenders(
  comparisons: RenderComparison[],
  values: NewValues,
  edited: boolean,
  repository?: string,
): void {
  const wanted = `${repository ?? ''}${repository ? ':' : ''}${[values.tag, values.digest].filter(Boolean).join(' with digest ')}`;
  const isNew = (reference: string) => referencesNewImage(reference, values, repository);
  for (const comparison of comparisons) {
    const images = [...new Set(comparison.after.map((image) => image.image))];
    const list = images.length > 0 ? images.join(', ') : 'no container image';
    const wrong = comparison.changed.filter((change) => !isNew(change.after));
    if (wrong.length > 0) {
      throw new ConfigurationError(
        `verify-render: with the edit, ${comparison.label} renders ${wrong.map((w) => `${w.workload} ${w.container}: ${w.after}`).join(', ')}, not the new image ${wanted}. Check 'key' and the chart's image template. Nothing was changed.`,
      );
    }
    if (!comparison.after.some((image) => isNew(image.image))) {
      throw new ConfigurationError(
        `verify-render: with the edit, ${comparison.label} renders ${list}, none of them with ${wanted}${edited && comparison.changed.length === 0 ? ': the edit does not change the render, so the key is not the one the manifests use' : ''}. Check 'files', 'key' and 'verify-render'. Nothing was changed.`,
      );
    }
  }
}

/** Markdown: the rendered image lines before → after, for the job summary and the PR body. */
export function renderComparisonMarkdown(comparisons: RenderComparison[]): string {
  const lines = ['#### Rendered images', ''];
  for (const comparison of comparisons) {
    lines.push(`\`${comparison.label}\`:`, '');
    if (comparison.changed.length === 0) {
      lines.push('No container image changes.', '');
      continue;
    }
    lines.push('```diff');
    for (const change of comparison.changed) {
      lines.push(`- ${change.workload} ${change.container}: ${change.before}`);
      lines.push(`+ ${change.workload} ${change.container}: ${change.after}`);
    }
    lines.push('```', '');
    const unchanged = comparison.after.length - comparison.changed.length;
    if (unchanged > 0) lines.push(`${unchanged} other container${unchanged === 1 ? '' : 's'} unchanged.`, '');
  }
  return lines.join('\n').trimEnd();
}
