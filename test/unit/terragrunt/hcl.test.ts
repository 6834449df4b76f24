import { describe, expect, it } from '@jest/globals';
import { parseExpression, parseHcl } from '../../../src/terragrunt/hcl.js';
import { PartialString, pathPattern } from '../../../src/terragrunt/config.js';

describe('parseHcl', () => {
  it('reads a conditional with both branches', () => {
    expect(parseExpression('local.use_local ? "../modules//app" : "git::x"')).toEqual({
      kind: 'conditional',
      condition: { kind: 'reference', path: ['local', 'use_local'] },
      whenTrue: { kind: 'template', parts: ['../modules//app'] },
      whenFalse: { kind: 'template', parts: ['git::x'] },
    });
  });

  it('keeps the operands of an operation and ends an attribute at the newline', () => {
    const body = parseHcl('a = get_env("X", "y") == "true"\nb = "z"\n');
    expect(body.attributes.get('a')).toEqual({
      kind: 'operation',
      operands: [
        {
          kind: 'call',
          name: 'get_env',
          args: [
            { kind: 'template', parts: ['X'] },
            { kind: 'template', parts: ['y'] },
          ],
        },
        { kind: 'template', parts: ['true'] },
      ],
    });
    expect(body.attributes.get('b')).toEqual({ kind: 'template', parts: ['z'] });
  });

  it('reads every entry of a multi-line object', () => {
    const body = parseHcl('inputs = {\n  a = "1"\n  b = { c = "2" }\n  d = "3"\n}\n');
    const inputs = body.attributes.get('inputs');
    expect(inputs?.kind === 'object' && inputs.entries.map(([key]) => key)).toEqual(['a', 'b', 'd']);
  });

  it('reads the interpolations of a heredoc', () => {
    const body = parseHcl('x = <<-EOT\n  ${file("a.txt")}\n  EOT\ny = 1\n');
    const x = body.attributes.get('x');
    expect(x?.kind).toBe('template');
    expect(x?.kind === 'template' && x.parts.some((p) => typeof p !== 'string' && p.kind === 'call')).toBe(
      true,
    );
    expect(body.attributes.get('y')).toEqual({ kind: 'literal', value: '1' });
  });
});

describe('pathPattern', () => {
  it('matches what a partly known path can name, from its known directory', () => {
    const pattern = pathPattern(new PartialString(['../_config/', undefined, '.hcl']), '/repo/live/app')!;
    expect(pattern.test('/repo/live/_config/dev.hcl')).toBe(true);
    expect(pattern.test('/repo/live/_config/dev.yaml')).toBe(false);
    expect(pattern.test('/repo/live/other/dev.hcl')).toBe(false);
  });

  it('is undefined when nothing is known before the first unknown part', () => {
    expect(pathPattern(new PartialString([undefined, '/x.hcl']), '/repo')).toBeUndefined();
  });
});
