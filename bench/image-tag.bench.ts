// Throughput of the image-tag rewrite alone: 1,000 values files (the test corpus, cycled) in memory.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rewriteImageTag, type RewriteOptions } from '../src/image-tag/rewrite.js';

const dir = new URL('../test/fixtures/values/', import.meta.url).pathname;
const cases: { file: string; text: string; options: Omit<RewriteOptions, 'file' | 'values'> }[] = [
  { file: 'helm-chart-values.yaml', options: { keys: ['image.tag', 'migrations.image.tag'] } },
  { file: 'prod-image-tag.yaml', options: {} },
  { file: 'dev-values.crlf.yaml', options: {} },
  { file: 'quoted-with-comments.yaml', options: { keys: ['frontend.image.tag', 'backend.image.tag'] } },
  { file: 'kustomization.yaml', options: { keys: ['api'] } },
  { file: 'flux-markers.yaml', options: {} },
  {
    file: 'multi-doc.yaml',
    options: { keys: ['[kind=Deployment].spec.template.spec.containers[name=web].image'] },
  },
].map((c) => ({ ...c, text: readFileSync(join(dir, c.file), 'utf8') }));
const corpusFiles = readdirSync(dir).length;

const FILES = 1000;
function run(): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < FILES; i++) {
    const c = cases[i % cases.length]!;
    const result = rewriteImageTag(c.text, { file: c.file, ...c.options, values: { tag: `v${i}.0.0` } });
    if (!result.changed) throw new Error(`${c.file} did not change`);
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}
run(); // warm-up
const times = Array.from({ length: 5 }, run).sort((a, b) => a - b);
const median = times[2]!;
console.log(
  `Corpus: ${cases.length} of the ${corpusFiles} fixtures in test/fixtures/values, cycled; median of 5 runs.\n`,
);
console.log('| measure | value | target |');
console.log('|---|---:|---:|');
console.log(`| rewrite ${FILES} values files | ${median.toFixed(0)} ms | < 1000 ms |`);
console.log(`| per file | ${((median * 1000) / FILES).toFixed(0)} µs | |`);

// What verify-render adds: rendering a typical chart (and a Kustomize overlay) before and after the edit,
// in copies of a checkout of test/fixtures/render, with the real tools; median of 5 after a warm-up.
{
  const { cpSync, mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { runProcess } = await import('../src/lib/exec.js');
  const { checkRenders, renderBeforeAfter } = await import('../src/image-tag/render.js');
  const { findTool, TOOLS_PATH } = await import('../test/harness/tool-path.js');
  process.env.PATH = TOOLS_PATH;
  const checkout = mkdtempSync(join(tmpdir(), 'bench-render-'));
  cpSync(new URL('../test/fixtures/render/', import.meta.url).pathname, checkout, { recursive: true });
  const logger = {
    info() {},
    warning() {},
    error() {},
    debug() {},
    group: <T>(_: string, fn: () => Promise<T>) => fn(),
  };
  const renders = [
    { tool: 'helm', dir: 'charts/webapp', file: 'envs/prod/values.yaml', key: 'image.tag' },
    {
      tool: 'kustomize',
      dir: 'kustomize/overlays/prod',
      file: 'kustomize/overlays/prod/kustomization.yaml',
      key: 'api',
    },
  ] as const;
  console.log('\n| render check (before + after, copies of the checkout) | median | target |');
  console.log('|---|---:|---:|');
  for (const spec of renders) {
    if (!findTool(spec.tool)) {
      console.log(
        `| ${spec.tool} ${spec.dir} | skipped: ${spec.tool} is not installed (npm run provision) | < 2000 ms |`,
      );
      continue;
    }
    const text = readFileSync(join(checkout, spec.file), 'utf8');
    const values = { tag: '9.9.9' };
    const after = rewriteImageTag(text, { file: spec.file, keys: [spec.key], values });
    const files = [{ path: spec.file, format: after.format, before: text, after: after.text }];
    const once = async () => {
      const start = process.hrtime.bigint();
      const comparisons = await renderBeforeAfter(checkout, [spec], files, { exec: runProcess, logger });
      checkRenders(comparisons, values, true);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    await once();
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) runs.push(await once());
    runs.sort((a, b) => a - b);
    console.log(`| ${spec.tool} ${spec.dir} | ${runs[2]!.toFixed(0)} ms | < 2000 ms |`);
  }
  rmSync(checkout, { recursive: true, force: true });
}
