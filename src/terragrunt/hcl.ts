// A small, tolerant HCL reader: enough structure (blocks, attributes, templates, function calls,
// references, lists, objects, conditionals) to find what a Terragrunt or Terraform file pulls in without
// running Terragrunt. Operators become an `operation` whose value is unknown; for-expressions become
// `unknown`, keeping the function calls inside them.

export type Expression =
  | { kind: 'template'; parts: (string | Expression)[] }
  | { kind: 'list'; items: Expression[] }
  | { kind: 'object'; entries: [string, Expression][] }
  | { kind: 'call'; name: string; args: Expression[] }
  | { kind: 'reference'; path: string[] }
  | { kind: 'literal'; value: string }
  | { kind: 'conditional'; condition: Expression; whenTrue: Expression; whenFalse: Expression }
  | { kind: 'operation'; operands: Expression[] }
  | { kind: 'unknown'; parts: Expression[] };

export interface Block {
  type: string;
  labels: string[];
  body: Body;
}

export interface Body {
  attributes: Map<string, Expression>;
  blocks: Block[];
}

type TokenType = 'identifier' | 'string' | 'heredoc' | 'number' | 'punctuation' | 'newline' | 'end';
interface Token {
  type: TokenType;
  /** Identifier or number text, a string's raw template (without quotes), a heredoc's body, a punctuation character. */
  text: string;
}

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_CHAR = /[A-Za-z0-9_-]/;

/** Splits HCL text into tokens; strings and heredocs keep their raw template text. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const n = source.length;
  let i = 0;
  while (i < n) {
    const c = source[i]!;
    if (c === '\n') {
      tokens.push({ type: 'newline', text: '\n' });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#' || (c === '/' && source[i + 1] === '/')) {
      while (i < n && source[i] !== '\n') i++;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === '"') {
      const end = scanString(source, i + 1);
      tokens.push({ type: 'string', text: source.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '<' && source[i + 1] === '<' && /[-A-Za-z_]/.test(source[i + 2] ?? '')) {
      // Heredoc: <<EOF or <<-EOF, up to a line holding only the marker.
      const opening = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(source.slice(i, i + 200));
      if (!opening) {
        tokens.push({ type: 'punctuation', text: '<' });
        i++;
        continue;
      }
      const marker = opening[1]!;
      const start = i + opening[0].length;
      let j = start;
      let bodyEnd = n;
      for (;;) {
        const lineEnd = source.indexOf('\n', j);
        const line = source.slice(j, lineEnd < 0 ? n : lineEnd);
        if (line.trim() === marker) {
          bodyEnd = j;
          j = lineEnd < 0 ? n : lineEnd;
          break;
        }
        if (lineEnd < 0) {
          j = n;
          break;
        }
        j = lineEnd + 1;
      }
      tokens.push({ type: 'heredoc', text: source.slice(start, bodyEnd) });
      i = j;
    } else if (IDENTIFIER_START.test(c)) {
      let j = i + 1;
      while (j < n && IDENTIFIER_CHAR.test(source[j]!)) j++;
      tokens.push({ type: 'identifier', text: source.slice(i, j) });
      i = j;
    } else if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < n && /[0-9.eE]/.test(source[j]!)) j++;
      tokens.push({ type: 'number', text: source.slice(i, j) });
      i = j;
    } else {
      // Two-character operators are split; the parser only needs to know an operator is there.
      tokens.push({ type: 'punctuation', text: c });
      i++;
    }
  }
  tokens.push({ type: 'end', text: '' });
  return tokens;
}

/** Index of the closing quote of a string starting at `i` (just after the opening quote). */
function scanString(source: string, i: number): number {
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    if (c === '\\') i += 2;
    else if (c === '"' || c === '\n') return i;
    else if ((c === '$' || c === '%') && source[i + 1] === '{') i = scanInterpolation(source, i + 2);
    else i++;
  }
  return n;
}

/** Index just after the `}` closing an interpolation that starts at `i` (after `${`). */
function scanInterpolation(source: string, i: number): number {
  let depth = 1;
  const n = source.length;
  while (i < n) {
    const c = source[i]!;
    if (c === '"') i = scanString(source, i + 1) + 1;
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

/** Splits a raw template into literal text and `${…}` expressions (`%{…}` directives are unknown). */
export function parseTemplate(raw: string, escapes = true): (string | Expression)[] {
  const parts: (string | Expression)[] = [];
  let text = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (escapes && c === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1]!;
      text += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      i += 2;
    } else if ((c === '$' || c === '%') && raw[i + 1] === '{' && raw[i - 1] !== c) {
      const end = scanInterpolation(raw, i + 2);
      if (text) parts.push(text);
      text = '';
      const inner = raw.slice(i + 2, end - 1).replace(/^~|~$/g, '');
      parts.push(c === '$' ? parseExpression(inner) : { kind: 'unknown', parts: [] });
      i = end;
    } else {
      text += c;
      i++;
    }
  }
  if (text) parts.push(text);
  return parts;
}

export function parseExpression(source: string): Expression {
  return new Parser(tokenize(source)).expression({ newlineEnds: false });
}

/** Parses a whole HCL file (or returns what it could read before a syntax error). */
export function parseHcl(source: string): Body {
  return new Parser(tokenize(source)).body(false);
}

const CLOSERS = new Set([')', ']', '}']);

interface ExpressionContext {
  /** A newline ends the expression (attribute values, object entries); not inside brackets. */
  newlineEnds: boolean;
  /** A `:` ends it (the true branch of a conditional). */
  colonEnds?: boolean;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const token = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return token;
  }
  private skipNewlines(): void {
    while (this.peek().type === 'newline') this.i++;
  }
  private isPunctuation(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'punctuation' && token.text === text;
  }

  body(nested: boolean): Body {
    const body: Body = { attributes: new Map(), blocks: [] };
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (token.type === 'end') return body;
      if (nested && this.isPunctuation('}')) {
        this.next();
        return body;
      }
      if (token.type !== 'identifier') {
        this.skipLine();
        continue;
      }
      this.next();
      if (this.isPunctuation('=') && !this.isPunctuation('=', 1)) {
        this.next();
        body.attributes.set(token.text, this.expression({ newlineEnds: true }));
        continue;
      }
      const labels: string[] = [];
      while (this.peek().type === 'string' || this.peek().type === 'identifier')
        labels.push(this.next().text);
      if (this.isPunctuation('{')) {
        this.next();
        body.blocks.push({ type: token.text, labels, body: this.body(true) });
      } else {
        this.skipLine();
      }
    }
  }

  /** Skips to the end of the current line, stepping over bracketed groups. */
  private skipLine(): void {
    let depth = 0;
    for (;;) {
      const token = this.peek();
      if (token.type === 'end') return;
      if (token.type === 'newline' && depth === 0) return;
      if (token.type === 'punctuation' && (token.text === '{' || token.text === '[' || token.text === '('))
        depth++;
      if (token.type === 'punctuation' && CLOSERS.has(token.text)) {
        if (depth === 0) return;
        depth--;
      }
      this.next();
    }
  }

  private ends(context: ExpressionContext, token = this.peek()): boolean {
    if (token.type === 'end') return true;
    if (token.type === 'newline') return context.newlineEnds;
    if (token.type !== 'punctuation') return false;
    return (
      token.text === ',' ||
      CLOSERS.has(token.text) ||
      token.text === '?' ||
      (token.text === ':' && context.colonEnds === true)
    );
  }

  /** `a ? b : c`, or an operation, or a single operand. */
  expression(context: ExpressionContext): Expression {
    const condition = this.operation(context);
    if (!this.isPunctuation('?')) return condition;
    this.next();
    const whenTrue = this.expression({ ...context, colonEnds: true });
    if (this.isPunctuation(':')) this.next();
    const whenFalse = this.expression(context);
    return { kind: 'conditional', condition, whenTrue, whenFalse };
  }

  /** Operands joined by operators (`a == b`, `!x`, `a + b`): the value is unknown, the operands are kept. */
  private operation(context: ExpressionContext): Expression {
    const operands: Expression[] = [];
    let operators = 0;
    while (!this.ends(context)) {
      const token = this.peek();
      if (token.type === 'newline') {
        this.next();
      } else if (token.type === 'punctuation' && !['(', '[', '{'].includes(token.text)) {
        this.next();
        operators++;
      } else {
        const before = this.i;
        operands.push(this.primary());
        if (this.i === before) this.next();
      }
    }
    if (operands.length === 1 && operators === 0) return operands[0]!;
    return { kind: 'operation', operands };
  }

  private primary(): Expression {
    if (this.peek().type === 'newline') this.skipNewlines();
    const token = this.next();
    let expression: Expression;
    if (token.type === 'string') expression = { kind: 'template', parts: parseTemplate(token.text) };
    else if (token.type === 'heredoc')
      expression = { kind: 'template', parts: parseTemplate(token.text, false) };
    else if (token.type === 'number') expression = { kind: 'literal', value: token.text };
    else if (token.type === 'identifier') {
      if (token.text === 'true' || token.text === 'false' || token.text === 'null')
        return { kind: 'literal', value: token.text };
      if (this.isPunctuation('(')) {
        this.next();
        expression = { kind: 'call', name: token.text, args: this.sequence(')') };
      } else {
        expression = { kind: 'reference', path: [token.text] };
      }
    } else if (token.type === 'punctuation' && token.text === '[') {
      this.skipNewlines();
      if (this.peek().type === 'identifier' && this.peek().text === 'for') return this.skipGroup(']');
      expression = { kind: 'list', items: this.sequence(']') };
    } else if (token.type === 'punctuation' && token.text === '{') {
      this.skipNewlines();
      if (this.peek().type === 'identifier' && this.peek().text === 'for') return this.skipGroup('}');
      expression = this.object();
    } else if (token.type === 'punctuation' && token.text === '(') {
      expression = this.expression({ newlineEnds: false });
      if (this.isPunctuation(')')) this.next();
    } else {
      return { kind: 'unknown', parts: [] };
    }
    // Traversals: .name, [index], .*
    for (;;) {
      if (this.isPunctuation('.') && this.peek(1).type === 'identifier') {
        this.next();
        const name = this.next().text;
        if (expression.kind === 'reference')
          expression = { kind: 'reference', path: [...expression.path, name] };
        else expression = { kind: 'unknown', parts: [expression] };
      } else if (this.isPunctuation('.') && (this.peek(1).type === 'number' || this.isPunctuation('*', 1))) {
        this.next();
        this.next();
        expression = { kind: 'unknown', parts: [expression] };
      } else if (this.isPunctuation('[')) {
        this.next();
        const index = this.sequence(']');
        expression = { kind: 'unknown', parts: [expression, ...index] };
      } else return expression;
    }
  }

  /** Comma-separated items up to `close` (newlines do not matter inside brackets). */
  private sequence(close: string): Expression[] {
    const items: Expression[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.peek().type === 'end') return items;
      if (this.isPunctuation(close)) {
        this.next();
        return items;
      }
      if (this.isPunctuation(',')) {
        this.next();
        continue;
      }
      if (this.isPunctuation('.') && this.isPunctuation('.', 1)) {
        this.next();
        this.next();
        this.next();
        continue;
      }
      const before = this.i;
      items.push(this.expression({ newlineEnds: false }));
      if (this.i === before) this.next();
    }
  }

  /** `{ key = value, "key" : value }`: entries end at a comma or a newline. */
  private object(): Expression {
    const entries: [string, Expression][] = [];
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (token.type === 'end') break;
      if (this.isPunctuation('}')) {
        this.next();
        break;
      }
      if (this.isPunctuation(',')) {
        this.next();
        continue;
      }
      const before = this.i;
      const key = this.primary();
      const name =
        key.kind === 'reference' && key.path.length === 1
          ? key.path[0]!
          : key.kind === 'template' && key.parts.every((part) => typeof part === 'string')
            ? key.parts.join('')
            : undefined;
      if (this.isPunctuation('=') || this.isPunctuation(':')) {
        this.next();
        const value = this.expression({ newlineEnds: true });
        if (name !== undefined) entries.push([name, value]);
      } else if (this.i === before) this.next();
    }
    return { kind: 'object', entries };
  }

  /** A for-expression: unknown value, keeping the function calls inside it. */
  private skipGroup(close: string): Expression {
    const open = close === ']' ? '[' : '{';
    let depth = 1;
    const parts: Expression[] = [];
    while (this.peek().type !== 'end') {
      const token = this.peek();
      if (token.type === 'punctuation' && token.text === open) depth++;
      if (token.type === 'punctuation' && token.text === close && --depth === 0) {
        this.next();
        break;
      }
      if (token.type === 'identifier' && this.isPunctuation('(', 1)) parts.push(this.primary());
      else this.next();
    }
    return { kind: 'unknown', parts };
  }
}
