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
