import { ConfigurationError } from './errors.js';

/** Reads a raw input by name; returns '' when unset. */
export type InputSource = (name: string) => string;

/** Reads inputs the way the runner passes them: INPUT_<NAME> environment variables. */
export function envInputSource(env: NodeJS.ProcessEnv = process.env): InputSource {
  return (name) => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
}

// Exactly the YAML 1.2 core-schema booleans @actions/core's getBooleanInput accepts.
const TRUE_VALUES = ['true', 'True', 'TRUE'];
const FALSE_VALUES = ['false', 'False', 'FALSE'];

/** Typed readers for action inputs; every user mistake is a ConfigurationError naming the input. */
export class Inputs {
  constructor(private readonly source: InputSource = envInputSource()) {}

  /** Trimmed value, or undefined when empty. */
  optional(name: string): string | undefined {
    const value = this.source(name).trim();
    return value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.optional(name) ?? fallback;
  }

  required(name: string, hint?: string): string {
    const value = this.optional(name);
    if (value === undefined) {
      throw new ConfigurationError(`Input '${name}' is required${hint ? `: ${hint}` : ''}.`);
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    if (TRUE_VALUES.includes(value)) return true;
    if (FALSE_VALUES.includes(value)) return false;
    throw new ConfigurationError(
      `Input '${name}' must be one of true, True, TRUE, false, False, FALSE; got '${value}'.`,
    );
  }

  integer(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = range;
    if (!/^-?\d+$/.test(value) || parsed < min || parsed > max) {
      throw new ConfigurationError(
        `Input '${name}' must be a whole number from ${min} to ${max}, got '${value}'.`,
      );
    }
    return parsed;
  }

  /** `600`, `600s`, `10m` or `1h` as seconds, from `min` to `max` seconds. */
  seconds(name: string, fallback: string, range: { min: number; max: number }): number {
    const value = this.string(name, fallback);
    const match = /^(\d+)\s*(s|m|h)?$/.exec(value.trim());
    const total = match
      ? Number(match[1]) * { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h']
      : NaN;
    if (!match || total < range.min || total > range.max) {
      throw new ConfigurationError(
        `Input '${name}' must be seconds or a duration like 10m, from ${span(range.min)} to ${span(range.max)}; got '${value}'.`,
      );
    }
    return total;
  }

  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    if (!(choices as readonly string[]).includes(value)) {
      throw new ConfigurationError(`Input '${name}' must be one of ${choices.join(', ')}; got '${value}'.`);
    }
    return value as T;
  }

  /**
   * Non-empty lines, trimmed. A line starting with '#' is a comment; write `\#` to pass a line that starts
   * with '#' (the backslash is dropped).
   */
  multiline(name: string): string[] {
    return this.source(name)
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => (line.startsWith('\\#') ? line.slice(1) : line));
  }

  /**
   * Items separated by newlines or commas (multiline's comment rules apply). An item in double quotes keeps
   * its commas: `"modules/{a,b}/**", other` is two items.
   */
  list(name: string): string[] {
    return this.multiline(name)
      .flatMap((line) => splitOutsideQuotes(line))
      .map((item) => item.trim())
      .map((item) =>
        item.length >= 2 && item.startsWith('"') && item.endsWith('"') ? item.slice(1, -1) : item,
      )
      .filter((item) => item !== '');
  }

  /** `key=value` lines (or comma-separated pairs), e.g. `dev=arn:aws:iam::111111111111:role/deploy`. */
  map(name: string): Map<string, string> {
    const result = new Map<string, string>();
    for (const item of this.multiline(name).flatMap((line) => splitPairs(line))) {
      const at = item.indexOf('=');
      const key = at > 0 ? item.slice(0, at).trim() : '';
      if (key === '') {
        throw new ConfigurationError(`Input '${name}' takes 'key=value' lines; '${item}' has no key.`);
      }
      if (result.has(key)) {
        throw new ConfigurationError(`Input '${name}' names '${key}' twice.`);
      }
      result.set(key, item.slice(at + 1).trim());
    }
    return result;
  }
}

/** Splits a line on commas that are not inside double quotes. */
function splitOutsideQuotes(line: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    if (char === ',' && !quoted) {
      items.push(current);
      current = '';
    } else current += char;
  }
  items.push(current);
  return items;
}

/** Splits `a=1,b=2` into pairs, but keeps a value with commas and no further `=` whole. */
function splitPairs(line: string): string[] {
  const parts = line.split(',');
  const pairs: string[] = [];
  for (const part of parts) {
    if (pairs.length > 0 && !part.includes('=')) pairs[pairs.length - 1] += `,${part}`;
    else pairs.push(part.trim());
  }
  return pairs;
}

/** 90 → '90 s', 600 → '10 min', 21600 → '6 h'. */
function span(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
