// The job summary of ecr-build-push.
import type { BuildAndPushResult } from './build-and-push.js';

export function summaryMarkdown(result: BuildAndPushResult): string {
  const rows = [
    ['image', `\`${result.image}\``],
    ['tags', result.tags.map((tag) => `\`${tag}\``).join(', ')],
    ['digest', `\`${result.digest}\``],
    ['platforms', result.platforms.join(', ') || 'runner default'],
    ['builder', result.builder ?? '—'],
    ['build seconds', result.buildSeconds === undefined ? '—' : result.buildSeconds.toFixed(1)],
    ['skipped', result.skipped ? `yes: ${result.reason}` : `no: ${result.reason}`],
  ];
  return [
    '### ecr-build-push',
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
  ].join('\n');
}
