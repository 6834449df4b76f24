import { ConfigurationError } from './errors.js';

/** Reads a raw input by name; returns '' when unset. */
export type InputSource = (name: string) => string;

/** Reads inputs the way the runner passes them: INPUT_<NAME> environment variables. */
export function envInputSource(env: NodeJS.ProcessEnv = process.env): InputSource {
  return (name) => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
}

const TRUE_VALUES = ['true', 'True', 'TRUE', 'yes', 'on', '1'];
const FALSE_VALUES = ['false', 'False', 'FALSE', 'no', 'off', '0'];

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
    throw new ConfigurationError(`Input '${name}' must be 'true' or 'false', got '${value}'.`);
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

  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    if (!(choices as readonly string[]).includes(value)) {
      throw new ConfigurationError(`Input '${name}' must be one of ${choices.join(', ')}; got '${value}'.`);
    }
    return value as T;
  }

  /** Non-empty lines, trimmed; lines starting with '#' are comments. */
  multiline(name: string): string[] {
    return this.source(name)
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
  }

  /** Items separated by newlines or commas. */
  list(name: string): string[] {
    return this.multiline(name)
      .flatMap((line) => line.split(','))
      .map((item) => item.trim())
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
