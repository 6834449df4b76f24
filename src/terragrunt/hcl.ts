// A small, tolerant HCL reader: enough structure (blocks, attributes, strings with interpolation, function
// calls, references, lists, objects) to find what a Terragrunt config pulls in without running Terragrunt.
// Anything it does not understand (operators, for-expressions, conditionals) becomes an `unknown` value.

export type Expr =
  | { k: 'str'; parts: (string | Expr)[] }
  | { k: 'list'; items: Expr[] }
  | { k: 'obj'; entries: [string, Expr][] }
  | { k: 'call'; name: string; args: Expr[] }
  | { k: 'ref'; path: string[] }
  | { k: 'lit'; value: string }
  | { k: 'unknown'; parts: Expr[] };

export interface Block {
  type: string;
  labels: string[];
  body: Body;
}

export interface Body {
  attrs: Map<string, Expr>;
  blocks: Block[];
}

type TokType = 'id' | 'str' | 'num' | 'p' | 'nl' | 'eof';
interface Tok {
  t: TokType;
  v: string;
}

const ID_START = /[A-Za-z_]/;
const ID_CHAR = /[A-Za-z0-9_-]/;

/** Splits HCL text into tokens; strings keep their raw template text (without quotes). */
export function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  const n = src.length;
  let i = 0;
  while (i < n) {
    const c = src[i]!;
    if (c === '\n') {
      toks.push({ t: 'nl', v: '\n' });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#' || (c === '/' && src[i + 1] === '/')) {
      while (i < n && src[i] !== '\n') i++;
    } else if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '"') {
      const end = scanString(src, i + 1);
      toks.push({ t: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '<' && src[i + 1] === '<' && /[-A-Za-z_]/.test(src[i + 2] ?? '')) {
      // Heredoc: <<EOF or <<-EOF, up to a line holding only the marker. Kept as an opaque literal.
      const m = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(src.slice(i, i + 200));
      if (!m) {
        toks.push({ t: 'p', v: '<' });
        i++;
        continue;
      }
      const marker = m[1]!;
      let j = i + m[0].length;
      for (;;) {
        const lineEnd = src.indexOf('\n', j);
        const line = src.slice(j, lineEnd < 0 ? n : lineEnd);
        if (line.trim() === marker) {
          j = lineEnd < 0 ? n : lineEnd;
          break;
        }
        if (lineEnd < 0) {
          j = n;
          break;
        }
        j = lineEnd + 1;
      }
      toks.push({ t: 'num', v: 'heredoc' });
      i = j;
    } else if (ID_START.test(c)) {
      let j = i + 1;
      while (j < n && ID_CHAR.test(src[j]!)) j++;
      toks.push({ t: 'id', v: src.slice(i, j) });
      i = j;
    } else if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < n && /[0-9.eE]/.test(src[j]!)) j++;
      toks.push({ t: 'num', v: src.slice(i, j) });
      i = j;
    } else {
      // Two-character operators are split; the parser treats any operator as "unknown value".
      toks.push({ t: 'p', v: c });
      i++;
    }
  }
  toks.push({ t: 'eof', v: '' });
  return toks;
}

/** Index of the closing quote of a string starting at `i` (just after the opening quote). */
function scanString(src: string, i: number): number {
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === '\\') i += 2;
    else if (c === '"' || c === '\n') return i;
    else if ((c === '$' || c === '%') && src[i + 1] === '{') i = scanInterpolation(src, i + 2);
    else i++;
  }
  return n;
}

/** Index just after the `}` closing an interpolation that starts at `i` (after `${`). */
function scanInterpolation(src: string, i: number): number {
  let depth = 1;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === '"') i = scanString(src, i + 1) + 1;
    else if (c === '{') {
      depth++;
      i++;
    } else if (c === '}') {
      depth--;
      i++;
      if (depth === 0) return i;
    } else i++;
  }
  return n;
}

/** Splits a raw template into literal text and `${…}` expressions. */
export function parseTemplate(raw: string): (string | Expr)[] {
  const parts: (string | Expr)[] = [];
  let text = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1]!;
      text += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      i += 2;
    } else if ((c === '$' || c === '%') && raw[i + 1] === '{' && raw[i - 1] !== c) {
      const end = scanInterpolation(raw, i + 2);
      if (text) parts.push(text);
      text = '';
      const inner = raw.slice(i + 2, end - 1).replace(/^~|~$/g, '');
      if (c === '$') parts.push(parseExpression(inner));
      else parts.push({ k: 'unknown', parts: [] });
      i = end;
    } else {
      text += c;
      i++;
    }
  }
  if (text) parts.push(text);
  return parts;
}

export function parseExpression(src: string): Expr {
  const parser = new Parser(tokenize(src));
  return parser.expression(true);
}

/** Parses a whole HCL file (or returns what it could read before a syntax error). */
export function parseHcl(src: string): Body {
  return new Parser(tokenize(src)).body(false);
}

const CLOSERS = new Set([')', ']', '}']);

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(offset = 0): Tok {
    return this.toks[Math.min(this.i + offset, this.toks.length - 1)]!;
  }
  private next(): Tok {
    const tok = this.peek();
    if (this.i < this.toks.length - 1) this.i++;
    return tok;
  }
  private skipNewlines(): void {
    while (this.peek().t === 'nl') this.i++;
  }
  private isP(v: string, offset = 0): boolean {
    const tok = this.peek(offset);
    return tok.t === 'p' && tok.v === v;
  }

  body(nested: boolean): Body {
    const body: Body = { attrs: new Map(), blocks: [] };
    for (;;) {
      this.skipNewlines();
      const tok = this.peek();
      if (tok.t === 'eof') return body;
      if (nested && this.isP('}')) {
        this.next();
        return body;
      }
      if (tok.t !== 'id') {
        this.skipLine();
        continue;
      }
      this.next();
      if (this.isP('=') && !this.isP('=', 1)) {
        this.next();
        body.attrs.set(tok.v, this.expression(false));
        continue;
      }
      const labels: string[] = [];
      while (this.peek().t === 'str' || this.peek().t === 'id') labels.push(this.next().v);
      if (this.isP('{')) {
        this.next();
        body.blocks.push({ type: tok.v, labels, body: this.body(true) });
      } else {
        this.skipLine();
      }
    }
  }

  /** Skips to the end of the current line, stepping over bracketed groups. */
  private skipLine(): void {
    let depth = 0;
    for (;;) {
      const tok = this.peek();
      if (tok.t === 'eof') return;
      if (tok.t === 'nl' && depth === 0) return;
      if (tok.t === 'p' && (tok.v === '{' || tok.v === '[' || tok.v === '(')) depth++;
      if (tok.t === 'p' && CLOSERS.has(tok.v)) {
        if (depth === 0) return;
        depth--;
      }
      this.next();
    }
  }

  /** An expression; operators and other constructs fold into `unknown` carrying what was parsed. */
  expression(inParens: boolean): Expr {
    const first = this.primary();
    const tok = this.peek();
    const ends = (t: Tok) =>
      t.t === 'eof' || (t.t === 'nl' && !inParens) || (t.t === 'p' && (t.v === ',' || CLOSERS.has(t.v)));
    if (ends(tok)) return first;
    // Something follows (an operator, a conditional): collect the operands we can read.
    const parts: Expr[] = [first];
    while (!ends(this.peek())) {
      const t = this.peek();
      if (t.t === 'nl' || t.t === 'p') {
        if (t.t === 'p' && (t.v === '(' || t.v === '[' || t.v === '{' || t.v === '"'))
          parts.push(this.primary());
        else this.next();
      } else parts.push(this.primary());
    }
    return { k: 'unknown', parts };
  }

  private primary(): Expr {
    if (this.peek().t === 'nl') this.skipNewlines();
    const tok = this.next();
    let expr: Expr;
    if (tok.t === 'str') expr = { k: 'str', parts: parseTemplate(tok.v) };
    else if (tok.t === 'num') expr = { k: 'lit', value: tok.v };
    else if (tok.t === 'id') {
      if (tok.v === 'true' || tok.v === 'false' || tok.v === 'null') return { k: 'lit', value: tok.v };
      if (this.isP('(')) {
        this.next();
        const args = this.sequence(')');
        expr = { k: 'call', name: tok.v, args };
      } else {
        expr = { k: 'ref', path: [tok.v] };
      }
    } else if (tok.t === 'p' && tok.v === '[') {
      this.skipNewlines();
      if (this.peek().t === 'id' && this.peek().v === 'for') return this.skipGroup(']');
      expr = { k: 'list', items: this.sequence(']') };
    } else if (tok.t === 'p' && tok.v === '{') {
      this.skipNewlines();
      if (this.peek().t === 'id' && this.peek().v === 'for') return this.skipGroup('}');
      expr = this.object();
    } else if (tok.t === 'p' && tok.v === '(') {
      expr = this.expression(true);
      if (this.isP(')')) this.next();
    } else {
      return { k: 'unknown', parts: [] };
    }
    // Traversals: .name, [index], .*
    for (;;) {
      if (this.isP('.') && this.peek(1).t === 'id') {
        this.next();
        const name = this.next().v;
        if (expr.k === 'ref') expr = { k: 'ref', path: [...expr.path, name] };
        else expr = { k: 'unknown', parts: [expr] };
      } else if (this.isP('.') && (this.peek(1).t === 'num' || this.isP('*', 1))) {
        this.next();
        this.next();
        expr = { k: 'unknown', parts: [expr] };
      } else if (this.isP('[')) {
        this.next();
        const index = this.sequence(']');
        expr = { k: 'unknown', parts: [expr, ...index] };
      } else return expr;
    }
  }

  private sequence(close: string): Expr[] {
    const items: Expr[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.peek().t === 'eof') return items;
      if (this.isP(close)) {
        this.next();
        return items;
      }
      if (this.isP(',')) {
        this.next();
        continue;
      }
      if (this.isP('.') && this.isP('.', 1)) {
        this.next();
        this.next();
        this.next();
        continue;
      }
      const before = this.i;
      items.push(this.expression(true));
      if (this.i === before) this.next();
    }
  }

  private object(): Expr {
    const entries: [string, Expr][] = [];
    for (;;) {
      this.skipNewlines();
      const tok = this.peek();
      if (tok.t === 'eof') break;
      if (this.isP('}')) {
        this.next();
        break;
      }
      if (this.isP(',')) {
        this.next();
        continue;
      }
      const before = this.i;
      const key = this.primary();
      const name =
        key.k === 'ref' && key.path.length === 1
          ? key.path[0]!
          : key.k === 'str' && key.parts.every((p) => typeof p === 'string')
            ? key.parts.join('')
            : undefined;
      if (this.isP('=') || this.isP(':')) {
        this.next();
        const value = this.expression(true);
        if (name !== undefined) entries.push([name, value]);
      } else if (this.i === before) this.next();
    }
    return { k: 'obj', entries };
  }

  private skipGroup(close: string): Expr {
    const open = close === ']' ? '[' : '{';
    let depth = 1;
    const parts: Expr[] = [];
    while (this.peek().t !== 'eof') {
      const tok = this.peek();
      if (tok.t === 'p' && tok.v === open) depth++;
      if (tok.t === 'p' && tok.v === close && --depth === 0) {
        this.next();
        break;
      }
      if (tok.t === 'id' && this.isP('(', 1)) parts.push(this.primary());
      else this.next();
    }
    return { k: 'unknown', parts };
  }
}
