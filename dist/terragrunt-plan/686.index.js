export const id = 686;
export const ids = [686];
export const modules = {

/***/ 1686:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runPlan: () => (/* binding */ runPlan)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
;// CONCATENATED MODULE: ./src/terragrunt/changes.ts

/** GitHub lists at most 3,000 files of a pull request. */
const API_FILE_CAP = 3000;
/** Changed files of a PR via the API (renames give both names), or undefined past the API's cap. */
async function changedFilesFromApi(octokit, repo, pullNumber) {
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
        ...repo,
        pull_number: pullNumber,
        per_page: 100,
    });
    if (files.length >= API_FILE_CAP)
        return undefined;
    return [...new Set(files.flatMap((file) => [file.filename, file.previous_filename ?? ''].filter(Boolean)))];
}
/** `git diff --name-only --no-renames base...head` (three dots: changes on head since it left base). */
async function changedFilesFromGit(exec, cwd, base, head, env, threeDot = true) {
    const range = threeDot ? `${base}...${head}` : `${base}..${head}`;
    const result = await exec('git', ['diff', '--name-only', '--no-renames', range], { cwd, env });
    if (result.exitCode !== 0) {
        throw new errors/* ConfigurationError */.j(`git diff ${range} failed (${result.stderr.trim()}): check out with \`fetch-depth: 0\` (actions/checkout) so both commits are present.`);
    }
    return result.stdout
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
}

;// CONCATENATED MODULE: ./src/terragrunt/plan-render.ts
/** GitHub rejects comment bodies of 65,536 characters or more; keep a margin. */
const GITHUB_COMMENT_LIMIT = 65_536;
const DEFAULT_MAX_CHARS = 65_000;
const MARKER_PREFIX = '<!-- platform-actions:terragrunt-plan';
const HASHES_PREFIX = '<!-- platform-actions:terragrunt-plan-hashes ';
const encode = (value) => encodeURIComponent(value).replace(/%2F/gi, '/');
function commentMarker(workflow, dir) {
    return `${MARKER_PREFIX} workflow=${encode(workflow)} dir=${encode(dir)} -->`;
}
/** Reads the marker line of a body: its workflow, dir and head, or undefined when it is not ours. */
function plan_render_parseMarker(body) {
    const match = /<!-- platform-actions:terragrunt-plan workflow=(\S*) dir=(\S*) -->/.exec(body);
    if (!match)
        return undefined;
    const head = /<!-- platform-actions:terragrunt-plan-head (\w+) -->/.exec(body)?.[1];
    return { workflow: decodeURIComponent(match[1]), dir: decodeURIComponent(match[2]), head };
}
/** Per-unit plan hashes recorded in a plan comment. */
function parsePlanHashes(body) {
    const at = body.indexOf(HASHES_PREFIX);
    if (at < 0)
        return new Map();
    const end = body.indexOf(' -->', at);
    try {
        const parsed = JSON.parse(body.slice(at + HASHES_PREFIX.length, end));
        return new Map(Object.entries(parsed));
    }
    catch {
        return new Map();
    }
}
function redact(text, secrets = []) {
    let out = text;
    for (const secret of secrets)
        if (secret && secret.length >= 4)
            out = out.split(secret).join('***');
    return out;
}
const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** A code fence longer than any backtick run inside `text`. */
function fence(text) {
    let longest = 2;
    for (const match of text.matchAll(/`{3,}/g))
        longest = Math.max(longest, match[0].length);
    return '`'.repeat(longest + 1);
}
const ACTIONS_HEADER = /^(?:Terraform|OpenTofu) (?:will perform|used the selected providers)/;
const DIFF_LINE = /^(\s*)(-\/\+|\+\/-|[-+~])(\s)/;
/**
 * Turns a human plan into a ```diff body: the resource changes (from "will perform the following actions"
 * on), with each change symbol moved to the start of its line so GitHub colours it.
 */
function toDiff(plan) {
    const lines = plan
        .replace(/\r\n/g, '\n')
        .replace(new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g'), '')
        .split('\n');
    let start = lines.findIndex((line) => /will perform the following actions/.test(line));
    if (start < 0)
        start = lines.findIndex((line) => ACTIONS_HEADER.test(line) || /^Changes to Outputs:/.test(line));
    const body = start >= 0 ? lines.slice(start + 1) : lines;
    const out = [];
    for (const line of body) {
        if (/^─+$/.test(line.trim()) || /^Note: You didn't use the -out option/.test(line))
            break;
        const match = DIFF_LINE.exec(line);
        if (match) {
            const [, indent = '', symbol = '', space = ''] = match;
            out.push(`${symbol}${indent}${space}${line.slice(match[0].length)}`);
        }
        else
            out.push(line);
    }
    while (out.length > 0 && out[0].trim() === '')
        out.shift();
    while (out.length > 0 && out[out.length - 1].trim() === '')
        out.pop();
    return out.join('\n');
}
function statusCell(result) {
    if (result.status === 'failed')
        return '❌ failed';
    if (result.destroy > 0 || result.replace > 0)
        return '⚠️ destroys';
    if (result.status === 'changes')
        return '📝 changes';
    return '✅ no changes';
}
function summaryLine(result) {
    const counts = [];
    if (result.add)
        counts.push(`${result.add} to add`);
    if (result.change)
        counts.push(`${result.change} to change`);
    if (result.destroy)
        counts.push(`${result.destroy} to destroy`);
    if (result.replace)
        counts.push(`${result.replace} to replace`);
    if (result.import)
        counts.push(`${result.import} to import`);
    if (result.move)
        counts.push(`${result.move} to move`);
    if (result.outputs?.length)
        counts.push(`${result.outputs.length} output${result.outputs.length > 1 ? 's' : ''}`);
    const detail = result.status === 'failed' ? 'failed' : counts.join(', ') || 'no changes';
    return `<code>${escapeHtml(result.unit)}</code> — ${detail}`;
}
function section(result, secrets) {
    const failed = result.status === 'failed';
    const content = redact(failed ? (result.error ?? 'failed').trim() : toDiff(result.diff), secrets);
    const fenceText = fence(content);
    const kind = failed ? 'text' : 'diff';
    const summary = summaryLine(result);
    const lines = content.split('\n');
    const full = detailsBlock(summary, fenceText, kind, content, failed);
    return {
        unit: result.unit,
        full,
        text: full,
        lines,
        summary,
        fence: fenceText,
        kind,
        cut: false,
        stubbed: false,
    };
}
function detailsBlock(summary, fenceText, kind, content, open, note = '') {
    return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${fenceText}${kind}\n${content}\n${fenceText}\n${note}\n</details>\n`;
}
/** Renders the comment body; never longer than maxChars (the table is kept whole). */
function renderPlanComment(results, options) {
    const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
    const secrets = options.secrets ?? [];
    const title = options.title ?? 'Terragrunt plan';
    const failed = results.filter((r) => r.status === 'failed');
    const changed = results.filter((r) => r.status === 'changes');
    const unchanged = results.filter((r) => r.status === 'no-changes');
    const destroying = results.filter((r) => r.status !== 'failed' && (r.destroy > 0 || r.replace > 0));
    const head = [commentMarker(options.workflow, options.dir)];
    if (options.headSha)
        head.push(`<!-- platform-actions:terragrunt-plan-head ${options.headSha} -->`);
    const hashes = {};
    for (const r of results)
        if (r.planHash)
            hashes[r.unit] = r.planHash;
    head.push(`${HASHES_PREFIX}${JSON.stringify(hashes).replace(/--/g, '-\\u002d')} -->`);
    const where = options.dir && options.dir !== '.' ? ` in \`${options.dir}\`` : '';
    const status = failed.length > 0
        ? `❌ **${title} failed** for ${failed.length} of ${results.length} unit${results.length === 1 ? '' : 's'}${where}`
        : changed.length > 0
            ? `📝 **${title}**: ${changed.length} of ${results.length} unit${results.length === 1 ? '' : 's'} with changes${where}`
            : results.length > 0
                ? `✅ **${title}**: no changes in ${results.length} unit${results.length === 1 ? '' : 's'}${where}`
                : `✅ **${title}**: no units affected${where}`;
    head.push(`## ${title}`, '', status, '');
    if (destroying.length > 0) {
        const destroyed = destroying.reduce((sum, r) => sum + r.destroy, 0);
        const replaced = destroying.reduce((sum, r) => sum + r.replace, 0);
        const what = [
            destroyed ? `${destroyed} resource${destroyed === 1 ? '' : 's'} destroyed` : '',
            replaced ? `${replaced} replaced` : '',
        ]
            .filter(Boolean)
            .join(' and ');
        const units = destroying.map((r) => `\`${r.unit}\``).join(', ');
        head.push('> [!CAUTION]', `> **${what}** in ${units}.`, '');
    }
    if (options.removed?.length) {
        head.push('> [!WARNING]', `> Config deleted for ${options.removed.map((u) => `\`${u}\``).join(', ')}: nothing is planned for ${options.removed.length === 1 ? 'it' : 'them'}; destroy ${options.removed.length === 1 ? 'its' : 'their'} resources before removing the config.`, '');
    }
    const table = [];
    const listed = [...failed, ...changed];
    if (listed.length > 0) {
        table.push('| Unit | Add | Change | Destroy | Replace | Status |', '|---|---:|---:|---:|---:|---|');
        for (const r of listed) {
            const n = (value) => (r.status === 'failed' ? '–' : String(value));
            table.push(`| \`${r.unit}\` | ${n(r.add)} | ${n(r.change)} | ${n(r.destroy)} | ${n(r.replace)} | ${statusCell(r)} |`);
        }
        table.push('');
    }
    if (unchanged.length > 0) {
        table.push(`✅ No changes (${unchanged.length}): ${unchanged.map((r) => `\`${r.unit}\``).join(', ')}`, '');
    }
    const sections = listed.map((r) => section(r, secrets));
    const footer = [''];
    const meta = [];
    if (options.headSha)
        meta.push(`Plan of ${options.headSha.slice(0, 7)}`);
    if (options.runUrl)
        meta.push(`[workflow run](${options.runUrl})`);
    if (meta.length)
        footer.push(meta.join(' · '));
    if (options.applyHint && changed.length > 0 && failed.length === 0) {
        footer.push('', 'Comment `/apply` to apply every unit above, or `/apply <unit>` for one unit.');
    }
    const where2 = `the job summary${options.artifactName ? ` and the \`${options.artifactName}\` workflow artifact` : ''}${options.runUrl ? ` of [this run](${options.runUrl})` : ''}`;
    const assemble = (cutNote) => [
        ...head,
        ...table,
        ...sections.map((s) => s.text).filter(Boolean),
        ...(cutNote ? [cutNote] : []),
        ...footer,
    ].join('\n');
    const cutUnits = () => sections.filter((s) => s.cut).map((s) => s.unit);
    const noteFor = () => {
        const units = cutUnits();
        if (units.length === 0)
            return '';
        const named = units.length <= 10 ? units.map((u) => `\`${u}\``).join(', ') : `${units.length} units`;
        return `> [!NOTE]\n> This comment is kept under GitHub's size limit: the plan of ${named} was shortened. Full plans are in ${where2}.\n`;
    };
    // Lengths are tracked arithmetically (assembling 500 units on every step would be quadratic).
    const fixed = assemble('').length - sections.reduce((sum, s) => sum + s.text.length, 0);
    let total = fixed + sections.reduce((sum, s) => sum + s.text.length, 0);
    const NOTE_RESERVE = 1000;
    const byLength = [...sections].sort((a, b) => b.text.length - a.text.length);
    // Shrink the largest details first until the body fits: shorten the diff, else cut it to a stub.
    for (let attempt = 0; attempt < 3 && total > maxChars; attempt++) {
        const budget = maxChars - NOTE_RESERVE;
        for (const largest of byLength) {
            if (total <= budget)
                break;
            if (largest.stubbed)
                continue;
            const before = largest.text.length;
            const target = before - (total - budget);
            largest.cut = true;
            if (target >= 1500)
                largest.text = shorten(largest, target);
            else {
                largest.text = stub(largest);
                largest.stubbed = true;
            }
            total += largest.text.length - before;
        }
        total = assemble(noteFor()).length;
    }
    let body = assemble(noteFor());
    if (body.length > maxChars) {
        // Only the fixed parts are left (hundreds of units): drop the per-unit stubs entirely.
        for (const s of sections) {
            s.text = '';
            s.cut = true;
        }
        body = assemble(noteFor());
        if (body.length > maxChars)
            body = `${body.slice(0, maxChars - 200)}\n\n… (cut: full report in ${where2})\n`;
    }
    return { body, cut: cutUnits() };
}
function shorten(s, target) {
    const overhead = detailsBlock(s.summary, s.fence, s.kind, '', false, '_… N more lines cut._').length + 20;
    const budget = target - overhead;
    const kept = [];
    let used = 0;
    for (const line of s.lines) {
        if (used + line.length + 1 > budget)
            break;
        kept.push(line);
        used += line.length + 1;
    }
    const more = s.lines.length - kept.length;
    return detailsBlock(s.summary, s.fence, s.kind, kept.join('\n'), false, `_… ${more} more line${more === 1 ? '' : 's'} cut._`);
}
function stub(s) {
    return `<details><summary>${s.summary}</summary>\n\n_Plan too large for this comment (${s.lines.length} lines)._\n</details>\n`;
}

;// CONCATENATED MODULE: ./src/lib/sticky-comment.ts
/**
 * Updates the latest comment `isOurs` recognises, or creates one. Reads every page of comments (not only
 * the first 30) so that a busy pull request does not get a second comment; with `skipUnchanged`, an
 * identical body costs no write.
 */
async function upsertStickyComment(github, target, isOurs, body, options = {}) {
    const { owner, repo, issueNumber } = target;
    const comments = (await github.paginate(github.rest.issues.listComments, {
        owner,
        repo,
        issue_number: issueNumber,
        per_page: 100,
    }));
    const ours = comments.filter((comment) => isOurs(comment.body ?? ''));
    const latest = ours.at(-1);
    const older = ours.slice(0, -1);
    if (!latest) {
        const { data } = await github.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
        return { id: data.id, url: data.html_url, created: true, older };
    }
    if (options.skipUnchanged && latest.body === body) {
        return { id: latest.id, url: latest.html_url, created: false, older };
    }
    const { data } = await github.rest.issues.updateComment({ owner, repo, comment_id: latest.id, body });
    return { id: latest.id, url: data.html_url, created: false, older };
}

;// CONCATENATED MODULE: ./src/terragrunt/comment.ts



/** Our plan comments on an issue/PR for this root (and workflow, when given), oldest first. */
async function findPlanComments(octokit, repo, issueNumber, workflow, dir) {
    const comments = (await octokit.paginate(octokit.rest.issues.listComments, {
        ...repo,
        issue_number: issueNumber,
        per_page: 100,
    }));
    return comments.filter((comment) => {
        const marker = parseMarker(comment.body ?? '');
        return (marker !== undefined && (workflow === undefined || marker.workflow === workflow) && marker.dir === dir);
    });
}
async function upsertPlanComment(options) {
    const { octokit, repo, issueNumber, body, logger } = options;
    const isOurs = (text) => {
        const marker = plan_render_parseMarker(text);
        return marker !== undefined && marker.workflow === options.workflow && marker.dir === options.dir;
    };
    const { url, id, created, older } = await upsertStickyComment(octokit, { ...repo, issueNumber }, isOurs, body);
    let minimised = 0;
    for (const comment of older) {
        try {
            await minimiseComment(octokit, comment.node_id);
            minimised++;
        }
        catch (error) {
            logger.warning(`Could not minimise older plan comment ${comment.html_url}: ${(0,errors/* getErrorMessage */.u)(error)}`);
        }
    }
    return { url, id, created, minimised };
}
async function minimiseComment(octokit, nodeId) {
    await octokit.graphql(`mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }`, { id: nodeId });
}
const PLAN_LABELS = ['terragrunt:changes', 'terragrunt:destroy', 'terragrunt:no-changes'];
/** Sets the one plan label that applies and removes the others we own. */
async function setPlanLabels(octokit, repo, issueNumber, state, currentLabels) {
    const wanted = state.hasDestroy
        ? 'terragrunt:destroy'
        : state.hasChanges
            ? 'terragrunt:changes'
            : 'terragrunt:no-changes';
    for (const label of PLAN_LABELS) {
        if (label !== wanted && currentLabels.includes(label)) {
            await octokit.rest.issues
                .removeLabel({ ...repo, issue_number: issueNumber, name: label })
                .catch(() => undefined);
        }
    }
    if (!currentLabels.includes(wanted)) {
        await octokit.rest.issues.addLabels({ ...repo, issue_number: issueNumber, labels: [wanted] });
    }
}

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
// EXTERNAL MODULE: ./node_modules/tinyglobby/dist/index.mjs + 1 modules
var dist = __webpack_require__(3382);
;// CONCATENATED MODULE: ./src/terragrunt/hcl.ts
// A small, tolerant HCL reader: enough structure (blocks, attributes, templates, function calls,
// references, lists, objects, conditionals) to find what a Terragrunt or Terraform file pulls in without
// running Terragrunt. Operators become an `operation` whose value is unknown; for-expressions become
// `unknown`, keeping the function calls inside them.
const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_CHAR = /[A-Za-z0-9_-]/;
/** Splits HCL text into tokens; strings and heredocs keep their raw template text. */
function tokenize(source) {
    const tokens = [];
    const n = source.length;
    let i = 0;
    while (i < n) {
        const c = source[i];
        if (c === '\n') {
            tokens.push({ type: 'newline', text: '\n' });
            i++;
        }
        else if (c === ' ' || c === '\t' || c === '\r') {
            i++;
        }
        else if (c === '#' || (c === '/' && source[i + 1] === '/')) {
            while (i < n && source[i] !== '\n')
                i++;
        }
        else if (c === '/' && source[i + 1] === '*') {
            const end = source.indexOf('*/', i + 2);
            i = end < 0 ? n : end + 2;
        }
        else if (c === '"') {
            const end = scanString(source, i + 1);
            tokens.push({ type: 'string', text: source.slice(i + 1, end) });
            i = end + 1;
        }
        else if (c === '<' && source[i + 1] === '<' && /[-A-Za-z_]/.test(source[i + 2] ?? '')) {
            // Heredoc: <<EOF or <<-EOF, up to a line holding only the marker.
            const opening = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(source.slice(i, i + 200));
            if (!opening) {
                tokens.push({ type: 'punctuation', text: '<' });
                i++;
                continue;
            }
            const marker = opening[1];
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
        }
        else if (IDENTIFIER_START.test(c)) {
            let j = i + 1;
            while (j < n && IDENTIFIER_CHAR.test(source[j]))
                j++;
            tokens.push({ type: 'identifier', text: source.slice(i, j) });
            i = j;
        }
        else if (c >= '0' && c <= '9') {
            let j = i + 1;
            while (j < n && /[0-9.eE]/.test(source[j]))
                j++;
            tokens.push({ type: 'number', text: source.slice(i, j) });
            i = j;
        }
        else {
            // Two-character operators are split; the parser only needs to know an operator is there.
            tokens.push({ type: 'punctuation', text: c });
            i++;
        }
    }
    tokens.push({ type: 'end', text: '' });
    return tokens;
}
/** Index of the closing quote of a string starting at `i` (just after the opening quote). */
function scanString(source, i) {
    const n = source.length;
    while (i < n) {
        const c = source[i];
        if (c === '\\')
            i += 2;
        else if (c === '"' || c === '\n')
            return i;
        else if ((c === '$' || c === '%') && source[i + 1] === '{')
            i = scanInterpolation(source, i + 2);
        else
            i++;
    }
    return n;
}
/** Index just after the `}` closing an interpolation that starts at `i` (after `${`). */
function scanInterpolation(source, i) {
    let depth = 1;
    const n = source.length;
    while (i < n) {
        const c = source[i];
        if (c === '"')
            i = scanString(source, i + 1) + 1;
        else if (c === '{') {
            depth++;
            i++;
        }
        else if (c === '}') {
            depth--;
            i++;
            if (depth === 0)
                return i;
        }
        else
            i++;
    }
    return n;
}
/** Splits a raw template into literal text and `${…}` expressions (`%{…}` directives are unknown). */
function parseTemplate(raw, escapes = true) {
    const parts = [];
    let text = '';
    let i = 0;
    while (i < raw.length) {
        const c = raw[i];
        if (escapes && c === '\\' && i + 1 < raw.length) {
            const next = raw[i + 1];
            text += next === 'n' ? '\n' : next === 't' ? '\t' : next;
            i += 2;
        }
        else if ((c === '$' || c === '%') && raw[i + 1] === '{' && raw[i - 1] !== c) {
            const end = scanInterpolation(raw, i + 2);
            if (text)
                parts.push(text);
            text = '';
            const inner = raw.slice(i + 2, end - 1).replace(/^~|~$/g, '');
            parts.push(c === '$' ? parseExpression(inner) : { kind: 'unknown', parts: [] });
            i = end;
        }
        else {
            text += c;
            i++;
        }
    }
    if (text)
        parts.push(text);
    return parts;
}
function parseExpression(source) {
    return new Parser(tokenize(source)).expression({ newlineEnds: false });
}
/** Parses a whole HCL file (or returns what it could read before a syntax error). */
function parseHcl(source) {
    return new Parser(tokenize(source)).body(false);
}
const CLOSERS = new Set([')', ']', '}']);
class Parser {
    tokens;
    i = 0;
    constructor(tokens) {
        this.tokens = tokens;
    }
    peek(offset = 0) {
        return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
    }
    next() {
        const token = this.peek();
        if (this.i < this.tokens.length - 1)
            this.i++;
        return token;
    }
    skipNewlines() {
        while (this.peek().type === 'newline')
            this.i++;
    }
    isPunctuation(text, offset = 0) {
        const token = this.peek(offset);
        return token.type === 'punctuation' && token.text === text;
    }
    body(nested) {
        const body = { attributes: new Map(), blocks: [] };
        for (;;) {
            this.skipNewlines();
            const token = this.peek();
            if (token.type === 'end')
                return body;
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
            const labels = [];
            while (this.peek().type === 'string' || this.peek().type === 'identifier')
                labels.push(this.next().text);
            if (this.isPunctuation('{')) {
                this.next();
                body.blocks.push({ type: token.text, labels, body: this.body(true) });
            }
            else {
                this.skipLine();
            }
        }
    }
    /** Skips to the end of the current line, stepping over bracketed groups. */
    skipLine() {
        let depth = 0;
        for (;;) {
            const token = this.peek();
            if (token.type === 'end')
                return;
            if (token.type === 'newline' && depth === 0)
                return;
            if (token.type === 'punctuation' && (token.text === '{' || token.text === '[' || token.text === '('))
                depth++;
            if (token.type === 'punctuation' && CLOSERS.has(token.text)) {
                if (depth === 0)
                    return;
                depth--;
            }
            this.next();
        }
    }
    ends(context, token = this.peek()) {
        if (token.type === 'end')
            return true;
        if (token.type === 'newline')
            return context.newlineEnds;
        if (token.type !== 'punctuation')
            return false;
        return (token.text === ',' ||
            CLOSERS.has(token.text) ||
            token.text === '?' ||
            (token.text === ':' && context.colonEnds === true));
    }
    /** `a ? b : c`, or an operation, or a single operand. */
    expression(context) {
        const condition = this.operation(context);
        if (!this.isPunctuation('?'))
            return condition;
        this.next();
        const whenTrue = this.expression({ ...context, colonEnds: true });
        if (this.isPunctuation(':'))
            this.next();
        const whenFalse = this.expression(context);
        return { kind: 'conditional', condition, whenTrue, whenFalse };
    }
    /** Operands joined by operators (`a == b`, `!x`, `a + b`): the value is unknown, the operands are kept. */
    operation(context) {
        const operands = [];
        let operators = 0;
        while (!this.ends(context)) {
            const token = this.peek();
            if (token.type === 'newline') {
                this.next();
            }
            else if (token.type === 'punctuation' && !['(', '[', '{'].includes(token.text)) {
                this.next();
                operators++;
            }
            else {
                const before = this.i;
                operands.push(this.primary());
                if (this.i === before)
                    this.next();
            }
        }
        if (operands.length === 1 && operators === 0)
            return operands[0];
        return { kind: 'operation', operands };
    }
    primary() {
        if (this.peek().type === 'newline')
            this.skipNewlines();
        const token = this.next();
        let expression;
        if (token.type === 'string')
            expression = { kind: 'template', parts: parseTemplate(token.text) };
        else if (token.type === 'heredoc')
            expression = { kind: 'template', parts: parseTemplate(token.text, false) };
        else if (token.type === 'number')
            expression = { kind: 'literal', value: token.text };
        else if (token.type === 'identifier') {
            if (token.text === 'true' || token.text === 'false' || token.text === 'null')
                return { kind: 'literal', value: token.text };
            if (this.isPunctuation('(')) {
                this.next();
                expression = { kind: 'call', name: token.text, args: this.sequence(')') };
            }
            else {
                expression = { kind: 'reference', path: [token.text] };
            }
        }
        else if (token.type === 'punctuation' && token.text === '[') {
            this.skipNewlines();
            if (this.peek().type === 'identifier' && this.peek().text === 'for')
                return this.skipGroup(']');
            expression = { kind: 'list', items: this.sequence(']') };
        }
        else if (token.type === 'punctuation' && token.text === '{') {
            this.skipNewlines();
            if (this.peek().type === 'identifier' && this.peek().text === 'for')
                return this.skipGroup('}');
            expression = this.object();
        }
        else if (token.type === 'punctuation' && token.text === '(') {
            expression = this.expression({ newlineEnds: false });
            if (this.isPunctuation(')'))
                this.next();
        }
        else {
            return { kind: 'unknown', parts: [] };
        }
        // Traversals: .name, [index], .*
        for (;;) {
            if (this.isPunctuation('.') && this.peek(1).type === 'identifier') {
                this.next();
                const name = this.next().text;
                if (expression.kind === 'reference')
                    expression = { kind: 'reference', path: [...expression.path, name] };
                else
                    expression = { kind: 'unknown', parts: [expression] };
            }
            else if (this.isPunctuation('.') && (this.peek(1).type === 'number' || this.isPunctuation('*', 1))) {
                this.next();
                this.next();
                expression = { kind: 'unknown', parts: [expression] };
            }
            else if (this.isPunctuation('[')) {
                this.next();
                const index = this.sequence(']');
                expression = { kind: 'unknown', parts: [expression, ...index] };
            }
            else
                return expression;
        }
    }
    /** Comma-separated items up to `close` (newlines do not matter inside brackets). */
    sequence(close) {
        const items = [];
        for (;;) {
            this.skipNewlines();
            if (this.peek().type === 'end')
                return items;
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
            if (this.i === before)
                this.next();
        }
    }
    /** `{ key = value, "key" : value }`: entries end at a comma or a newline. */
    object() {
        const entries = [];
        for (;;) {
            this.skipNewlines();
            const token = this.peek();
            if (token.type === 'end')
                break;
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
            const name = key.kind === 'reference' && key.path.length === 1
                ? key.path[0]
                : key.kind === 'template' && key.parts.every((part) => typeof part === 'string')
                    ? key.parts.join('')
                    : undefined;
            if (this.isPunctuation('=') || this.isPunctuation(':')) {
                this.next();
                const value = this.expression({ newlineEnds: true });
                if (name !== undefined)
                    entries.push([name, value]);
            }
            else if (this.i === before)
                this.next();
        }
        return { kind: 'object', entries };
    }
    /** A for-expression: unknown value, keeping the function calls inside it. */
    skipGroup(close) {
        const open = close === ']' ? '[' : '{';
        let depth = 1;
        const parts = [];
        while (this.peek().type !== 'end') {
            const token = this.peek();
            if (token.type === 'punctuation' && token.text === open)
                depth++;
            if (token.type === 'punctuation' && token.text === close && --depth === 0) {
                this.next();
                break;
            }
            if (token.type === 'identifier' && this.isPunctuation('(', 1))
                parts.push(this.primary());
            else
                this.next();
        }
        return { kind: 'unknown', parts };
    }
}

;// CONCATENATED MODULE: ./src/terragrunt/config.ts
// Static reading of one Terragrunt unit: the files it pulls in, its local module source and its
// dependencies, evaluated from the HCL without running Terragrunt. Where a value cannot be known, the
// reading fails closed: both branches of a conditional count, a partly known path becomes a pattern, and an
// unknown module source means "any module".



/** A value that is any one of `options` (the branches of a conditional, the arguments of `try`). */
class OneOf {
    options;
    constructor(options) {
        this.options = options;
    }
}
/** A string known only in part: literal text and unknown parts (`undefined`). */
class PartialString {
    parts;
    constructor(parts) {
        this.parts = parts;
    }
    /** The literal text before the first unknown part. */
    get prefix() {
        let text = '';
        for (const part of this.parts) {
            if (part === undefined)
                break;
            text += part;
        }
        return text;
    }
}
const STACK_FILE = 'terragrunt.stack.hcl';
const STACK_DIR = '.terragrunt-stack';
const TERRAFORM_FILE = /\.(?:tf|tofu|tf\.json|tofu\.json)$/;
const FILE_FUNCTIONS = new Set([
    'file',
    'templatefile',
    'filebase64',
    'fileexists',
    'filemd5',
    'filesha1',
    'filesha256',
    'filesha512',
    'filebase64sha256',
    'filebase64sha512',
]);
/** File-system lookups shared by every unit of one detection run. */
class ConfigCache {
    repoRoot;
    parsed = new Map();
    exists = new Map();
    moduleReadsCache = new Map();
    constructor(repoRoot) {
        this.repoRoot = repoRoot;
    }
    parse(file) {
        let body = this.parsed.get(file);
        if (body === undefined) {
            try {
                body = parseHcl((0,external_node_fs_.readFileSync)(file, 'utf8'));
            }
            catch {
                body = null;
            }
            this.parsed.set(file, body);
        }
        return body;
    }
    fileExists(file) {
        let found = this.exists.get(file);
        if (found === undefined) {
            found = (0,external_node_fs_.existsSync)(file);
            this.exists.set(file, found);
        }
        return found;
    }
    isDirectory(path) {
        try {
            return (0,external_node_fs_.statSync)(path).isDirectory();
        }
        catch {
            return false;
        }
    }
    /** The local module calls and file reads in the Terraform files of `dir`. */
    moduleReads(dir) {
        let reads = this.moduleReadsCache.get(dir);
        if (reads)
            return reads;
        reads = { calls: [], files: [], patterns: [], text: '' };
        let names = [];
        try {
            names = (0,external_node_fs_.readdirSync)(dir).filter((name) => TERRAFORM_FILE.test(name));
        }
        catch {
            names = [];
        }
        for (const name of names) {
            const file = (0,external_node_path_.join)(dir, name);
            try {
                reads.text += (0,external_node_fs_.readFileSync)(file, 'utf8');
            }
            catch {
                continue;
            }
            const body = this.parse(file);
            if (!body)
                continue;
            for (const block of body.blocks) {
                if (block.type !== 'module')
                    continue;
                const source = literal(block.body.attributes.get('source'));
                if (source && (source.startsWith('./') || source.startsWith('../')))
                    reads.calls.push((0,external_node_path_.resolve)(dir, source));
            }
            for (const expression of expressionsOf(body))
                collectTerraformReads(expression, dir, reads);
        }
        this.moduleReadsCache.set(dir, reads);
        return reads;
    }
}
function* expressionsOf(body) {
    yield* body.attributes.values();
    for (const block of body.blocks)
        yield* expressionsOf(block.body);
}
/** Calls of file-family functions in Terraform code; `path.module`/`path.root` is the module directory. */
function collectTerraformReads(expression, moduleDir, reads) {
    const visit = (node) => {
        switch (node.kind) {
            case 'call':
                if ((FILE_FUNCTIONS.has(node.name) || node.name === 'fileset') && node.args[0]) {
                    const path = terraformPath(node.args[0], moduleDir);
                    if (node.name === 'fileset') {
                        if (typeof path === 'string')
                            reads.patterns.push(prefixPattern(path.endsWith(external_node_path_.sep) ? path : path + external_node_path_.sep));
                        else if (path)
                            reads.patterns.push(path);
                    }
                    else if (typeof path === 'string')
                        reads.files.push(path);
                    else if (path)
                        reads.patterns.push(path);
                }
                node.args.forEach(visit);
                return;
            case 'template':
                for (const part of node.parts)
                    if (typeof part !== 'string')
                        visit(part);
                return;
            case 'list':
                node.items.forEach(visit);
                return;
            case 'object':
                for (const [, value] of node.entries)
                    visit(value);
                return;
            case 'conditional':
                visit(node.condition);
                visit(node.whenTrue);
                visit(node.whenFalse);
                return;
            case 'operation':
                node.operands.forEach(visit);
                return;
            case 'unknown':
                node.parts.forEach(visit);
                return;
            default:
                return;
        }
    };
    visit(expression);
}
/** A Terraform path argument: a path when fully known, a pattern when partly known. */
function terraformPath(expression, moduleDir) {
    if (expression.kind !== 'template')
        return undefined;
    const parts = expression.parts.map((part) => {
        if (typeof part === 'string')
            return part;
        if (part.kind === 'reference' &&
            part.path[0] === 'path' &&
            ['module', 'root', 'cwd'].includes(part.path[1] ?? ''))
            return moduleDir;
        return undefined;
    });
    if (parts.every((part) => part !== undefined))
        return (0,external_node_path_.resolve)(moduleDir, parts.join(''));
    return pathPattern(new PartialString(parts), moduleDir) ?? undefined;
}
function literal(expression) {
    if (expression?.kind !== 'template' || !expression.parts.every((part) => typeof part === 'string'))
        return undefined;
    return expression.parts.join('');
}
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function prefixPattern(prefix) {
    return new RegExp(`^${escapeRegExp(prefix)}`);
}
/**
 * The files a partly known path can name: the literal prefix (its directory resolved against `baseDir`),
 * then anything for each unknown part. Undefined when nothing is known before the first unknown part.
 */
function pathPattern(value, baseDir) {
    const prefix = value.prefix;
    if (prefix === '')
        return undefined;
    const text = value.parts.map((part) => part ?? '\u0000').join('');
    const cut = prefix.lastIndexOf('/') + 1;
    const dir = (0,external_node_path_.resolve)(baseDir, prefix.slice(0, cut) || '.');
    const rest = text.slice(cut);
    return new RegExp(`^${escapeRegExp(dir.endsWith(external_node_path_.sep) ? dir : dir + external_node_path_.sep)}${rest.split('\u0000').map(escapeRegExp).join('.*')}$`);
}
const MAX_DEPTH = 8;
function newUnit(dir, configFile) {
    return {
        dir,
        configFile,
        files: new Set(),
        filePatterns: [],
        includes: new Set(),
        modules: new Set(),
        moduleTrees: new Set(),
        anyModule: false,
        dependencies: new Set(),
        unresolved: [],
    };
}
/** Reads a unit's terragrunt.hcl and everything it includes. */
function readUnit(cache, unitDir, options = {}) {
    const file = options.configFile ?? (0,external_node_path_.join)(unitDir, 'terragrunt.hcl');
    const unit = newUnit(unitDir, file);
    const body = cache.parse(file);
    if (!body)
        return unit;
    const scope = newScope(unitDir, unitDir, unitDir, body, 0);
    scope.values = options.values;
    // Included files: their locals are exposed as include.<name>.locals; their blocks merge into the unit.
    const bodies = [[body, scope]];
    for (const block of body.blocks.filter((b) => b.type === 'include')) {
        const paths = strings(evaluate(block.body.attributes.get('path'), scope, unit, cache));
        if (paths.length === 0)
            unit.unresolved.push(`include ${block.labels[0] ?? ''} path`);
        for (const path of paths) {
            if (typeof path !== 'string') {
                const pattern = pathPattern(path, unitDir);
                if (pattern)
                    unit.filePatterns.push(pattern);
                unit.unresolved.push(`include ${block.labels[0] ?? ''} path`);
                continue;
            }
            const includePath = (0,external_node_path_.resolve)(unitDir, path);
            unit.files.add(includePath);
            unit.includes.add(includePath);
            const included = cache.parse(includePath);
            if (!included)
                continue;
            const includeScope = newScope(unitDir, unitDir, (0,external_node_path_.dirname)(includePath), included, 1);
            includeScope.includeDir = (0,external_node_path_.dirname)(includePath);
            includeScope.values = options.values;
            scope.includes.set(block.labels[0] ?? '', { locals: evaluateLocals(includeScope, unit, cache) });
            collect(included, includeScope, unit, cache);
            bodies.push([included, includeScope]);
        }
    }
    collect(body, scope, unit, cache);
    // terraform { source }: the unit's own wins over an included one.
    for (const [candidate, candidateScope] of bodies) {
        const terraform = candidate.blocks.find((b) => b.type === 'terraform');
        const sourceExpression = terraform?.body.attributes.get('source');
        if (!sourceExpression)
            continue;
        candidateScope.includes = scope.includes;
        addSources(evaluate(sourceExpression, candidateScope, unit, cache), unit, cache);
        break;
    }
    return unit;
}
function newScope(terragruntDir, originalDir, fileDir, body, depth) {
    const locals = new Map();
    for (const block of body.blocks) {
        if (block.type === 'locals')
            for (const [name, expression] of block.body.attributes)
                locals.set(name, expression);
    }
    return { terragruntDir, originalDir, fileDir, locals, localValues: new Map(), includes: new Map(), depth };
}
/** Walks every attribute (recording the files functions read) and the dependency blocks. */
function collect(body, scope, unit, cache, ownConfig = true) {
    const walk = (blocks) => {
        for (const block of blocks) {
            if (block.type === 'include')
                continue;
            // Dependencies of a config that is only read (read_terragrunt_config) are not the unit's.
            if (!ownConfig && (block.type === 'dependency' || block.type === 'dependencies'))
                continue;
            if (block.type === 'dependency') {
                const paths = strings(evaluate(block.body.attributes.get('config_path'), scope, unit, cache));
                if (paths.length === 0 || paths.some((path) => typeof path !== 'string'))
                    unit.unresolved.push(`dependency "${block.labels[0] ?? ''}" config_path`);
                for (const path of paths)
                    if (typeof path === 'string')
                        addDependency(path, scope.terragruntDir, unit);
                for (const [name, expression] of block.body.attributes)
                    if (name !== 'config_path')
                        evaluate(expression, scope, unit, cache);
                continue;
            }
            if (block.type === 'dependencies') {
                const paths = evaluate(block.body.attributes.get('paths'), scope, unit, cache);
                const items = Array.isArray(paths) ? paths.flatMap((path) => strings(path)) : [];
                if (!Array.isArray(paths) || items.some((path) => typeof path !== 'string'))
                    unit.unresolved.push('dependencies paths');
                for (const path of items)
                    if (typeof path === 'string')
                        addDependency(path, scope.terragruntDir, unit);
                continue;
            }
            for (const expression of block.body.attributes.values())
                evaluate(expression, scope, unit, cache);
            walk(block.body.blocks);
        }
    };
    for (const expression of body.attributes.values())
        evaluate(expression, scope, unit, cache);
    walk(body.blocks);
}
function addDependency(path, baseDir, unit) {
    let dir = (0,external_node_path_.resolve)(baseDir, path);
    if ((0,external_node_path_.basename)(dir).endsWith('.hcl'))
        dir = (0,external_node_path_.dirname)(dir);
    unit.dependencies.add(dir);
}
const REMOTE_SOURCE = /^(?:[a-z0-9]+::|tfr:|git@|github\.com\/|bitbucket\.org\/|https?:|s3:|gcs:)/i;
/** Every module source the value can be: local ones followed, partly known ones as trees, unknown as any. */
function addSources(value, unit, cache) {
    const options = strings(value);
    if (options.length === 0) {
        unit.anyModule = true;
        unit.unresolved.push('terraform source');
        return;
    }
    for (const source of options) {
        if (typeof source === 'string') {
            addLocalSource(source, unit.dir, unit, cache);
            continue;
        }
        const prefix = source.prefix;
        if (REMOTE_SOURCE.test(prefix))
            continue;
        if (prefix === '' || !/[/.]/.test(prefix)) {
            unit.anyModule = true;
            unit.unresolved.push('terraform source');
            continue;
        }
        // `../../modules//${local.name}`: any module under ../../modules.
        const known = prefix.slice(0, prefix.lastIndexOf('/') + 1).replace(/\/\/+/g, '/');
        unit.moduleTrees.add((0,external_node_path_.resolve)(unit.dir, known || '.'));
        unit.unresolved.push('terraform source (any module under its known directory)');
    }
}
function addLocalSource(source, unitDir, unit, cache) {
    if (REMOTE_SOURCE.test(source))
        return;
    // `modules//ecs`: Terragrunt copies `modules` and runs in `modules/ecs`.
    const path = source.split('?')[0].replace(/\/\/+/g, '/');
    addModule((0,external_node_path_.resolve)(unitDir, path), unit, cache);
}
function addModule(dir, unit, cache) {
    const stack = [dir];
    while (stack.length > 0) {
        const next = stack.pop();
        if (unit.modules.has(next))
            continue;
        unit.modules.add(next);
        stack.push(...cache.moduleReads(next).calls);
    }
}
function evaluateLocals(scope, unit, cache) {
    const result = {};
    for (const name of scope.locals.keys())
        result[name] = local(name, scope, unit, cache);
    return result;
}
function local(name, scope, unit, cache) {
    if (scope.localValues.has(name))
        return scope.localValues.get(name);
    scope.localValues.set(name, undefined); // guards against cycles
    const value = evaluate(scope.locals.get(name), scope, unit, cache);
    scope.localValues.set(name, value);
    return value;
}
const UNKNOWN = new PartialString([undefined]);
/** Every string a value can be (an unknown one as a PartialString with no known prefix); empty for lists and objects. */
function strings(value) {
    if (typeof value === 'string' || value instanceof PartialString)
        return [value];
    if (value instanceof OneOf)
        return value.options.flatMap((option) => strings(option));
    if (value === undefined)
        return [UNKNOWN];
    return [];
}
const isStructured = (value) => Array.isArray(value) ||
    (typeof value === 'object' && !(value instanceof OneOf) && !(value instanceof PartialString));
function isRecord(value) {
    return isStructured(value) && !Array.isArray(value);
}
const MAX_OPTIONS = 16;
/** Applies a string function to every option of a value; a partly known or unknown value gives unknown. */
function mapString(value, fn) {
    if (typeof value === 'string')
        return fn(value);
    if (value instanceof OneOf)
        return oneOf(value.options.map((option) => mapString(option, fn)));
    return undefined;
}
function oneOf(options) {
    const unique = [];
    for (const option of options) {
        if (option instanceof OneOf)
            unique.push(...option.options);
        else
            unique.push(option);
    }
    const seen = new Set();
    const kept = unique.filter((option) => {
        if (typeof option !== 'string')
            return true;
        if (seen.has(option))
            return false;
        seen.add(option);
        return true;
    });
    if (kept.length === 1)
        return kept[0];
    return kept.length > MAX_OPTIONS ? undefined : new OneOf(kept);
}
function template(parts, scope, unit, cache) {
    // Each alternative is a list of parts; a OneOf part multiplies them (up to MAX_OPTIONS).
    let alternatives = [[]];
    for (const part of parts) {
        if (typeof part === 'string') {
            for (const alternative of alternatives)
                alternative.push(part);
            continue;
        }
        const value = evaluate(part, scope, unit, cache);
        const options = value instanceof OneOf ? value.options : [value];
        if (alternatives.length * options.length > MAX_OPTIONS) {
            for (const alternative of alternatives)
                alternative.push(undefined);
            continue;
        }
        alternatives = alternatives.flatMap((alternative) => options.map((option) => [
            ...alternative,
            ...(typeof option === 'string'
                ? [option]
                : option instanceof PartialString
                    ? option.parts
                    : option instanceof OneOf
                        ? [undefined]
                        : [undefined]),
        ]));
    }
    const values = alternatives.map((alternative) => {
        if (alternative.every((part) => part !== undefined))
            return alternative.join('');
        // Merge adjacent literals so `prefix` reads the whole known start.
        const merged = [];
        for (const part of alternative) {
            const last = merged.length - 1;
            if (part !== undefined && typeof merged[last] === 'string')
                merged[last] += part;
            else
                merged.push(part);
        }
        return new PartialString(merged);
    });
    return values.length === 1 ? values[0] : oneOf(values);
}
function evaluate(expression, scope, unit, cache) {
    if (!expression)
        return undefined;
    switch (expression.kind) {
        case 'literal':
            return expression.value;
        case 'template':
            return template(expression.parts, scope, unit, cache);
        case 'list':
            return expression.items.map((item) => evaluate(item, scope, unit, cache));
        case 'object': {
            const result = {};
            for (const [key, value] of expression.entries)
                result[key] = evaluate(value, scope, unit, cache);
            return result;
        }
        case 'conditional': {
            const condition = evaluate(expression.condition, scope, unit, cache);
            if (condition === 'true')
                return evaluate(expression.whenTrue, scope, unit, cache);
            if (condition === 'false')
                return evaluate(expression.whenFalse, scope, unit, cache);
            // Unknown condition: either branch (both are read).
            return oneOf([
                evaluate(expression.whenTrue, scope, unit, cache),
                evaluate(expression.whenFalse, scope, unit, cache),
            ]);
        }
        case 'operation':
            for (const operand of expression.operands)
                evaluate(operand, scope, unit, cache);
            return undefined;
        case 'unknown':
            for (const part of expression.parts)
                evaluate(part, scope, unit, cache);
            return undefined;
        case 'reference':
            return reference(expression.path, scope, unit, cache);
        case 'call':
            return call(expression, scope, unit, cache);
    }
}
function reference(path, scope, unit, cache) {
    const [root, ...rest] = path;
    let value;
    if (root === 'local' && rest.length > 0)
        value = local(rest.shift(), scope, unit, cache);
    else if (root === 'include' && rest.length > 0)
        value = scope.includes.get(rest.shift());
    else if (root === 'values')
        value = scope.values;
    else
        return undefined;
    for (const key of rest)
        value = property(value, key);
    return value;
}
function property(value, key) {
    if (value instanceof OneOf)
        return oneOf(value.options.map((option) => property(option, key)));
    return isRecord(value) ? value[key] : undefined;
}
/** Records a file a Terragrunt or Terraform function reads; a partly known path is kept as a pattern. */
function recordRead(path, baseDir, unit, what) {
    const options = strings(path);
    if (options.length === 0)
        unit.unresolved.push(`${what} path`);
    const files = [];
    for (const option of options) {
        if (typeof option === 'string') {
            const file = (0,external_node_path_.resolve)(baseDir, option);
            unit.files.add(file);
            files.push(file);
        }
        else {
            const pattern = pathPattern(option, baseDir);
            if (pattern)
                unit.filePatterns.push(pattern);
            else
                unit.unresolved.push(`${what} path`);
        }
    }
    return files;
}
function call(expression, scope, unit, cache) {
    // Arguments are evaluated on demand: a fallback or default that is not used reads nothing.
    const evaluated = new Map();
    const arg = (index) => {
        if (!evaluated.has(index))
            evaluated.set(index, evaluate(expression.args[index], scope, unit, cache));
        return evaluated.get(index);
    };
    const all = () => expression.args.map((_, index) => arg(index));
    switch (expression.name) {
        case 'get_terragrunt_dir':
            return scope.terragruntDir;
        case 'get_original_terragrunt_dir':
            return scope.originalDir;
        case 'get_parent_terragrunt_dir':
            return scope.includeDir ?? scope.terragruntDir;
        case 'get_repo_root':
            return cache.repoRoot;
        case 'get_path_to_repo_root':
            return (0,external_node_path_.relative)(scope.terragruntDir, cache.repoRoot) || '.';
        case 'get_path_from_repo_root':
            return (0,external_node_path_.relative)(cache.repoRoot, scope.terragruntDir) || '.';
        case 'path_relative_to_include':
            return (0,external_node_path_.relative)(scope.includeDir ?? scope.terragruntDir, scope.terragruntDir) || '.';
        case 'path_relative_from_include':
            return (0,external_node_path_.relative)(scope.terragruntDir, scope.includeDir ?? scope.terragruntDir) || '.';
        case 'dirname':
            return mapString(arg(0), (text) => (0,external_node_path_.dirname)(text));
        case 'basename':
            return mapString(arg(0), (text) => (0,external_node_path_.basename)(text));
        case 'abspath':
            return mapString(arg(0), (text) => (0,external_node_path_.resolve)(scope.originalDir, text));
        case 'trimspace':
            return mapString(arg(0), (text) => text.trim());
        case 'lower':
            return mapString(arg(0), (text) => text.toLowerCase());
        case 'upper':
            return mapString(arg(0), (text) => text.toUpperCase());
        case 'trimprefix': {
            const prefix = arg(1);
            return typeof prefix === 'string'
                ? mapString(arg(0), (text) => (text.startsWith(prefix) ? text.slice(prefix.length) : text))
                : undefined;
        }
        case 'trimsuffix': {
            const suffix = arg(1);
            return typeof suffix === 'string'
                ? mapString(arg(0), (text) => (text.endsWith(suffix) ? text.slice(0, -suffix.length) : text))
                : undefined;
        }
        case 'join': {
            const separator = arg(0);
            const list = arg(1);
            if (typeof separator !== 'string' || !Array.isArray(list) || !list.every((x) => typeof x === 'string'))
                return undefined;
            return list.join(separator);
        }
        case 'format': {
            const values = all();
            const [format, ...rest] = values;
            if (typeof format !== 'string' || !rest.every((x) => typeof x === 'string'))
                return undefined;
            let index = 0;
            return format.replace(/%[sv%]/g, (directive) => directive === '%%' ? '%' : (rest[index++] ?? ''));
        }
        case 'merge': {
            const values = all();
            if (!values.every(isRecord))
                return undefined;
            return Object.assign({}, ...values);
        }
        case 'lookup': {
            const map = arg(0);
            const key = arg(1);
            if (isRecord(map) && typeof key === 'string' && key in map)
                return map[key];
            return expression.args.length > 2 ? arg(2) : undefined;
        }
        case 'try':
        case 'coalesce':
            // The first that works: statically, any of them.
            return oneOf(all());
        case 'find_in_parent_folders':
            return findInParentFolders(expression.args.length === 0 ? 'terragrunt.hcl' : arg(0), () => arg(1), scope, unit, cache);
        case 'read_terragrunt_config': {
            const path = arg(0);
            const options = strings(path);
            if (options.length === 0)
                unit.unresolved.push('read_terragrunt_config path');
            const results = [];
            for (const option of options) {
                if (typeof option !== 'string') {
                    const pattern = pathPattern(option, scope.terragruntDir);
                    if (pattern)
                        unit.filePatterns.push(pattern);
                    else
                        unit.unresolved.push('read_terragrunt_config path');
                    results.push(undefined);
                    continue;
                }
                let file = (0,external_node_path_.resolve)(scope.terragruntDir, option);
                if (cache.isDirectory(file))
                    file = (0,external_node_path_.join)(file, 'terragrunt.hcl');
                unit.files.add(file);
                if (!cache.fileExists(file)) {
                    // Terragrunt returns the default (or fails) without reading anything.
                    results.push(expression.args.length > 1 ? arg(1) : undefined);
                    continue;
                }
                const body = scope.depth < MAX_DEPTH ? cache.parse(file) : null;
                if (!body) {
                    results.push(undefined);
                    continue;
                }
                // Terragrunt re-roots parsing at the file read: get_terragrunt_dir() and relative paths are its own.
                const inner = newScope((0,external_node_path_.dirname)(file), scope.originalDir, (0,external_node_path_.dirname)(file), body, scope.depth + 1);
                collect(body, inner, unit, cache, false);
                results.push({
                    locals: evaluateLocals(inner, unit, cache),
                    inputs: evaluate(body.attributes.get('inputs'), inner, unit, cache),
                });
            }
            return results.length === 0 ? undefined : oneOf(results);
        }
        case 'sops_decrypt_file':
        case 'read_tfvars_file':
        case 'mark_as_read':
            recordRead(arg(0), scope.terragruntDir, unit, expression.name);
            return expression.name === 'mark_as_read' ? arg(0) : undefined;
        default:
            if (FILE_FUNCTIONS.has(expression.name)) {
                recordRead(arg(0), scope.fileDir, unit, expression.name);
                for (let index = 1; index < expression.args.length; index++)
                    arg(index);
                return undefined;
            }
            all();
            return undefined;
    }
}
/** Terragrunt's find_in_parent_folders: the nearest match above the config's directory, else the fallback. */
function findInParentFolders(name, fallback, scope, unit, cache) {
    const names = strings(name);
    if (names.length === 0) {
        unit.unresolved.push('find_in_parent_folders argument');
        return undefined;
    }
    const found = [];
    for (const option of names) {
        if (typeof option !== 'string') {
            unit.unresolved.push('find_in_parent_folders argument');
            found.push(undefined);
            continue;
        }
        if ((0,external_node_path_.isAbsolute)(option)) {
            found.push(option);
            continue;
        }
        let match;
        for (let dir = (0,external_node_path_.dirname)(scope.terragruntDir);; dir = (0,external_node_path_.dirname)(dir)) {
            const candidate = (0,external_node_path_.join)(dir, option);
            // A nearer candidate that does not exist still matters: deleting it changes which file is found.
            unit.files.add(candidate);
            if (cache.fileExists(candidate)) {
                match = candidate;
                break;
            }
            if ((0,external_node_path_.dirname)(dir) === dir || !isInside(dir, cache.repoRoot))
                break;
        }
        found.push(match ?? fallback());
    }
    return oneOf(found);
}
function isInside(path, root) {
    return path === root || path.startsWith(root.endsWith(external_node_path_.sep) ? root : root + external_node_path_.sep);
}
/**
 * The units a stack file generates, following nested `stack` blocks. `stackDir` is where the file is (or
 * would be generated), `file` the file to read (a nested stack's comes from its source).
 */
function readStack(cache, stackDir, file = (0,external_node_path_.join)(stackDir, STACK_FILE), values, outer = [], depth = 0) {
    const body = cache.parse(file);
    if (!body || depth > MAX_DEPTH)
        return [];
    const reads = newUnit(stackDir, file);
    const scope = newScope(stackDir, stackDir, stackDir, body, 0);
    scope.values = values;
    const stackFiles = [...outer, file];
    const outermost = stackFiles[0];
    const units = [];
    const generated = [];
    for (const block of body.blocks) {
        if (block.type !== 'unit' && block.type !== 'stack')
            continue;
        const source = strings(evaluate(block.body.attributes.get('source'), scope, reads, cache));
        const path = strings(evaluate(block.body.attributes.get('path'), scope, reads, cache));
        const noStackDir = evaluate(block.body.attributes.get('no_dot_terragrunt_stack'), scope, reads, cache) === 'true';
        const blockValues = evaluate(block.body.attributes.get('values'), scope, reads, cache);
        const name = `${block.type} "${block.labels[0] ?? ''}"`;
        if (path.length !== 1 || typeof path[0] !== 'string') {
            reads.unresolved.push(`${name} path`);
            continue;
        }
        const dir = (0,external_node_path_.resolve)(noStackDir ? stackDir : (0,external_node_path_.join)(stackDir, STACK_DIR), path[0]);
        const local = source.length === 1 && typeof source[0] === 'string' && !REMOTE_SOURCE.test(source[0]);
        if (!local)
            reads.unresolved.push(`${name} source`);
        generated.push({
            block,
            dir,
            source: local ? (0,external_node_path_.resolve)(stackDir, source[0].replace(/\/\/+/g, '/')) : undefined,
            values: blockValues,
        });
    }
    // Every unit of the stack is affected by the stack file and by whatever it reads.
    const filesRead = [...stackFiles, ...reads.files];
    for (const item of generated) {
        if (item.block.type === 'unit') {
            units.push({
                dir: item.dir,
                sourceDir: item.source,
                values: item.values,
                stackFiles: filesRead,
                stackFile: outermost,
                unresolved: [...reads.unresolved],
            });
        }
        else if (item.source) {
            units.push(...readStack(cache, item.dir, (0,external_node_path_.join)(item.source, STACK_FILE), item.values, filesRead, depth + 1));
        }
    }
    return units;
}
/** A stack unit read as a unit: its source's terragrunt.hcl evaluated at the generated location. */
function readStackUnit(cache, stackUnit) {
    const unit = stackUnit.sourceDir
        ? readUnit(cache, stackUnit.dir, {
            configFile: (0,external_node_path_.join)(stackUnit.sourceDir, 'terragrunt.hcl'),
            values: stackUnit.values,
        })
        : newUnit(stackUnit.dir, (0,external_node_path_.join)(stackUnit.dir, 'terragrunt.hcl'));
    unit.stackFile = stackUnit.stackFile;
    for (const file of stackUnit.stackFiles)
        unit.files.add(file);
    // The source directory is copied into the unit: any file in it counts.
    if (stackUnit.sourceDir)
        unit.moduleTrees.add(stackUnit.sourceDir);
    else
        unit.unresolved.push('stack unit source (remote or unknown: only stack file edits are seen)');
    unit.unresolved.push(...stackUnit.unresolved);
    return unit;
}

;// CONCATENATED MODULE: ./src/terragrunt/detect.ts
// Change detection: which Terragrunt units a set of changed files affects, read statically (no
// Terragrunt process per unit) so that thousands of units take well under the time of one plan.





const CONFIG_FILE = 'terragrunt.hcl';
const IGNORE = [
    '**/.terragrunt-cache/**',
    '**/.terragrunt-stack/**',
    '**/.terraform/**',
    '**/node_modules/**',
    '**/.git/**',
];
const MAX_REASONS = 3;
/** Every unit directory below rootDir (absolute), excluding files only included by other units. */
async function findUnits(rootDir, cache) {
    const files = await (0,dist/* glob */.TI)([`**/${CONFIG_FILE}`, `**/${STACK_FILE}`], {
        cwd: rootDir,
        ignore: IGNORE,
        absolute: false,
        dot: false,
    });
    const units = new Map();
    const stackFiles = [];
    for (const file of files.sort()) {
        const dir = (0,external_node_path_.resolve)(rootDir, (0,external_node_path_.dirname)(file));
        if (file === STACK_FILE || file.endsWith(`/${STACK_FILE}`))
            stackFiles.push(dir);
        else
            units.set(dir, readUnit(cache, dir));
    }
    // A terragrunt.hcl that other units include is configuration, not a unit (one they only read stays).
    const pulledIn = new Set();
    for (const unit of units.values())
        for (const file of unit.includes)
            pulledIn.add(file);
    for (const dir of [...units.keys()]) {
        const configFile = (0,external_node_path_.join)(dir, CONFIG_FILE);
        const body = cache.parse(configFile);
        const isRootWithoutSource = dir === rootDir && !body?.blocks.some((b) => b.type === 'terraform');
        if (pulledIn.has(configFile) || isRootWithoutSource)
            units.delete(dir);
    }
    // Stack units, at the place `terragrunt stack generate` puts them. A unit's source directory is a
    // template (its values come from the stack), not a unit of its own.
    const stackUnits = stackFiles.flatMap((stackDir) => readStack(cache, stackDir));
    for (const stackUnit of stackUnits)
        if (stackUnit.sourceDir)
            units.delete(stackUnit.sourceDir);
    for (const stackUnit of stackUnits)
        units.set(stackUnit.dir, readStackUnit(cache, stackUnit));
    return units;
}
/** Files that Terraform and Terragrunt never read unless a configuration names them. */
const DOCUMENTATION = /(?:\.(?:md|markdown|rst|adoc)|^(?:LICEN[CS]E|CHANGELOG|CODEOWNERS|NOTICE)(?:\..*)?|^\.(?:gitignore|gitattributes|editorconfig|terraform-docs\.ya?ml|tflint\.hcl|pre-commit-config\.ya?ml)|\.tftest\.(?:hcl|json)|\.tfmock\.hcl)$/i;
const TERRAFORM_CONFIG = /(?:\.(?:tf|tofu)(?:\.json)?|^\.terraform\.lock\.hcl)$/;
function isDocumentation(file) {
    return DOCUMENTATION.test((0,external_node_path_.basename)(file));
}
async function detectUnits(options) {
    const repoRoot = (0,external_node_path_.resolve)(options.repoRoot);
    const rootDir = (0,external_node_path_.resolve)(options.rootDir);
    const cache = new ConfigCache(repoRoot);
    const units = await findUnits(rootDir, cache);
    const rel = (abs) => (0,external_node_path_.relative)(rootDir, abs).split(external_node_path_.sep).join('/') || '.';
    const relRepo = (abs) => (0,external_node_path_.relative)(repoRoot, abs).split(external_node_path_.sep).join('/') || '.';
    const reasons = new Map();
    const select = (dir, reason) => {
        const list = reasons.get(dir);
        if (!list)
            reasons.set(dir, [reason]);
        else if (list.length < MAX_REASONS && !list.includes(reason))
            list.push(reason);
    };
    const removed = [];
    if (options.all) {
        for (const dir of units.keys())
            select(dir, 'all units');
    }
    else {
        // Indexes: file → units reading it; module directory → units using it; and the partly known ones.
        const byFile = new Map();
        const byModule = new Map();
        const byModuleTree = new Map();
        const byModuleRead = new Map();
        const patterns = [];
        const anyModule = [];
        for (const unit of units.values()) {
            for (const file of unit.files)
                push(byFile, file, unit.dir);
            for (const pattern of unit.filePatterns)
                patterns.push([pattern, unit.dir, 'may read']);
            for (const dir of unit.modules) {
                push(byModule, dir, unit.dir);
                const reads = cache.moduleReads(dir);
                for (const file of reads.files)
                    push(byModuleRead, file, unit.dir);
                for (const pattern of reads.patterns)
                    patterns.push([pattern, unit.dir, 'module may read']);
            }
            for (const dir of unit.moduleTrees)
                push(byModuleTree, dir, unit.dir);
            if (unit.anyModule)
                anyModule.push(unit.dir);
        }
        for (const changed of options.changedFiles) {
            const abs = (0,external_node_path_.resolve)(repoRoot, changed);
            if (abs.includes(`${external_node_path_.sep}.terragrunt-cache${external_node_path_.sep}`))
                continue;
            const documentation = isDocumentation(abs);
            for (const dir of byFile.get(abs) ?? [])
                select(dir, `reads ${relRepo(abs)}`);
            for (const dir of byModuleRead.get(abs) ?? [])
                select(dir, `module reads ${relRepo(abs)}`);
            for (const [pattern, dir, verb] of patterns)
                if (pattern.test(abs))
                    select(dir, `${verb} ${relRepo(abs)}`);
            let ownerFound = false;
            let moduleFile = TERRAFORM_CONFIG.test((0,external_node_path_.basename)(abs));
            for (let dir = (0,external_node_path_.dirname)(abs);; dir = (0,external_node_path_.dirname)(dir)) {
                if (!ownerFound && units.has(dir)) {
                    ownerFound = true;
                    const named = units.get(dir).files.has(abs) || cache.moduleReads(dir).text.includes((0,external_node_path_.basename)(abs));
                    if (!documentation || named)
                        select(dir, `changed ${relRepo(abs)}`);
                }
                const users = byModule.get(dir);
                if (users && moduleFileCounts(abs, dir, cache)) {
                    for (const unitDir of users)
                        select(unitDir, `module ${relRepo(dir)}`);
                }
                if (!documentation)
                    for (const unitDir of byModuleTree.get(dir) ?? [])
                        select(unitDir, `module under ${relRepo(dir)}`);
                if (!moduleFile && !documentation && anyModule.length > 0 && cache.moduleReads(dir).text !== '')
                    moduleFile = true;
                if (dir === repoRoot || (0,external_node_path_.dirname)(dir) === dir)
                    break;
            }
            if (moduleFile && !documentation) {
                for (const dir of anyModule)
                    select(dir, `module source unknown, so any module change: ${relRepo(abs)}`);
            }
            if ((0,external_node_path_.basename)(abs) === CONFIG_FILE &&
                isInside(abs, rootDir) &&
                !units.has((0,external_node_path_.dirname)(abs)) &&
                !(0,external_node_fs_.existsSync)(abs)) {
                removed.push((0,external_node_path_.dirname)(abs));
            }
        }
        const dependents = new Map();
        for (const unit of units.values())
            for (const dep of unit.dependencies)
                push(dependents, dep, unit.dir);
        // A unit whose dependency was removed (or moved away) breaks: it is affected, dependents wanted or not.
        for (const dir of removed)
            for (const dependent of dependents.get(dir) ?? [])
                select(dependent, `depends on removed ${rel(dir)}`);
        if (options.includeDependents) {
            const queue = [...reasons.keys()];
            while (queue.length > 0) {
                const dir = queue.shift();
                for (const dependent of dependents.get(dir) ?? []) {
                    if (reasons.has(dependent))
                        continue;
                    select(dependent, `depends on ${rel(dir)}`);
                    queue.push(dependent);
                }
            }
        }
    }
    const isExcluded = picomatch_default()(options.exclude ?? [], { dot: true });
    const excluded = [];
    const chosen = [];
    for (const dir of reasons.keys()) {
        if ((options.exclude?.length ?? 0) > 0 && isExcluded(rel(dir)))
            excluded.push(rel(dir));
        else
            chosen.push(dir);
    }
    const warnings = [];
    for (const dir of chosen) {
        const unit = units.get(dir);
        if (unit.anyModule)
            warnings.push(`${rel(dir)}: its terraform source could not be read statically, so any module change selects it`);
        const other = [...new Set(unit.unresolved)].filter((what) => what !== 'terraform source');
        if (other.length > 0)
            warnings.push(`${rel(dir)}: could not read ${other.join(', ')} statically`);
    }
    const ordered = dependencyOrder(chosen, units);
    return {
        units: ordered.map((dir) => {
            const unit = units.get(dir);
            return {
                path: rel(dir),
                reasons: reasons.get(dir) ?? [],
                dependencies: [...unit.dependencies].filter((d) => isInside(d, rootDir)).map(rel),
                ...(unit.stackFile ? { stack: rel((0,external_node_path_.dirname)(unit.stackFile)) } : {}),
            };
        }),
        total: units.size,
        excluded: excluded.sort(),
        removed: [...new Set(removed.map(rel))].sort(),
        warnings,
    };
}
/**
 * Whether a changed file inside module directory `dir` is one Terraform reads: a configuration file of
 * the module itself (not of a subdirectory such as `examples/`), or any other file except documentation
 * that the module's configuration does not name.
 */
function moduleFileCounts(file, dir, cache) {
    const path = (0,external_node_path_.relative)(dir, file);
    const nested = path.includes(external_node_path_.sep);
    const name = (0,external_node_path_.basename)(file);
    if (TERRAFORM_CONFIG.test(name))
        return !nested;
    if (isDocumentation(file))
        return cache.moduleReads(dir).text.includes(name);
    return true;
}
function push(map, key, value) {
    const list = map.get(key);
    if (list)
        list.push(value);
    else
        map.set(key, [value]);
}
/** Sorted by path, then stably reordered so every unit comes after the selected units it depends on. */
function dependencyOrder(dirs, units) {
    const selected = new Set(dirs);
    const done = new Set();
    const visiting = new Set();
    const order = [];
    const visit = (dir) => {
        if (done.has(dir) || visiting.has(dir))
            return; // a cycle is Terragrunt's error to report
        visiting.add(dir);
        for (const dep of [...(units.get(dir)?.dependencies ?? [])].sort())
            if (selected.has(dep))
                visit(dep);
        visiting.delete(dir);
        done.add(dir);
        order.push(dir);
    };
    for (const dir of [...dirs].sort())
        visit(dir);
    return order;
}
/**
 * Groups units into at most `maxJobs` matrix entries (GitHub allows 256 jobs per matrix). Units of the
 * same environment directory stay together where the groups allow. Removed units get one entry of their
 * own, so the report hears of them even when nothing else is planned.
 */
function toMatrix(units, maxJobs = 64, removed = []) {
    const include = [];
    const jobs = Math.max(1, removed.length > 0 ? maxJobs - 1 : maxJobs);
    if (units.length > 0) {
        const perJob = Math.ceil(units.length / jobs);
        const sorted = [...units].map((u) => u.path).sort();
        for (let i = 0; i < sorted.length; i += perJob) {
            const group = sorted.slice(i, i + perJob);
            include.push({ name: groupName(group), units: group.join(' '), removed: '' });
        }
    }
    if (removed.length > 0) {
        const sorted = [...removed].sort();
        include.push({ name: `removed: ${groupName(sorted)}`, units: '', removed: sorted.join(' ') });
    }
    return { include };
}
const groupName = (group) => (group.length === 1 ? group[0] : `${group[0]} +${group.length - 1}`);

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/terragrunt/plan-json.ts
// Reads `show -json` of a saved plan: exact counts, resource addresses and a stable hash of what the plan
// would do (recorded in the plan comment so apply can refuse a plan that differs from the reviewed one).

function actionOf(actions) {
    const key = actions.join(',');
    switch (key) {
        case 'create':
            return 'create';
        case 'delete':
            return 'delete';
        case 'update':
            return 'update';
        case 'delete,create':
        case 'create,delete':
            return 'replace';
        case 'read':
            return 'read';
        case 'forget':
            return 'forget';
        default:
            return undefined;
    }
}
/** JSON with sorted keys, so equal plans hash equally. */
function stable(value) {
    if (Array.isArray(value))
        return `[${value.map(stable).join(',')}]`;
    if (value && typeof value === 'object') {
        const entries = Object.entries(value).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
    }
    return JSON.stringify(value ?? null);
}
function summarisePlan(json) {
    const plan = typeof json === 'string' ? JSON.parse(json) : json;
    const summary = {
        add: 0,
        change: 0,
        destroy: 0,
        replace: 0,
        import: 0,
        move: 0,
        resources: [],
        outputs: [],
        hasChanges: false,
    };
    const hashed = [];
    for (const rc of plan.resource_changes ?? []) {
        const action = actionOf(rc.change.actions);
        const moved = rc.previous_address !== undefined && rc.previous_address !== rc.address;
        const importing = rc.change.importing !== undefined && rc.change.importing !== null;
        if (action === 'read' || (action === undefined && !moved && !importing))
            continue;
        if (action === 'create')
            summary.add++;
        else if (action === 'update')
            summary.change++;
        else if (action === 'delete')
            summary.destroy++;
        else if (action === 'replace')
            summary.replace++;
        if (moved)
            summary.move++;
        if (importing)
            summary.import++;
        const change = {
            address: rc.address,
            action: action ?? (importing ? 'import' : 'move'),
        };
        if (moved)
            change.previousAddress = rc.previous_address;
        summary.resources.push(change);
        hashed.push({
            address: rc.address,
            previous: rc.previous_address ?? null,
            actions: rc.change.actions,
            before: rc.change.before ?? null,
            after: rc.change.after ?? null,
            unknown: rc.change.after_unknown ?? null,
            importing: importing ? rc.change.importing : null,
        });
    }
    for (const [name, oc] of Object.entries(plan.output_changes ?? {})) {
        if (oc.actions.join(',') === 'no-op')
            continue;
        summary.outputs.push(name);
        hashed.push({
            output: name,
            actions: oc.actions,
            after: oc.after ?? null,
            unknown: oc.after_unknown ?? null,
        });
    }
    summary.hasChanges = summary.resources.length > 0 || summary.outputs.length > 0;
    summary.planHash = (0,external_node_crypto_.createHash)('sha256').update(stable(hashed)).digest('hex');
    return summary;
}

;// CONCATENATED MODULE: ./src/terragrunt/types.ts
function emptyResult(unit) {
    return {
        unit,
        status: 'no-changes',
        add: 0,
        change: 0,
        destroy: 0,
        replace: 0,
        import: 0,
        move: 0,
        resources: [],
        diff: '',
    };
}

;// CONCATENATED MODULE: ./src/terragrunt/run.ts
// Runs Terragrunt for a set of units: plan each unit to a file, read `show -json` for exact counts and a
// plan hash, keep the human diff, and apply saved plans in dependency order. Each unit is its own process
// so a unit that fails shows its own error without hiding the others.






function parseVersion(text) {
    const match = /v?(\d+)\.(\d+)\.(\d+)/.exec(text);
    if (!match)
        return undefined;
    return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]), raw: match[0] };
}
/** Terragrunt 0.90 removed `run-all` and the `--terragrunt-*` flags in favour of `run --all` and TG_*. */
function isModernTerragrunt(version) {
    if (!version)
        return true;
    return version.major > 0 || version.minor >= 90;
}
/** Environment settings that keep Terragrunt and the tf binary non-interactive and colourless. */
function terragruntEnv(version, tfPath) {
    const env = { TF_IN_AUTOMATION: '1', TF_INPUT: '0', NO_COLOR: '1' };
    if (isModernTerragrunt(version)) {
        Object.assign(env, { TG_NON_INTERACTIVE: 'true', TG_NO_COLOR: 'true', TG_TF_FORWARD_STDOUT: 'true' });
        if (tfPath)
            env.TG_TF_PATH = tfPath;
    }
    else {
        Object.assign(env, { TERRAGRUNT_NON_INTERACTIVE: 'true', TERRAGRUNT_NO_COLOR: 'true' });
        if (tfPath)
            env.TERRAGRUNT_TFPATH = tfPath;
    }
    return env;
}
/**
 * The arguments for one unit: `run -- <command>` on Terragrunt >= 0.90 (the `run` command), the bare
 * command before it.
 */
function unitArgs(version, command) {
    return isModernTerragrunt(version) ? ['run', '--', ...command] : command;
}
/**
 * The single-process form over many units (`run --all` on >= 0.90, `run-all` before), for callers that
 * want Terragrunt to order a whole tree itself (e.g. `run --all apply` of everything on merge).
 */
function allUnitsArgs(version, command, includeDirs, parallelism) {
    if (isModernTerragrunt(version)) {
        return [
            'run',
            '--all',
            '--parallelism',
            String(parallelism),
            ...includeDirs.flatMap((dir) => ['--queue-include-dir', dir]),
            ...(includeDirs.length > 0 ? ['--queue-strict-include'] : []),
            '--',
            ...command,
        ];
    }
    return [
        'run-all',
        ...command,
        '--terragrunt-parallelism',
        String(parallelism),
        ...includeDirs.flatMap((dir) => ['--terragrunt-include-dir', dir]),
        ...(includeDirs.length > 0 ? ['--terragrunt-strict-include'] : []),
    ];
}
/** Runs `fn` over `items` with at most `limit` at once, keeping the input order in the result. */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await fn(items[index], index);
        }
    });
    await Promise.all(workers);
    return results;
}
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
/** The useful part of a failed run's output: from the first error on, at most 80 lines. */
function errorText(result) {
    const text = `${result.stderr}\n${result.stdout}`.replace(ANSI, '').replace(/\r\n/g, '\n');
    const lines = text
        .split('\n')
        .filter((line) => !/^\d\d:\d\d:\d\d\.\d+\s+INFO\s/.test(line))
        .map((line) => line.replace(/^\d\d:\d\d:\d\d\.\d+ (?:ERROR {2}|WARN {3}|STDERR |STDOUT )/, ''))
        .filter((line) => line.trim() !== '');
    const first = lines.findIndex((line) => /\berror\b|│ Error|^Error/i.test(line));
    const kept = (first >= 0 ? lines.slice(first) : lines.slice(-80)).slice(0, 80);
    return kept.join('\n') || `exited with code ${result.exitCode}`;
}
/** First `{` line on: Terragrunt may print log lines before the JSON on older versions. */
function extractJson(stdout) {
    const at = stdout.search(/^\{/m);
    return at >= 0 ? stdout.slice(at) : stdout;
}
const slug = (unit) => unit.replace(/[^A-Za-z0-9._-]+/g, '_');
class TerragruntRunner {
    options;
    versionPromise;
    constructor(options) {
        this.options = options;
        (0,external_node_fs_.mkdirSync)(options.planDir, { recursive: true });
    }
    get bin() {
        return this.options.terragrunt ?? 'terragrunt';
    }
    version() {
        this.versionPromise ??= this.options
            .exec(this.bin, ['--version'], { cwd: this.options.rootDir, env: this.options.env })
            .then((result) => parseVersion(result.stdout + result.stderr));
        return this.versionPromise;
    }
    async run(unit, command) {
        const version = await this.version();
        // Each unit gets its own download dir: parallel processes that read the same dependency's outputs
        // then never initialise one working directory at the same time.
        const downloadDir = (0,external_node_path_.join)(this.options.planDir, 'cache', slug(unit));
        const env = {
            ...this.options.env,
            ...terragruntEnv(version, this.options.tfPath),
            ...(isModernTerragrunt(version)
                ? { TG_DOWNLOAD_DIR: downloadDir }
                : { TERRAGRUNT_DOWNLOAD: downloadDir }),
        };
        return this.options.exec(this.bin, unitArgs(version, command), {
            cwd: (0,external_node_path_.join)(this.options.rootDir, unit),
            env,
        });
    }
    planFile(unit) {
        return (0,external_node_path_.join)(this.options.planDir, `${slug(unit)}.tfplan`);
    }
    /** Plans one unit to a file and summarises it; failures become a failed result, never a throw. */
    async planUnit(unit, destroy = false) {
        const started = Date.now();
        const result = emptyResult(unit);
        const secrets = this.options.secrets ?? [];
        const file = this.planFile(unit);
        try {
            const plan = await this.run(unit, [
                'plan',
                '-input=false',
                '-no-color',
                '-lock-timeout=60s',
                ...(destroy ? ['-destroy'] : []),
                ...(this.options.planArgs ?? []),
                `-out=${file}`,
            ]);
            if (plan.exitCode !== 0) {
                return {
                    ...result,
                    status: 'failed',
                    error: redact(errorText(plan), secrets),
                    durationMs: Date.now() - started,
                };
            }
            // One Terragrunt process per unit at a time: two in one working directory race on `init`.
            const json = await this.run(unit, ['show', '-json', file]);
            const human = await this.run(unit, ['show', '-no-color', file]);
            if (json.exitCode !== 0) {
                return {
                    ...result,
                    status: 'failed',
                    error: redact(errorText(json), secrets),
                    durationMs: Date.now() - started,
                };
            }
            const { hasChanges, ...summary } = summarisePlan(extractJson(json.stdout));
            return {
                ...result,
                ...summary,
                status: hasChanges ? 'changes' : 'no-changes',
                diff: redact(human.exitCode === 0 ? human.stdout : plan.stdout, secrets),
                durationMs: Date.now() - started,
            };
        }
        catch (error) {
            return {
                ...result,
                status: 'failed',
                error: redact((0,errors/* getErrorMessage */.u)(error), secrets),
                durationMs: Date.now() - started,
            };
        }
    }
    /** Plans every unit, at most `parallelism` at once. */
    async plan(units) {
        return mapLimit(units, this.options.parallelism, (unit) => this.options.logger.group(`terragrunt plan ${unit}`, async () => {
            const result = await this.planUnit(unit);
            this.options.logger.info(describe(result));
            return result;
        }));
    }
    /**
     * Generates the stacks whose units are not generated yet (`terragrunt stack generate` in the directory
     * of each stack file); a failure is logged and the units then fail with their own error.
     */
    async generateStacks(units) {
        const stacks = new Set();
        for (const unit of units)
            if (unit.stack !== undefined && !(0,external_node_fs_.existsSync)((0,external_node_path_.join)(this.options.rootDir, unit.path)))
                stacks.add(unit.stack);
        if (stacks.size === 0)
            return;
        const version = await this.version();
        for (const stack of [...stacks].sort()) {
            const result = await this.options.exec(this.bin, ['stack', 'generate'], {
                cwd: (0,external_node_path_.join)(this.options.rootDir, stack),
                env: { ...this.options.env, ...terragruntEnv(version, this.options.tfPath) },
            });
            if (result.exitCode !== 0)
                this.options.logger.warning(`terragrunt stack generate in ${stack} failed:\n${redact(errorText(result), this.options.secrets ?? [])}`);
        }
    }
    /** Applies the saved plan of one unit (made by planUnit). */
    async applyUnit(unit) {
        return this.run(unit, ['apply', '-input=false', '-no-color', '-lock-timeout=60s', this.planFile(unit)]);
    }
}
function describe(result) {
    if (result.status === 'failed')
        return `${result.unit}: failed\n${result.error ?? ''}`;
    return `${result.unit}: ${result.add} to add, ${result.change} to change, ${result.destroy} to destroy, ${result.replace} to replace${result.import ? `, ${result.import} to import` : ''}${result.move ? `, ${result.move} to move` : ''}`;
}
/** Dependency waves: every unit after the selected units it depends on. */
function waves(units) {
    const selected = new Map(units.map((u) => [u.path, u.dependencies.filter((d) => d !== u.path)]));
    const done = new Set();
    const result = [];
    while (done.size < selected.size) {
        const wave = [...selected.keys()].filter((path) => !done.has(path) && selected.get(path).every((dep) => done.has(dep) || !selected.has(dep)));
        if (wave.length === 0) {
            // A cycle: run what is left together and let Terragrunt report it.
            result.push([...selected.keys()].filter((path) => !done.has(path)));
            break;
        }
        wave.forEach((path) => done.add(path));
        result.push(wave);
    }
    return result;
}

;// CONCATENATED MODULE: ./src/terragrunt/detect-terragrunt.ts
// `detection: terragrunt`: the affected units as Terragrunt's own `find` selects them with a git filter
// expression (`[base...head]`, `...[base...head]` with dependents), for teams who want its semantics.






/** Git filter expressions arrived in Terragrunt 0.97. */
const MINIMUM = { major: 0, minor: 97 };
function gitFilter(base, head, includeDependents = false) {
    return `${includeDependents ? '...' : ''}[${base}...${head}]`;
}
async function detectWithTerragrunt(options) {
    const repoRoot = (0,external_node_path_.resolve)(options.repoRoot);
    const rootDir = (0,external_node_path_.resolve)(options.rootDir);
    const run = (args) => options.exec(options.terragrunt, args, { cwd: rootDir, env });
    const env = { ...options.env, ...terragruntEnv(undefined) };
    const versionResult = await run(['--version']);
    const version = parseVersion(versionResult.stdout + versionResult.stderr);
    if (!version ||
        (version.major === MINIMUM.major && version.minor < MINIMUM.minor) ||
        version.major < MINIMUM.major) {
        throw new errors/* ConfigurationError */.j(`'detection: terragrunt' needs Terragrunt 0.97 or later (git filter expressions); found ${version?.raw ?? 'no version'}. Install a newer Terragrunt or use 'detection: static'.`);
    }
    const filter = gitFilter(options.base, options.head, options.includeDependents);
    const result = await run(['find', '--json', '--dependencies', '--filter', filter]);
    if (result.exitCode !== 0) {
        throw new errors/* ConfigurationError */.j(`terragrunt find --filter '${filter}' failed: ${errorText(result)}\nCheck out with \`fetch-depth: 0\` (actions/checkout) so both commits are present.`);
    }
    let found;
    try {
        found = JSON.parse(result.stdout.slice(Math.max(0, result.stdout.indexOf('['))) || '[]');
    }
    catch {
        throw new errors/* ConfigurationError */.j(`terragrunt find printed no JSON list: ${result.stdout.slice(0, 200)}`);
    }
    // Terragrunt 1.0 prints git-filter results relative to the repository, other results relative to the
    // working directory: take the one that names a unit (or, for a removed unit, lies under rootDir).
    const rel = (abs) => (0,external_node_path_.relative)(rootDir, abs).split(external_node_path_.sep).join('/') || '.';
    const locate = (path) => {
        const candidates = [(0,external_node_path_.resolve)(repoRoot, path), (0,external_node_path_.resolve)(rootDir, path)].filter((abs) => isInside(abs, rootDir) && !abs.includes(`${external_node_path_.sep}terragrunt-worktree-`));
        return (candidates.find((abs) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(abs, 'terragrunt.hcl')) || (0,external_node_fs_.existsSync)((0,external_node_path_.join)(abs, 'terragrunt.stack.hcl'))) ?? candidates[0]);
    };
    const units = new Map();
    const removed = new Set();
    const cache = new ConfigCache(repoRoot);
    for (const component of found) {
        const abs = locate(component.path.replace(/\/$/, ''));
        if (!abs)
            continue;
        const path = rel(abs);
        const exists = (0,external_node_fs_.existsSync)((0,external_node_path_.join)(abs, 'terragrunt.hcl')) || (0,external_node_fs_.existsSync)((0,external_node_path_.join)(abs, 'terragrunt.stack.hcl'));
        if (!exists) {
            removed.add(path);
            continue;
        }
        if (component.type === 'stack') {
            // A selected stack: all of its units, where `terragrunt stack generate` puts them.
            for (const stackUnit of readStack(cache, abs)) {
                const unitPath = rel(stackUnit.dir);
                units.set(unitPath, {
                    path: unitPath,
                    reasons: [`stack ${path}: terragrunt find --filter '${filter}'`],
                    dependencies: [],
                    stack: path,
                });
            }
            continue;
        }
        const dependencies = (component.dependencies ?? [])
            .map((dependency) => locate(dependency))
            .filter((dependency) => dependency !== undefined)
            .map(rel);
        const known = units.get(path);
        const unit = known ?? {
            path,
            reasons: [`terragrunt find --filter '${filter}'`],
            dependencies: [],
        };
        unit.dependencies = [...new Set([...unit.dependencies, ...dependencies])]
            .filter((d) => d !== path)
            .sort();
        units.set(path, unit);
    }
    const isExcluded = picomatch_default()(options.exclude ?? [], { dot: true });
    const excluded = [];
    const chosen = [];
    for (const unit of [...units.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
        if ((options.exclude?.length ?? 0) > 0 && isExcluded(unit.path))
            excluded.push(unit.path);
        else
            chosen.push(unit);
    }
    return {
        units: detect_terragrunt_dependencyOrder(chosen),
        total: undefined,
        excluded,
        removed: [...removed].sort(),
        warnings: [],
    };
}
/** Every unit after the selected units it depends on (a cycle is Terragrunt's error to report). */
function detect_terragrunt_dependencyOrder(units) {
    const byPath = new Map(units.map((unit) => [unit.path, unit]));
    const done = new Set();
    const order = [];
    const visit = (unit, visiting) => {
        if (done.has(unit.path) || visiting.has(unit.path))
            return;
        visiting.add(unit.path);
        for (const dependency of unit.dependencies) {
            const selected = byPath.get(dependency);
            if (selected)
                visit(selected, visiting);
        }
        done.add(unit.path);
        order.push(unit);
    };
    for (const unit of units)
        visit(unit, new Set());
    return order;
}

;// CONCATENATED MODULE: ./src/terragrunt/plan-action.ts
// The terragrunt-plan core: detect → plan → comment (mode plan), detect → matrix (mode detect), or merge
// per-unit result files from matrix jobs → comment (mode report).









function pullNumber(context) {
    return (context.event.pull_request?.number ??
        (context.event.issue?.pull_request ? context.event.issue.number : undefined));
}
async function changedFiles(config, deps) {
    if (config.changedFiles)
        return config.changedFiles;
    const { context } = deps;
    const pr = context.event.pull_request;
    if (pr && context.repo) {
        try {
            const files = await changedFilesFromApi(await deps.getOctokit(), context.repo, pr.number);
            if (files)
                return files;
            deps.logger.info('The pull request changes 3,000 files or more: reading the change set from git.');
        }
        catch (error) {
            deps.logger.warning(`Could not list the pull request's files (${(0,errors/* getErrorMessage */.u)(error)}); using git.`);
        }
        return changedFilesFromGit(deps.exec, context.workspace, pr.base.sha, pr.head.sha, deps.childEnv);
    }
    if (context.event.before && context.event.after && !/^0+$/.test(context.event.before)) {
        return changedFilesFromGit(deps.exec, context.workspace, context.event.before, context.event.after, deps.childEnv, false);
    }
    if (config.baseRef)
        return changedFilesFromGit(deps.exec, context.workspace, config.baseRef, 'HEAD', deps.childEnv);
    throw new errors/* ConfigurationError */.j("No change set: this is not a pull_request or push event. Set 'changed-files', 'base-ref', 'units' or 'all-units'.");
}
/** The commits to compare for `detection: terragrunt`. */
function commitRange(config, context) {
    if (config.changedFiles) {
        throw new errors/* ConfigurationError */.j("'detection: terragrunt' compares two commits and cannot use 'changed-files': remove it, or use 'detection: static'.");
    }
    const pr = context.event.pull_request;
    if (pr)
        return { base: pr.base.sha, head: pr.head.sha };
    if (context.event.before && context.event.after && !/^0+$/.test(context.event.before))
        return { base: context.event.before, head: context.event.after };
    if (config.baseRef)
        return { base: config.baseRef, head: 'HEAD' };
    throw new errors/* ConfigurationError */.j("No commits to compare: this is not a pull_request or push event. Set 'base-ref', 'units' or 'all-units'.");
}
async function detect(config, deps) {
    const rootDir = (0,external_node_path_.resolve)(deps.context.workspace, config.rootDir);
    const explicit = config.units.length > 0 || config.removed.length > 0;
    if (config.detection === 'terragrunt' && !explicit && !config.allUnits) {
        const result = await detectWithTerragrunt({
            repoRoot: deps.context.workspace,
            rootDir,
            ...commitRange(config, deps.context),
            includeDependents: config.includeDependents,
            exclude: config.exclude,
            terragrunt: config.terragrunt,
            exec: deps.exec,
            env: deps.childEnv,
        });
        deps.logger.info(`Terragrunt selected ${result.units.length} units${result.excluded.length ? `, ${result.excluded.length} excluded` : ''}: ${result.units.map((u) => u.path).join(', ') || 'none'}`);
        if (result.removed.length > 0)
            deps.logger.info(`Removed by the change (nothing left to plan at the head commit): ${result.removed.join(', ')}`);
        return result;
    }
    const files = config.allUnits || explicit ? [] : await changedFiles(config, deps);
    const result = await detectUnits({
        repoRoot: deps.context.workspace,
        rootDir,
        changedFiles: files,
        includeDependents: config.includeDependents,
        exclude: config.exclude,
        all: config.allUnits || explicit,
    });
    if (explicit) {
        result.removed = config.removed;
        const known = new Map(result.units.map((u) => [u.path, u]));
        const missing = config.units.filter((unit) => !known.has(unit));
        if (missing.length > 0) {
            throw new errors/* ConfigurationError */.j(`Input 'units' names ${missing.map((u) => `'${u}'`).join(', ')}, which ${missing.length === 1 ? 'is not a unit' : 'are not units'} under '${config.rootDir}' (a directory with terragrunt.hcl).`);
        }
        result.units = result.units.filter((u) => config.units.includes(u.path));
    }
    for (const warning of result.warnings)
        deps.logger.warning(warning);
    deps.logger.info(`${result.units.length} of ${result.total} units affected${result.excluded.length ? `, ${result.excluded.length} excluded` : ''}: ${result.units.map((u) => u.path).join(', ') || 'none'}`);
    if (result.removed.length > 0)
        deps.logger.info(`Removed by the change (nothing left to plan at the head commit): ${result.removed.join(', ')}`);
    return result;
}
const isResult = (value) => typeof value === 'object' &&
    value !== null &&
    typeof value.unit === 'string' &&
    typeof value.status === 'string';
const isRemovedRecord = (value) => typeof value === 'object' &&
    value !== null &&
    typeof value.unit === 'string' &&
    value.removed === true;
const REMOVED_FILE = 'removed.json';
/**
 * Every unit result and removed unit in the .json files under `dir` (a file holds one result or an array
 * of results and removed records).
 */
function readResults(dir) {
    const results = [];
    const removed = new Set();
    const walk = (path) => {
        for (const name of (0,external_node_fs_.readdirSync)(path).sort()) {
            const full = (0,external_node_path_.join)(path, name);
            if ((0,external_node_fs_.statSync)(full).isDirectory()) {
                if (name !== 'plans')
                    walk(full);
            }
            else if (name.endsWith('.json')) {
                let parsed;
                try {
                    parsed = JSON.parse((0,external_node_fs_.readFileSync)(full, 'utf8'));
                }
                catch {
                    continue;
                }
                for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
                    if (isResult(item))
                        results.push(item);
                    else if (isRemovedRecord(item))
                        removed.add(item.unit);
                }
            }
        }
    };
    try {
        walk(dir);
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j(`Cannot read the plan results in 'results' (${dir}): ${(0,errors/* getErrorMessage */.u)(error)}. Download the matrix jobs' artifacts there first.`);
    }
    const byUnit = new Map();
    for (const result of results)
        byUnit.set(result.unit, result);
    return {
        results: [...byUnit.values()].sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0)),
        removed: [...removed].sort(),
    };
}
const removedRecords = (removed) => removed.map((unit) => ({ unit, removed: true }));
function writeResults(dir, results, removed) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    if (removed.length > 0)
        (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(dir, REMOVED_FILE), JSON.stringify(removedRecords(removed), null, 2));
    for (const result of results) {
        (0,external_node_fs_.writeFileSync)((0,external_node_path_.join)(dir, `${result.unit.replace(/[^A-Za-z0-9._-]+/g, '_')}.result.json`), JSON.stringify(result, null, 2));
    }
}
async function runPlan(config, deps) {
    const { context, logger } = deps;
    if (config.mode === 'detect') {
        const result = await detect(config, deps);
        const matrix = toMatrix(result.units, config.maxMatrixJobs, result.removed);
        const summary = [
            `## Terragrunt: affected units`,
            '',
            result.units.length
                ? result.units.map((u) => `- \`${u.path}\` — ${u.reasons.join('; ')}`).join('\n')
                : 'None.',
            ...(result.removed.length
                ? ['', '### Removed units', '', ...result.removed.map((unit) => `- \`${unit}\``)]
                : []),
        ].join('\n');
        return {
            outputs: {
                units: result.units.map((u) => u.path),
                removed: result.removed,
                matrix,
                'has-units': result.units.length > 0 || result.removed.length > 0,
                excluded: result.excluded,
            },
            summary,
            failedUnits: [],
        };
    }
    let results;
    let removed = [];
    if (config.mode === 'report') {
        const from = config.results ?? config.resultsDir;
        ({ results, removed } = readResults(from));
        logger.info(`Merged ${results.length} unit results${removed.length ? ` and ${removed.length} removed units` : ''} from ${from}.`);
    }
    else {
        const detected = await detect(config, deps);
        removed = detected.removed;
        const runner = new TerragruntRunner({
            rootDir: (0,external_node_path_.resolve)(context.workspace, config.rootDir),
            terragrunt: config.terragrunt,
            tfPath: config.tfPath,
            parallelism: config.parallelism,
            env: deps.childEnv,
            exec: deps.exec,
            logger,
            planDir: (0,external_node_path_.join)(config.resultsDir, 'plans'),
            secrets: deps.secrets,
            planArgs: config.planArgs,
        });
        if (detected.units.length > 0) {
            const version = await runner.version();
            logger.info(`Terragrunt ${version?.raw ?? '(version unknown)'}`);
            await runner.generateStacks(detected.units);
        }
        results = await runner.plan(detected.units.map((u) => u.path));
        writeResults(config.resultsDir, results, removed);
        if (config.resultFile) {
            (0,external_node_fs_.mkdirSync)((0,external_node_path_.dirname)((0,external_node_path_.resolve)(config.resultFile)), { recursive: true });
            (0,external_node_fs_.writeFileSync)(config.resultFile, JSON.stringify([...results, ...removedRecords(removed)], null, 2));
        }
    }
    const hasChanges = results.some((r) => r.status === 'changes');
    const hasDestroy = results.some((r) => r.status !== 'failed' && (r.destroy > 0 || r.replace > 0));
    const failedUnits = results.filter((r) => r.status === 'failed').map((r) => r.unit);
    const headSha = context.event.pull_request?.head.sha ?? context.sha;
    const renderOptions = {
        workflow: context.workflow,
        dir: config.rootDir,
        headSha,
        runUrl: context.runUrl,
        artifactName: config.artifactName,
        title: config.title,
        secrets: deps.secrets,
        applyHint: pullNumber(context) !== undefined,
        removed,
    };
    const rendered = renderPlanComment(results, renderOptions);
    // The job summary allows 1 MiB: it carries the full report (characters can be several bytes).
    const summary = renderPlanComment(results, { ...renderOptions, maxChars: 900_000 }).body;
    let commentUrl = '';
    const number = pullNumber(context);
    if (config.comment && number !== undefined && context.repo) {
        const octokit = await deps.getOctokit();
        const posted = await upsertPlanComment({
            octokit,
            repo: context.repo,
            issueNumber: number,
            workflow: context.workflow,
            dir: config.rootDir,
            body: rendered.body,
            logger,
        });
        commentUrl = posted.url;
        logger.info(`${posted.created ? 'Created' : 'Updated'} the plan comment: ${posted.url}`);
        if (config.labels) {
            const labels = (context.event.pull_request?.labels ?? []).map((l) => l.name);
            await setPlanLabels(octokit, context.repo, number, { hasChanges, hasDestroy }, labels);
        }
    }
    else if (config.comment && number === undefined) {
        logger.info('Not a pull request: the report goes to the job summary only.');
    }
    const totals = { add: 0, change: 0, destroy: 0, replace: 0, import: 0, move: 0 };
    for (const r of results)
        for (const key of Object.keys(totals))
            totals[key] += r[key];
    return {
        outputs: {
            units: results.map((r) => r.unit),
            removed,
            'has-changes': hasChanges,
            'has-destroy': hasDestroy,
            summary: {
                ...totals,
                units: results.map((r) => ({
                    unit: r.unit,
                    status: r.status,
                    add: r.add,
                    change: r.change,
                    destroy: r.destroy,
                    replace: r.replace,
                    import: r.import,
                    move: r.move,
                    planHash: r.planHash,
                })),
                failed: failedUnits,
            },
            'comment-url': commentUrl,
            'results-dir': config.resultsDir,
        },
        summary,
        failedUnits,
    };
}


/***/ })

};
