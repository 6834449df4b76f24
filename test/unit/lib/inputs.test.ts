import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../../src/lib/errors.js';
import { envInputSource, Inputs } from '../../../src/lib/inputs.js';

const inputsOf = (values: Record<string, string>) => new Inputs((name) => values[name] ?? '');

describe('Inputs', () => {
  it('reads INPUT_ variables the way the runner sets them', () => {
    const inputs = new Inputs(envInputSource({ 'INPUT_ROLE-TO-ASSUME': ' arn ', INPUT_MY_INPUT: 'x' }));
    expect(inputs.optional('role-to-assume')).toBe('arn');
    expect(inputs.optional('my input')).toBe('x');
    expect(inputs.optional('absent')).toBeUndefined();
  });

  it('names the input in a required error', () => {
    expect(() => inputsOf({}).required('tag', 'the image tag to write')).toThrow(
      new ConfigurationError("Input 'tag' is required: the image tag to write."),
    );
  });

  it('parses booleans strictly', () => {
    const inputs = inputsOf({ a: 'true', b: 'False', c: 'maybe' });
    expect(inputs.boolean('a', false)).toBe(true);
    expect(inputs.boolean('b', true)).toBe(false);
    expect(inputs.boolean('missing', true)).toBe(true);
    expect(() => inputs.boolean('c', true)).toThrow(
      "Input 'c' must be one of true, True, TRUE, false, False, FALSE; got 'maybe'.",
    );
    expect(() => inputsOf({ y: 'yes' }).boolean('y', true)).toThrow(ConfigurationError);
  });

  it('parses integers within a range', () => {
    const inputs = inputsOf({ n: '5', bad: '5x', big: '100' });
    expect(inputs.integer('n', 1)).toBe(5);
    expect(inputs.integer('missing', 7)).toBe(7);
    expect(() => inputs.integer('bad', 1)).toThrow(ConfigurationError);
    expect(() => inputs.integer('big', 1, { min: 1, max: 10 })).toThrow('from 1 to 10');
  });

  it('parses durations as seconds within a range', () => {
    const inputs = inputsOf({ a: '90', b: '2m', c: '1h', soon: 'soon', long: '7h' });
    expect(inputs.seconds('a', '10m', { min: 1, max: 6 * 3600 })).toBe(90);
    expect(inputs.seconds('b', '10m', { min: 1, max: 6 * 3600 })).toBe(120);
    expect(inputs.seconds('c', '10m', { min: 1, max: 6 * 3600 })).toBe(3600);
    expect(inputs.seconds('missing', '10m', { min: 1, max: 6 * 3600 })).toBe(600);
    expect(() => inputs.seconds('soon', '10m', { min: 1, max: 60 })).toThrow(
      "Input 'soon' must be seconds or a duration like 10m, from 1 s to 1 min; got 'soon'.",
    );
    expect(() => inputs.seconds('long', '10m', { min: 1, max: 6 * 3600 })).toThrow('from 1 s to 6 h');
  });

  it('checks choices', () => {
    const inputs = inputsOf({ builder: 'kaniko' });
    expect(() => inputs.choice('builder', ['auto', 'docker'], 'auto')).toThrow(
      "Input 'builder' must be one of auto, docker; got 'kaniko'.",
    );
    expect(inputs.choice('other', ['auto', 'docker'], 'auto')).toBe('auto');
  });

  it('splits multiline and list inputs, skipping blanks and comments', () => {
    const inputs = inputsOf({ files: 'a.yaml\n\n  # note\n b.yaml \r\n', tags: 'x, y\nz' });
    expect(inputs.multiline('files')).toEqual(['a.yaml', 'b.yaml']);
    expect(inputs.list('tags')).toEqual(['x', 'y', 'z']);
  });

  it('passes a line starting with # as \\# and keeps commas inside double quotes', () => {
    const inputs = inputsOf({
      files: '# a comment\n\\#hash.yaml\n  \\# spaced',
      exclude: '"modules/{a,b}/**", live/c\n"label, with comma"\n\\#tag',
    });
    expect(inputs.multiline('files')).toEqual(['#hash.yaml', '# spaced']);
    expect(inputs.list('exclude')).toEqual(['modules/{a,b}/**', 'live/c', 'label, with comma', '#tag']);
  });

  it('parses key=value maps and rejects keyless or repeated keys', () => {
    const inputs = inputsOf({
      roles: 'dev=arn:aws:iam::111111111111:role/deploy\nprd = arn:aws:iam::222222222222:role/deploy',
      args: 'A=1,B=x,y',
      keyless: '=v',
      twice: 'a=1\na=2',
    });
    expect([...inputs.map('roles')]).toEqual([
      ['dev', 'arn:aws:iam::111111111111:role/deploy'],
      ['prd', 'arn:aws:iam::222222222222:role/deploy'],
    ]);
    expect([...inputs.map('args')]).toEqual([
      ['A', '1'],
      ['B', 'x,y'],
    ]);
    expect(() => inputs.map('keyless')).toThrow("'=v' has no key");
    expect(() => inputs.map('twice')).toThrow("names 'a' twice");
  });
});
