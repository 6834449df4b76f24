import { execFileSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
// @ts-expect-error: a plain ESM script without type declarations
import { inputsTable, outputsTable, renderReadme } from '../../../scripts/action-docs.mjs';

const root = new URL('../../..', import.meta.url).pathname;

describe('action READMEs generated from action.yml', () => {
  it('every actions/<name>/README.md has the tables its action.yml generates', () => {
    expect(() =>
      execFileSync(process.execPath, ['scripts/action-docs.mjs', '--check'], { cwd: root, stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('a changed input makes the README stale', () => {
    const readme =
      '# x\n\n<!-- action-docs:inputs -->\n<!-- /action-docs:inputs -->\n<!-- action-docs:outputs -->\n<!-- /action-docs:outputs -->\n';
    const action = { inputs: { tag: { description: 'The tag.', required: true } }, outputs: {} };
    const written = renderReadme(readme, action);
    expect(written).toContain('| `tag` | yes |  | The tag. |');
    expect(renderReadme(written, action)).toBe(written);
    const changed = { inputs: { tag: { description: 'The new tag.', required: true } }, outputs: {} };
    expect(renderReadme(written, changed)).not.toBe(written);
  });

  it('escapes pipes and keeps defaults that are expressions', () => {
    expect(inputsTable({ token: { description: 'a | b', default: '${{ github.token }}' } })).toContain(
      '| `token` |  | `${{ github.token }}` | a \\| b |',
    );
    expect(outputsTable({})).toBe('_No outputs._');
  });

  it('names the markers to add when a README has none', () => {
    expect(() => renderReadme('# x\n', { inputs: {} }, 'actions/x/README.md')).toThrow(
      /actions\/x\/README.md: add the markers <!-- action-docs:inputs -->/,
    );
  });
});
