export const id = 908;
export const ids = [908];
export const modules = {

/***/ 9908:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runApply: () => (/* binding */ runApply)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
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

;// CONCATENATED MODULE: ./src/terragrunt/comment.ts



/** Our plan comments on an issue/PR for this root (and workflow, when given), oldest first. */
async function findPlanComments(octokit, repo, issueNumber, workflow, dir) {
    const comments = (await octokit.paginate(octokit.rest.issues.listComments, {
        ...repo,
        issue_number: issueNumber,
        per_page: 100,
    }));
    return comments.filter((comment) => {
        const marker = plan_render_parseMarker(comment.body ?? '');
        return (marker !== undefined && (workflow === undefined || marker.workflow === workflow) && marker.dir === dir);
    });
}
async function upsertPlanComment(options) {
    const { octokit, repo, issueNumber, body, logger } = options;
    const isOurs = (text) => {
        const marker = parseMarker(text);
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
            logger.warning(`Could not minimise older plan comment ${comment.html_url}: ${getErrorMessage(error)}`);
        }
    }
    return { url, id, created, minimised };
}
async function minimiseComment(octokit, nodeId) {
    await octokit.graphql(`mutation($id: ID!) { minimizeComment(input: { subjectId: $id, classifier: OUTDATED }) { minimizedComment { isMinimized } } }`, { id: nodeId });
}
const PLAN_LABELS = (/* unused pure expression or super */ null && (['terragrunt:changes', 'terragrunt:destroy', 'terragrunt:no-changes']));
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

;// CONCATENATED MODULE: ./src/lib/redact.ts
/** Replaces every secret in text with ***. Every text posted to GitHub or printed passes through here. */
function redact_redact(text, secrets = []) {
    let out = text;
    for (const secret of secrets)
        if (secret)
            out = out.split(secret).join('***');
    return out;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
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
                    error: redact_redact(errorText(plan), secrets),
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
                    error: redact_redact(errorText(json), secrets),
                    durationMs: Date.now() - started,
                };
            }
            const { hasChanges, ...summary } = summarisePlan(extractJson(json.stdout));
            return {
                ...result,
                ...summary,
                status: hasChanges ? 'changes' : 'no-changes',
                diff: redact_redact(human.exitCode === 0 ? human.stdout : plan.stdout, secrets),
                durationMs: Date.now() - started,
            };
        }
        catch (error) {
            return {
                ...result,
                status: 'failed',
                error: redact_redact((0,errors/* getErrorMessage */.u)(error), secrets),
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

;// CONCATENATED MODULE: ./src/terragrunt/apply.ts




/** Parses `/apply` or `/apply live/prd/ssm live/prd/app` from the first line of a comment. */
function parseApplyCommand(body, command = '/apply') {
    const first = body.trim().split(/\r?\n/)[0]?.trim() ?? '';
    const escaped = command.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const match = new RegExp(`^${escaped}(?:\\s+(.*))?$`).exec(first);
    if (!match)
        return undefined;
    const units = (match[1] ?? '')
        .split(/[\s,]+/)
        .map((unit) => unit.replace(/^\.\/+/, '').replace(/\/+$/, ''))
        .filter(Boolean);
    return { units };
}
const WRITE_PERMISSIONS = ['admin', 'maintain', 'write'];
async function react(options, content) {
    try {
        await options.octokit.rest.reactions.createForIssueComment({
            ...options.repo,
            comment_id: options.commentId,
            content,
        });
    }
    catch (error) {
        options.logger.warning(`Could not react to the command comment: ${(0,errors/* getErrorMessage */.u)(error)}`);
    }
}
async function reply(options, body) {
    const response = await options.octokit.rest.issues.createComment({
        ...options.repo,
        issue_number: options.issueNumber,
        body,
    });
    return response.data.html_url;
}
/** Why the PR may not be applied yet, or undefined when it may. */
async function checkRequirements(options) {
    const { octokit, repo } = options;
    const { data: permission } = await octokit.rest.repos.getCollaboratorPermissionLevel({
        ...repo,
        username: options.actor,
    });
    const role = permission.role_name ?? permission.permission;
    if (!WRITE_PERMISSIONS.includes(permission.permission) && !WRITE_PERMISSIONS.includes(role)) {
        return {
            refusal: `@${options.actor} has \`${role}\` permission on this repository; applying needs write, maintain or admin.`,
            headSha: '',
        };
    }
    const { data: pull } = await octokit.rest.pulls.get({ ...repo, pull_number: options.issueNumber });
    if (pull.state !== 'open')
        return { refusal: 'The pull request is not open.', headSha: pull.head.sha };
    if (options.requireMergeable && pull.mergeable !== true) {
        return {
            refusal: `The pull request is not mergeable (mergeable: ${String(pull.mergeable)}, state: ${pull.mergeable_state ?? 'unknown'}); \`require-mergeable\` is on.`,
            headSha: pull.head.sha,
        };
    }
    if (options.requireApproved) {
        const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, {
            ...repo,
            pull_number: options.issueNumber,
            per_page: 100,
        });
        const latest = new Map();
        for (const review of reviews) {
            if (!review.user || review.state === 'COMMENTED' || review.state === 'PENDING')
                continue;
            if (review.commit_id && review.commit_id !== pull.head.sha && review.state === 'APPROVED')
                continue;
            latest.set(review.user.login, review.state);
        }
        const states = [...latest.values()];
        if (!states.includes('APPROVED') || states.includes('CHANGES_REQUESTED')) {
            return {
                refusal: 'The pull request has no approval of its latest commit (or has changes requested); `require-approval` is on.',
                headSha: pull.head.sha,
            };
        }
    }
    return { headSha: pull.head.sha };
}
function resultComment(options, title, lines, units) {
    const out = [`### ${title}`, '', ...lines];
    if (units.length > 0) {
        out.push('', '| Unit | Result |', '|---|---|');
        const icon = {
            applied: '✅ applied',
            'no-changes': '✅ no changes',
            failed: '❌ failed',
            skipped: '⏭️ skipped',
        };
        for (const unit of units)
            out.push(`| \`${unit.unit}\` | ${icon[unit.status]} |`);
        for (const unit of units.filter((u) => u.output.trim())) {
            const text = redact_redact(unit.output, options.secrets).slice(-15_000);
            out.push('', `<details><summary><code>${unit.unit}</code> — ${unit.status}</summary>`, '', '```text', text, '```', '', '</details>');
        }
    }
    out.push('', `_Requested by @${options.actor}._`);
    return out.join('\n');
}
/** Handles one `/apply` comment end to end; never throws for a refusal (it is reported on the PR). */
async function handleApplyCommand(options) {
    const command = parseApplyCommand(options.commentBody, options.command);
    if (!command)
        return { status: 'ignored', reason: 'not an apply command', units: [] };
    await react(options, 'eyes');
    const refuse = async (reason, units = []) => {
        options.logger.error(reason);
        const commentUrl = await reply(options, resultComment(options, '😕 Apply refused', [reason], units));
        await react(options, 'confused');
        return { status: 'refused', reason, units, commentUrl };
    };
    const { refusal, headSha } = await checkRequirements(options);
    if (refusal)
        return refuse(refusal);
    if (options.checkedOutSha && options.checkedOutSha !== headSha) {
        return refuse(`The workspace is at ${options.checkedOutSha.slice(0, 7)}, not the pull request head ${headSha.slice(0, 7)}: check out \`refs/pull/${options.issueNumber}/head\` before this step.`);
    }
    const planComments = await findPlanComments(options.octokit, options.repo, options.issueNumber, options.workflow, options.dir);
    const planComment = planComments[planComments.length - 1];
    if (!planComment)
        return refuse(`There is no plan comment for \`${options.dir}\` yet: wait for the plan workflow to comment.`);
    const marker = plan_render_parseMarker(planComment.body ?? '');
    if (marker?.head && marker.head !== headSha) {
        return refuse(`The plan comment is for ${marker.head.slice(0, 7)} but the pull request head is ${headSha.slice(0, 7)}: wait for the plan of the latest commit, review it, then comment again.`);
    }
    const hashes = parsePlanHashes(planComment.body ?? '');
    const requested = command.units.length > 0 ? command.units : [...hashes.keys()];
    const unknown = requested.filter((unit) => !hashes.has(unit));
    if (unknown.length > 0) {
        return refuse(`Not in the reviewed plan: ${unknown.map((u) => `\`${u}\``).join(', ')}. Planned units: ${[...hashes.keys()].map((u) => `\`${u}\``).join(', ') || 'none'}.`);
    }
    if (requested.length === 0)
        return refuse('The plan comment lists no units to apply.');
    // Re-plan and compare with what was reviewed: nothing is applied unless every unit matches.
    const fresh = [];
    for (const unit of requested)
        fresh.push(await options.runner.planUnit(unit));
    const failed = fresh.filter((r) => r.status === 'failed');
    if (failed.length > 0) {
        return refuse(`The fresh plan failed for ${failed.map((r) => `\`${r.unit}\``).join(', ')}; nothing was applied.`, failed.map((r) => ({ unit: r.unit, status: 'failed', output: r.error ?? '' })));
    }
    // A fresh plan without changes cannot do harm (e.g. the unit was applied on its own first): it is skipped.
    const differs = fresh.filter((r) => r.status === 'changes' && r.planHash !== hashes.get(r.unit));
    if (differs.length > 0) {
        return refuse(`The plan changed since it was reviewed for ${differs.map((r) => `\`${r.unit}\``).join(', ')} (e.g. someone applied or the state drifted); nothing was applied. Push a commit or re-run the plan workflow, review the new plan, then comment again.`);
    }
    // Apply in dependency order; a failure stops the waves after it.
    const byUnit = new Map(fresh.map((r) => [r.unit, r]));
    const results = [];
    let stop = false;
    for (const wave of waves(requested.map((path) => ({ path, dependencies: options.dependencies.get(path) ?? [] })))) {
        const outcomes = await Promise.all(wave.map(async (unit) => {
            if (stop)
                return { unit, status: 'skipped', output: '' };
            if (byUnit.get(unit)?.status === 'no-changes')
                return { unit, status: 'no-changes', output: '' };
            const run = await options.runner.applyUnit(unit);
            return run.exitCode === 0
                ? { unit, status: 'applied', output: tail(run.stdout) }
                : { unit, status: 'failed', output: errorText(run) };
        }));
        results.push(...outcomes);
        if (outcomes.some((o) => o.status === 'failed'))
            stop = true;
    }
    const ok = results.every((r) => r.status === 'applied' || r.status === 'no-changes');
    const title = ok ? '🚀 Apply succeeded' : '❌ Apply failed';
    const commentUrl = await reply(options, resultComment(options, title, [`Applied the reviewed plan of ${headSha.slice(0, 7)}.`], results));
    await react(options, ok ? 'rocket' : 'confused');
    return { status: ok ? 'applied' : 'failed', units: results, commentUrl };
}
function tail(text, lines = 40) {
    const all = text.trim().split('\n');
    return all.slice(-lines).join('\n');
}

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

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
// EXTERNAL MODULE: ./node_modules/tinyglobby/dist/index.mjs + 1 modules
var dist = __webpack_require__(3382);
;// CONCATENATED MODULE: ./src/terragrunt/hcl.ts
// A small, tolerant HCL reader: enough structure (blocks, attributes, strings with interpolation, function
// calls, references, lists, objects) to find what a Terragrunt config pulls in without running Terragrunt.
// Anything it does not understand (operators, for-expressions, conditionals) becomes an `unknown` value.
const ID_START = /[A-Za-z_]/;
const ID_CHAR = /[A-Za-z0-9_-]/;
/** Splits HCL text into tokens; strings keep their raw template text (without quotes). */
function tokenize(src) {
    const toks = [];
    const n = src.length;
    let i = 0;
    while (i < n) {
        const c = src[i];
        if (c === '\n') {
            toks.push({ t: 'nl', v: '\n' });
            i++;
        }
        else if (c === ' ' || c === '\t' || c === '\r') {
            i++;
        }
        else if (c === '#' || (c === '/' && src[i + 1] === '/')) {
            while (i < n && src[i] !== '\n')
                i++;
        }
        else if (c === '/' && src[i + 1] === '*') {
            const end = src.indexOf('*/', i + 2);
            i = end < 0 ? n : end + 2;
        }
        else if (c === '"') {
            const end = scanString(src, i + 1);
            toks.push({ t: 'str', v: src.slice(i + 1, end) });
            i = end + 1;
        }
        else if (c === '<' && src[i + 1] === '<' && /[-A-Za-z_]/.test(src[i + 2] ?? '')) {
            // Heredoc: <<EOF or <<-EOF, up to a line holding only the marker. Kept as an opaque literal.
            const m = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\r?\n/.exec(src.slice(i, i + 200));
            if (!m) {
                toks.push({ t: 'p', v: '<' });
                i++;
                continue;
            }
            const marker = m[1];
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
        }
        else if (ID_START.test(c)) {
            let j = i + 1;
            while (j < n && ID_CHAR.test(src[j]))
                j++;
            toks.push({ t: 'id', v: src.slice(i, j) });
            i = j;
        }
        else if (c >= '0' && c <= '9') {
            let j = i + 1;
            while (j < n && /[0-9.eE]/.test(src[j]))
                j++;
            toks.push({ t: 'num', v: src.slice(i, j) });
            i = j;
        }
        else {
            // Two-character operators are split; the parser treats any operator as "unknown value".
            toks.push({ t: 'p', v: c });
            i++;
        }
    }
    toks.push({ t: 'eof', v: '' });
    return toks;
}
/** Index of the closing quote of a string starting at `i` (just after the opening quote). */
function scanString(src, i) {
    const n = src.length;
    while (i < n) {
        const c = src[i];
        if (c === '\\')
            i += 2;
        else if (c === '"' || c === '\n')
            return i;
        else if ((c === '$' || c === '%') && src[i + 1] === '{')
            i = scanInterpolation(src, i + 2);
        else
            i++;
    }
    return n;
}
/** Index just after the `}` closing an interpolation that starts at `i` (after `${`). */
function scanInterpolation(src, i) {
    let depth = 1;
    const n = src.length;
    while (i < n) {
        const c = src[i];
        if (c === '"')
            i = scanString(src, i + 1) + 1;
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
/** Splits a raw template into literal text and `${…}` expressions. */
function parseTemplate(raw) {
    const parts = [];
    let text = '';
    let i = 0;
    while (i < raw.length) {
        const c = raw[i];
        if (c === '\\' && i + 1 < raw.length) {
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
            if (c === '$')
                parts.push(parseExpression(inner));
            else
                parts.push({ k: 'unknown', parts: [] });
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
function parseExpression(src) {
    const parser = new Parser(tokenize(src));
    return parser.expression(true);
}
/** Parses a whole HCL file (or returns what it could read before a syntax error). */
function parseHcl(src) {
    return new Parser(tokenize(src)).body(false);
}
const CLOSERS = new Set([')', ']', '}']);
class Parser {
    toks;
    i = 0;
    constructor(toks) {
        this.toks = toks;
    }
    peek(offset = 0) {
        return this.toks[Math.min(this.i + offset, this.toks.length - 1)];
    }
    next() {
        const tok = this.peek();
        if (this.i < this.toks.length - 1)
            this.i++;
        return tok;
    }
    skipNewlines() {
        while (this.peek().t === 'nl')
            this.i++;
    }
    isP(v, offset = 0) {
        const tok = this.peek(offset);
        return tok.t === 'p' && tok.v === v;
    }
    body(nested) {
        const body = { attrs: new Map(), blocks: [] };
        for (;;) {
            this.skipNewlines();
            const tok = this.peek();
            if (tok.t === 'eof')
                return body;
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
            const labels = [];
            while (this.peek().t === 'str' || this.peek().t === 'id')
                labels.push(this.next().v);
            if (this.isP('{')) {
                this.next();
                body.blocks.push({ type: tok.v, labels, body: this.body(true) });
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
            const tok = this.peek();
            if (tok.t === 'eof')
                return;
            if (tok.t === 'nl' && depth === 0)
                return;
            if (tok.t === 'p' && (tok.v === '{' || tok.v === '[' || tok.v === '('))
                depth++;
            if (tok.t === 'p' && CLOSERS.has(tok.v)) {
                if (depth === 0)
                    return;
                depth--;
            }
            this.next();
        }
    }
    /** An expression; operators and other constructs fold into `unknown` carrying what was parsed. */
    expression(inParens) {
        const first = this.primary();
        const tok = this.peek();
        const ends = (t) => t.t === 'eof' || (t.t === 'nl' && !inParens) || (t.t === 'p' && (t.v === ',' || CLOSERS.has(t.v)));
        if (ends(tok))
            return first;
        // Something follows (an operator, a conditional): collect the operands we can read.
        const parts = [first];
        while (!ends(this.peek())) {
            const t = this.peek();
            if (t.t === 'nl' || t.t === 'p') {
                if (t.t === 'p' && (t.v === '(' || t.v === '[' || t.v === '{' || t.v === '"'))
                    parts.push(this.primary());
                else
                    this.next();
            }
            else
                parts.push(this.primary());
        }
        return { k: 'unknown', parts };
    }
    primary() {
        if (this.peek().t === 'nl')
            this.skipNewlines();
        const tok = this.next();
        let expr;
        if (tok.t === 'str')
            expr = { k: 'str', parts: parseTemplate(tok.v) };
        else if (tok.t === 'num')
            expr = { k: 'lit', value: tok.v };
        else if (tok.t === 'id') {
            if (tok.v === 'true' || tok.v === 'false' || tok.v === 'null')
                return { k: 'lit', value: tok.v };
            if (this.isP('(')) {
                this.next();
                const args = this.sequence(')');
                expr = { k: 'call', name: tok.v, args };
            }
            else {
                expr = { k: 'ref', path: [tok.v] };
            }
        }
        else if (tok.t === 'p' && tok.v === '[') {
            this.skipNewlines();
            if (this.peek().t === 'id' && this.peek().v === 'for')
                return this.skipGroup(']');
            expr = { k: 'list', items: this.sequence(']') };
        }
        else if (tok.t === 'p' && tok.v === '{') {
            this.skipNewlines();
            if (this.peek().t === 'id' && this.peek().v === 'for')
                return this.skipGroup('}');
            expr = this.object();
        }
        else if (tok.t === 'p' && tok.v === '(') {
            expr = this.expression(true);
            if (this.isP(')'))
                this.next();
        }
        else {
            return { k: 'unknown', parts: [] };
        }
        // Traversals: .name, [index], .*
        for (;;) {
            if (this.isP('.') && this.peek(1).t === 'id') {
                this.next();
                const name = this.next().v;
                if (expr.k === 'ref')
                    expr = { k: 'ref', path: [...expr.path, name] };
                else
                    expr = { k: 'unknown', parts: [expr] };
            }
            else if (this.isP('.') && (this.peek(1).t === 'num' || this.isP('*', 1))) {
                this.next();
                this.next();
                expr = { k: 'unknown', parts: [expr] };
            }
            else if (this.isP('[')) {
                this.next();
                const index = this.sequence(']');
                expr = { k: 'unknown', parts: [expr, ...index] };
            }
            else
                return expr;
        }
    }
    sequence(close) {
        const items = [];
        for (;;) {
            this.skipNewlines();
            if (this.peek().t === 'eof')
                return items;
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
            if (this.i === before)
                this.next();
        }
    }
    object() {
        const entries = [];
        for (;;) {
            this.skipNewlines();
            const tok = this.peek();
            if (tok.t === 'eof')
                break;
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
            const name = key.k === 'ref' && key.path.length === 1
                ? key.path[0]
                : key.k === 'str' && key.parts.every((p) => typeof p === 'string')
                    ? key.parts.join('')
                    : undefined;
            if (this.isP('=') || this.isP(':')) {
                this.next();
                const value = this.expression(true);
                if (name !== undefined)
                    entries.push([name, value]);
            }
            else if (this.i === before)
                this.next();
        }
        return { k: 'obj', entries };
    }
    skipGroup(close) {
        const open = close === ']' ? '[' : '{';
        let depth = 1;
        const parts = [];
        while (this.peek().t !== 'eof') {
            const tok = this.peek();
            if (tok.t === 'p' && tok.v === open)
                depth++;
            if (tok.t === 'p' && tok.v === close && --depth === 0) {
                this.next();
                break;
            }
            if (tok.t === 'id' && this.isP('(', 1))
                parts.push(this.primary());
            else
                this.next();
        }
        return { k: 'unknown', parts };
    }
}

;// CONCATENATED MODULE: ./src/terragrunt/config.ts
// Static reading of one Terragrunt unit: the files it pulls in, its local module source and its
// dependencies, evaluated from the HCL without running Terragrunt.



/** File-system lookups shared by every unit of one detection run. */
class ConfigCache {
    repoRoot;
    parsed = new Map();
    exists = new Map();
    moduleCalls = new Map();
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
    /** Local module directories called from the .tf files of `dir` (`module "x" { source = "../y" }`). */
    localModuleCalls(dir) {
        let calls = this.moduleCalls.get(dir);
        if (calls)
            return calls;
        calls = [];
        let entries = [];
        try {
            entries = (0,external_node_fs_.readdirSync)(dir).filter((name) => name.endsWith('.tf') || name.endsWith('.tofu'));
        }
        catch {
            entries = [];
        }
        for (const name of entries) {
            const body = this.parse((0,external_node_path_.join)(dir, name));
            for (const block of body?.blocks ?? []) {
                if (block.type !== 'module')
                    continue;
                const source = literal(block.body.attrs.get('source'));
                if (source && (source.startsWith('./') || source.startsWith('../')))
                    calls.push((0,external_node_path_.resolve)(dir, source));
            }
        }
        this.moduleCalls.set(dir, calls);
        return calls;
    }
}
function literal(expr) {
    if (expr?.k !== 'str' || !expr.parts.every((part) => typeof part === 'string'))
        return undefined;
    return expr.parts.join('');
}
const MAX_DEPTH = 8;
/** Reads a unit's terragrunt.hcl and everything it includes. */
function readUnit(cache, unitDir, configName = 'terragrunt.hcl') {
    const unit = {
        dir: unitDir,
        files: new Set(),
        includes: new Set(),
        modules: new Set(),
        dependencies: new Set(),
        unresolved: [],
    };
    const file = (0,external_node_path_.join)(unitDir, configName);
    const body = cache.parse(file);
    if (!body)
        return unit;
    const scope = newScope(unitDir, unitDir, body, 0);
    // Included files: their locals are exposed as include.<name>.locals; their blocks merge into the unit.
    const bodies = [[body, scope]];
    for (const block of body.blocks.filter((b) => b.type === 'include')) {
        const path = asString(evaluate(block.body.attrs.get('path'), scope, unit, cache));
        if (!path) {
            unit.unresolved.push(`include ${block.labels[0] ?? ''} path`);
            continue;
        }
        const includePath = (0,external_node_path_.resolve)(unitDir, path);
        unit.files.add(includePath);
        unit.includes.add(includePath);
        const included = cache.parse(includePath);
        if (!included)
            continue;
        const includeScope = newScope(unitDir, (0,external_node_path_.dirname)(includePath), included, 1);
        includeScope.includeDir = (0,external_node_path_.dirname)(includePath);
        scope.includes.set(block.labels[0] ?? '', { locals: evaluateLocals(includeScope, unit, cache) });
        collect(included, includeScope, unit, cache);
        bodies.push([included, includeScope]);
    }
    collect(body, scope, unit, cache);
    // terraform { source }: the unit's own wins over an included one.
    for (const [candidate, candidateScope] of bodies) {
        const terraform = candidate.blocks.find((b) => b.type === 'terraform');
        const sourceExpr = terraform?.body.attrs.get('source');
        if (!sourceExpr)
            continue;
        candidateScope.includes = scope.includes;
        const source = asString(evaluate(sourceExpr, candidateScope, unit, cache));
        if (source === undefined)
            unit.unresolved.push('terraform source');
        else
            addLocalSource(source, unitDir, unit, cache);
        break;
    }
    return unit;
}
function newScope(unitDir, fileDir, body, depth) {
    const locals = new Map();
    for (const block of body.blocks) {
        if (block.type === 'locals')
            for (const [name, expr] of block.body.attrs)
                locals.set(name, expr);
    }
    return { unitDir, fileDir, locals, localValues: new Map(), includes: new Map(), depth };
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
                const path = asString(evaluate(block.body.attrs.get('config_path'), scope, unit, cache));
                if (path)
                    addDependency(path, scope.unitDir, unit);
                else
                    unit.unresolved.push(`dependency "${block.labels[0] ?? ''}" config_path`);
                continue;
            }
            if (block.type === 'dependencies') {
                const paths = evaluate(block.body.attrs.get('paths'), scope, unit, cache);
                if (Array.isArray(paths)) {
                    for (const path of paths) {
                        if (typeof path === 'string')
                            addDependency(path, scope.unitDir, unit);
                        else
                            unit.unresolved.push('dependencies paths');
                    }
                }
                else
                    unit.unresolved.push('dependencies paths');
                continue;
            }
            for (const expr of block.body.attrs.values())
                evaluate(expr, scope, unit, cache);
            walk(block.body.blocks);
        }
    };
    for (const expr of body.attrs.values())
        evaluate(expr, scope, unit, cache);
    walk(body.blocks);
}
function addDependency(path, unitDir, unit) {
    let dir = (0,external_node_path_.resolve)(unitDir, path);
    if ((0,external_node_path_.basename)(dir).endsWith('.hcl'))
        dir = (0,external_node_path_.dirname)(dir);
    unit.dependencies.add(dir);
}
const REMOTE_SOURCE = /^(?:[a-z0-9]+::|tfr:|git@|github\.com\/|bitbucket\.org\/|https?:|s3:|gcs:)/i;
function addLocalSource(source, unitDir, unit, cache) {
    if (REMOTE_SOURCE.test(source))
        return;
    // `modules//ecs`: Terragrunt copies `modules` and runs in `modules/ecs`.
    const path = source.split('?')[0].replace(/\/\/+/g, '/');
    const dir = (0,external_node_path_.resolve)(unitDir, path);
    const stack = [dir];
    while (stack.length > 0) {
        const next = stack.pop();
        if (unit.modules.has(next))
            continue;
        unit.modules.add(next);
        stack.push(...cache.localModuleCalls(next));
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
function asString(value) {
    return typeof value === 'string' ? value : undefined;
}
function evaluate(expr, scope, unit, cache) {
    if (!expr)
        return undefined;
    switch (expr.k) {
        case 'lit':
            return expr.value;
        case 'str': {
            let text = '';
            let known = true;
            for (const part of expr.parts) {
                if (typeof part === 'string')
                    text += part;
                else {
                    const value = evaluate(part, scope, unit, cache);
                    if (typeof value === 'string')
                        text += value;
                    else
                        known = false;
                }
            }
            return known ? text : undefined;
        }
        case 'list':
            return expr.items.map((item) => evaluate(item, scope, unit, cache));
        case 'obj': {
            const result = {};
            for (const [key, value] of expr.entries)
                result[key] = evaluate(value, scope, unit, cache);
            return result;
        }
        case 'unknown':
            for (const part of expr.parts)
                evaluate(part, scope, unit, cache);
            return undefined;
        case 'ref':
            return reference(expr.path, scope, unit, cache);
        case 'call':
            return call(expr, scope, unit, cache);
    }
}
function reference(path, scope, unit, cache) {
    const [root, ...rest] = path;
    let value;
    if (root === 'local' && rest.length > 0)
        value = local(rest.shift(), scope, unit, cache);
    else if (root === 'include' && rest.length > 0)
        value = scope.includes.get(rest.shift());
    else
        return undefined;
    for (const key of rest) {
        if (value === undefined || typeof value === 'string' || Array.isArray(value))
            return undefined;
        value = value[key];
    }
    return value;
}
function call(expr, scope, unit, cache) {
    const args = expr.args.map((arg) => evaluate(arg, scope, unit, cache));
    const first = asString(args[0]);
    switch (expr.name) {
        case 'get_terragrunt_dir':
            return scope.unitDir;
        case 'get_original_terragrunt_dir':
            return scope.unitDir;
        case 'get_parent_terragrunt_dir':
            return scope.includeDir ?? scope.unitDir;
        case 'get_repo_root':
            return cache.repoRoot;
        case 'get_path_to_repo_root':
            return (0,external_node_path_.relative)(scope.unitDir, cache.repoRoot) || '.';
        case 'get_path_from_repo_root':
            return (0,external_node_path_.relative)(cache.repoRoot, scope.unitDir) || '.';
        case 'path_relative_to_include':
            return (0,external_node_path_.relative)(scope.includeDir ?? scope.unitDir, scope.unitDir) || '.';
        case 'path_relative_from_include':
            return (0,external_node_path_.relative)(scope.unitDir, scope.includeDir ?? scope.unitDir) || '.';
        case 'dirname':
            return first === undefined ? undefined : (0,external_node_path_.dirname)(first);
        case 'basename':
            return first === undefined ? undefined : (0,external_node_path_.basename)(first);
        case 'abspath':
            return first === undefined ? undefined : (0,external_node_path_.resolve)(scope.unitDir, first);
        case 'trimspace':
            return first?.trim();
        case 'lower':
            return first?.toLowerCase();
        case 'find_in_parent_folders':
            return findInParentFolders(expr.args.length === 0 ? 'terragrunt.hcl' : first, args[1], scope, unit, cache);
        case 'read_terragrunt_config': {
            if (first === undefined) {
                unit.unresolved.push('read_terragrunt_config path');
                return undefined;
            }
            const file = (0,external_node_path_.resolve)(scope.unitDir, first);
            unit.files.add(file);
            const body = scope.depth < MAX_DEPTH ? cache.parse(file) : null;
            if (!body)
                return args[1];
            const inner = newScope(scope.unitDir, (0,external_node_path_.dirname)(file), body, scope.depth + 1);
            collect(body, inner, unit, cache, false);
            return { locals: evaluateLocals(inner, unit, cache) };
        }
        case 'file':
        case 'templatefile':
        case 'fileexists':
        case 'filebase64':
        case 'sops_decrypt_file':
            if (first !== undefined)
                unit.files.add((0,external_node_path_.resolve)(scope.unitDir, first));
            return undefined;
        default:
            return undefined;
    }
}
/** Terragrunt's find_in_parent_folders: the nearest match above the unit's directory. */
function findInParentFolders(name, fallback, scope, unit, cache) {
    if (name === undefined) {
        unit.unresolved.push('find_in_parent_folders argument');
        return fallback;
    }
    if ((0,external_node_path_.isAbsolute)(name))
        return name;
    let dir = (0,external_node_path_.dirname)(scope.unitDir);
    for (;;) {
        const candidate = (0,external_node_path_.join)(dir, name);
        if (cache.fileExists(candidate)) {
            unit.files.add(candidate);
            return candidate;
        }
        const parent = (0,external_node_path_.dirname)(dir);
        if (parent === dir || !isInside(dir, cache.repoRoot))
            break;
        dir = parent;
    }
    return fallback;
}
function isInside(path, root) {
    return path === root || path.startsWith(root.endsWith('/') ? root : root + '/');
}

;// CONCATENATED MODULE: ./src/terragrunt/detect.ts
// Change detection: which Terragrunt units a set of changed files affects, read statically (no
// Terragrunt process per unit) so that thousands of units take well under the time of one plan.





const IGNORE = ['**/.terragrunt-cache/**', '**/.terraform/**', '**/node_modules/**', '**/.git/**'];
const MAX_REASONS = 3;
/** Every unit directory below rootDir (absolute), excluding files only included by other units. */
async function findUnits(rootDir, cache, configName = 'terragrunt.hcl') {
    const files = await (0,dist/* glob */.TI)(`**/${configName}`, { cwd: rootDir, ignore: IGNORE, absolute: false, dot: false });
    const units = new Map();
    for (const file of files.sort()) {
        const dir = (0,external_node_path_.resolve)(rootDir, (0,external_node_path_.dirname)(file));
        units.set(dir, readUnit(cache, dir, configName));
    }
    // A terragrunt.hcl that other units include is configuration, not a unit (one they only read stays).
    const pulledIn = new Set();
    for (const unit of units.values())
        for (const file of unit.includes)
            pulledIn.add(file);
    for (const dir of [...units.keys()]) {
        const configFile = (0,external_node_path_.join)(dir, configName);
        const body = cache.parse(configFile);
        const isRootWithoutSource = dir === rootDir && !body?.blocks.some((b) => b.type === 'terraform');
        if (pulledIn.has(configFile) || isRootWithoutSource)
            units.delete(dir);
    }
    return units;
}
async function detectUnits(options) {
    const repoRoot = (0,external_node_path_.resolve)(options.repoRoot);
    const rootDir = (0,external_node_path_.resolve)(options.rootDir);
    const configName = options.configName ?? 'terragrunt.hcl';
    const cache = new ConfigCache(repoRoot);
    const units = await findUnits(rootDir, cache, configName);
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
        // Indexes: file → units reading it; module directory → units using it.
        const byFile = new Map();
        const byModule = new Map();
        for (const unit of units.values()) {
            for (const file of unit.files)
                push(byFile, file, unit.dir);
            for (const dir of unit.modules)
                push(byModule, dir, unit.dir);
        }
        for (const changed of options.changedFiles) {
            const abs = (0,external_node_path_.resolve)(repoRoot, changed);
            if (abs.includes(`${external_node_path_.sep}.terragrunt-cache${external_node_path_.sep}`))
                continue;
            for (const dir of byFile.get(abs) ?? [])
                select(dir, `reads ${relRepo(abs)}`);
            let ownerFound = false;
            for (let dir = (0,external_node_path_.dirname)(abs);; dir = (0,external_node_path_.dirname)(dir)) {
                if (!ownerFound && units.has(dir)) {
                    select(dir, `changed ${relRepo(abs)}`);
                    ownerFound = true;
                }
                for (const unitDir of byModule.get(dir) ?? [])
                    select(unitDir, `module ${relRepo(dir)}`);
                if (dir === repoRoot || (0,external_node_path_.dirname)(dir) === dir)
                    break;
            }
            if (abs.endsWith(`${external_node_path_.sep}${configName}`) &&
                isInside(abs, rootDir) &&
                !units.has((0,external_node_path_.dirname)(abs)) &&
                !(0,external_node_fs_.existsSync)(abs)) {
                removed.push(rel((0,external_node_path_.dirname)(abs)));
            }
        }
        if (options.includeDependents) {
            const dependents = new Map();
            for (const unit of units.values())
                for (const dep of unit.dependencies)
                    push(dependents, dep, unit.dir);
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
        if (unit.unresolved.length > 0)
            warnings.push(`${rel(dir)}: could not read ${[...new Set(unit.unresolved)].join(', ')} statically`);
    }
    const ordered = dependencyOrder(chosen, units);
    return {
        units: ordered.map((dir) => ({
            path: rel(dir),
            reasons: reasons.get(dir) ?? [],
            dependencies: [...units.get(dir).dependencies].filter((d) => isInside(d, rootDir)).map(rel),
        })),
        total: units.size,
        excluded: excluded.sort(),
        removed: [...new Set(removed)].sort(),
        warnings,
    };
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
 * same environment directory stay together where the groups allow.
 */
function toMatrix(units, maxJobs = 64) {
    if (units.length === 0)
        return { include: [] };
    const perJob = Math.ceil(units.length / Math.max(1, maxJobs));
    const sorted = [...units].map((u) => u.path).sort();
    const include = [];
    for (let i = 0; i < sorted.length; i += perJob) {
        const group = sorted.slice(i, i + perJob);
        include.push({
            name: group.length === 1 ? group[0] : `${group[0]} +${group.length - 1}`,
            units: group.join(' '),
        });
    }
    return { include };
}

;// CONCATENATED MODULE: ./src/terragrunt/apply-action.ts
// The terragrunt-apply core: `/apply` comments on pull requests, and apply-on-merge for pushes to the
// default branch (plan each affected unit, apply the saved plan, in dependency order).







function summaryOf(title, units, reason) {
    const lines = [`## ${title}`, ''];
    if (reason)
        lines.push(reason, '');
    if (units.length) {
        lines.push('| Unit | Result |', '|---|---|');
        for (const unit of units)
            lines.push(`| \`${unit.unit}\` | ${unit.status} |`);
    }
    return lines.join('\n');
}
async function runApply(config, deps) {
    const { context, logger } = deps;
    const rootDir = (0,external_node_path_.resolve)(context.workspace, config.rootDir);
    const makeRunner = async () => new TerragruntRunner({
        rootDir,
        terragrunt: config.terragrunt,
        tfPath: config.tfPath,
        parallelism: config.parallelism,
        env: await deps.childEnv(),
        exec: deps.exec,
        logger,
        planDir: config.planDir,
        secrets: deps.secrets(),
        planArgs: config.planArgs,
    });
    if (context.eventName === 'issue_comment') {
        const { issue, comment } = context.event;
        if (!issue?.pull_request || !comment || !context.repo) {
            return { status: 'ignored', reason: 'not a pull request comment', units: [], summary: '' };
        }
        const all = await detectUnits({ repoRoot: context.workspace, rootDir, changedFiles: [], all: true });
        const head = await deps.exec('git', ['rev-parse', 'HEAD'], {
            cwd: context.workspace,
            env: { PATH: process.env.PATH ?? '' },
        });
        let runner;
        const lazyRunner = {
            planUnit: async (unit) => (runner ??= await makeRunner()).planUnit(unit),
            applyUnit: async (unit) => (runner ??= await makeRunner()).applyUnit(unit),
        };
        const outcome = await handleApplyCommand({
            octokit: await deps.getOctokit(),
            repo: context.repo,
            issueNumber: issue.number,
            commentId: comment.id,
            commentBody: comment.body ?? '',
            actor: comment.user?.login ?? context.event.sender?.login ?? '',
            workflow: config.planWorkflow,
            dir: config.rootDir,
            requireApproved: config.requireApproved,
            requireMergeable: config.requireMergeable,
            checkedOutSha: head.exitCode === 0 ? head.stdout.trim() : undefined,
            dependencies: new Map(all.units.map((u) => [u.path, u.dependencies])),
            runner: lazyRunner,
            logger,
            secrets: deps.secrets(),
            command: config.command,
        });
        const title = {
            ignored: 'Terragrunt apply: nothing to do',
            refused: 'Terragrunt apply refused',
            applied: 'Terragrunt apply succeeded',
            failed: 'Terragrunt apply failed',
        }[outcome.status];
        return { ...outcome, summary: summaryOf(title, outcome.units, outcome.reason) };
    }
    if (context.eventName === 'push') {
        if (!config.applyOnMerge) {
            logger.warning("This is a push and 'apply-on-merge' is off, so nothing is applied: set `apply-on-merge: true` to apply the units a push to the default branch changes.");
            return { status: 'ignored', reason: "push event and 'apply-on-merge' is off", units: [], summary: '' };
        }
        const defaultBranch = context.event.repository?.default_branch;
        if (defaultBranch && context.event.ref !== `refs/heads/${defaultBranch}`) {
            return {
                status: 'ignored',
                reason: `push to ${context.event.ref}, not ${defaultBranch}`,
                units: [],
                summary: '',
            };
        }
        const { before, after } = context.event;
        if (!before || !after || /^0+$/.test(before)) {
            throw new errors/* ConfigurationError */.j('The push event has no previous commit to compare with; apply-on-merge needs one.');
        }
        const env = await deps.childEnv();
        const files = await changedFilesFromGit(deps.exec, context.workspace, before, after, env, false);
        const detected = await detectUnits({
            repoRoot: context.workspace,
            rootDir,
            changedFiles: files,
            includeDependents: config.includeDependents,
            exclude: config.exclude,
        });
        logger.info(`Applying ${detected.units.length} units: ${detected.units.map((u) => u.path).join(', ') || 'none'}`);
        const runner = await makeRunner();
        const results = [];
        let stop = false;
        for (const wave of waves(detected.units)) {
            const outcomes = await Promise.all(wave.map(async (unit) => {
                if (stop)
                    return { unit, status: 'skipped', output: '' };
                const plan = await runner.planUnit(unit);
                if (plan.status === 'failed')
                    return { unit, status: 'failed', output: plan.error ?? '' };
                if (plan.status === 'no-changes')
                    return { unit, status: 'no-changes', output: '' };
                const run = await runner.applyUnit(unit);
                return run.exitCode === 0
                    ? { unit, status: 'applied', output: '' }
                    : { unit, status: 'failed', output: redact_redact(errorText(run), deps.secrets()) };
            }));
            results.push(...outcomes);
            if (outcomes.some((o) => o.status === 'failed'))
                stop = true;
        }
        for (const r of results.filter((r) => r.status === 'failed'))
            logger.error(`${r.unit}: ${r.output}`);
        const ok = results.every((r) => r.status !== 'failed' && r.status !== 'skipped');
        return {
            status: ok ? 'applied' : 'failed',
            units: results,
            summary: summaryOf(ok ? 'Terragrunt apply on merge succeeded' : 'Terragrunt apply on merge failed', results),
        };
    }
    return { status: 'ignored', reason: `event ${context.eventName} is not handled`, units: [], summary: '' };
}


/***/ })

};
