// SQL text reduced to what keyword patterns may look at: no comments, strings and quoted names as tokens.
import { stripComments } from './statements.js';

/** A name as the patterns see it: quoted names are replaced by "#n" tokens, so any content matches. */
export const I = String.raw`(?:"#\d+"|[\w$#@]+)`;
export const Q = String.raw`${I}(?:\s*\.\s*${I})*`;

export interface Code {
  /** Comments removed; strings, dollar quotes and quoted names replaced by '~n' and "#n" tokens. */
  text: string;
  names: string[];
  strings: string[];
}

const LEXEMES =
  /\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$|'(?:[^']|'')*'|"(?:[^"]|"")*"|`(?:[^`]|``)*`|(?<![\w$\])])\[(?:[^\]]|\]\])*\]/g;

export function codeOf(sql: string): Code {
  const names: string[] = [];
  const strings: string[] = [];
  const text = stripComments(sql).replace(LEXEMES, (lexeme) => {
    if (lexeme.startsWith("'") || lexeme.startsWith('$')) {
      strings.push(lexeme);
      return `'~${strings.length - 1}'`;
    }
    names.push(unquote(lexeme));
    return `"#${names.length - 1}"`;
  });
  return { text, names, strings };
}

/** A tail of the coded text as written. */
export function restore(text: string, code: Code): string {
  return text
    .replace(/"#(\d+)"/g, (_, n: string) => `"${code.names[Number(n)]!.replace(/"/g, '""')}"`)
    .replace(/'~(\d+)'/g, (_, n: string) => code.strings[Number(n)]!);
}

export function unquote(name: string): string {
  if (/^".*"$/s.test(name)) return name.slice(1, -1).replace(/""/g, '"');
  if (/^`.*`$/s.test(name)) return name.slice(1, -1).replace(/``/g, '`');
  if (/^\[.*\]$/s.test(name)) return name.slice(1, -1).replace(/\]\]/g, ']');
  return name;
}

/** The parts of a qualified name as written ("#n" tokens resolved). */
export function nameParts(qualified: string, code: Code): string[] {
  return qualified.split(/\s*\.\s*/).map((part) => {
    const token = /^"#(\d+)"$/.exec(part);
    return token ? code.names[Number(token[1])]! : part;
  });
}
