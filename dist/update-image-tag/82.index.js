export const id = 82;
export const ids = [82];
export const modules = {

/***/ 4082:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  updateImageTag: () => (/* binding */ updateImageTag)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/lib/files.ts
var lib_files = __webpack_require__(228);
// EXTERNAL MODULE: ./src/lib/pull-request-inputs.ts
var pull_request_inputs = __webpack_require__(6572);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/retry.ts
var retry = __webpack_require__(1737);
// EXTERNAL MODULE: ./src/pull-request/api.ts
var pull_request_api = __webpack_require__(9651);
;// CONCATENATED MODULE: ./src/pull-request/body.ts
// The pull request body: free text, a table of file / key / old → new, details, and a link to the run. The rows are
// also kept as JSON in an HTML comment, so a later run updating the same PR keeps the earlier rows.
const MARKER = 'platform-actions:changes';
const cell = (value) => value === undefined || value === ''
    ? ''
    : `\`${value.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``;
function renderBody(input) {
    const parts = [];
    if (input.text)
        parts.push(input.text.trim());
    if (input.rows.length > 0) {
        const hasKeys = input.rows.some((row) => row.key !== undefined);
        const lines = hasKeys
            ? [
                '| File | Key | Old | New |',
                '|---|---|---|---|',
                ...input.rows.map((row) => `| ${cell(row.file)} | ${cell(row.key)} | ${cell(row.old)} | ${cell(row.new)} |`),
            ]
            : ['| File |', '|---|', ...input.rows.map((row) => `| ${cell(row.file)} |`)];
        parts.push(lines.join('\n'));
    }
    if (input.details)
        parts.push(input.details.trim());
    if (input.runUrl)
        parts.push(`Opened by [this workflow run](${input.runUrl}).`);
    parts.push(`<!-- ${MARKER} ${JSON.stringify(input.rows).replace(/--/g, '\\u002d\\u002d')} -->`);
    return parts.join('\n\n') + '\n';
}
function parseRows(body) {
    const match = body?.match(new RegExp(`<!-- ${MARKER} (.*) -->`));
    if (!match?.[1])
        return [];
    try {
        const rows = JSON.parse(match[1]);
        return Array.isArray(rows) ? rows.filter((row) => typeof row?.file === 'string') : [];
    }
    catch {
        return [];
    }
}
/** Rows of the existing body updated with new ones; a value changed twice keeps its first old value. */
function mergeRows(existingBody, rows) {
    const merged = parseRows(existingBody);
    for (const row of rows) {
        const at = merged.findIndex((old) => old.file === row.file && old.key === row.key);
        if (at < 0)
            merged.push(row);
        else
            merged[at] = { ...row, old: merged[at]?.old ?? row.old };
    }
    return merged;
}

;// CONCATENATED MODULE: ./src/pull-request/open-pull-request.ts




/**
 * Commits a change to the work branch through the API and opens or updates its one pull request.
 * Re-reads and retries when another run moved the branch, so neither run's change is lost.
 */
async function openPullRequest(api, change, options) {
    const logger = options.logger;
    const maxAttempts = options.maxAttempts ?? 5;
    for (let attempt = 1;; attempt++) {
        const state = await api.readState({ base: options.base, branch: options.branch, paths: change.paths });
        try {
            const result = await attemptOnce(api, state, change, options);
            if (result === 'retry')
                throw new pull_request_api/* StaleHeadError */.q('The work branch changed while it was being updated.');
            return { ...result, attempts: attempt };
        }
        catch (error) {
            if (!(error instanceof pull_request_api/* StaleHeadError */.q) || attempt >= maxAttempts)
                throw error;
            logger?.info(`${error.message} Reading it again (attempt ${attempt + 1} of ${maxAttempts}).`);
        }
    }
}
async function attemptOnce(api, state, change, options) {
    const branch = options.branch;
    if (branch === state.base.name) {
        throw new errors/* ConfigurationError */.j(`Input 'branch': '${branch}' is the base branch; choose another branch for the pull request.`);
    }
    const open = state.pullRequests.find((pr) => pr.state === 'OPEN' && pr.baseRefName === state.base.name);
    const elsewhere = state.pullRequests.find((pr) => pr.state === 'OPEN' && pr.baseRefName !== state.base.name);
    if (!open && elsewhere) {
        throw new errors/* ConfigurationError */.j(`Branch '${branch}' already has pull request #${elsewhere.number} into '${elsewhere.baseRefName}', not '${state.base.name}'. Choose another 'branch', or set 'base' to '${elsewhere.baseRefName}'.`);
    }
    // A branch left over from a merged or closed PR starts again from the base; a branch with an open PR, or
    // with commits no PR has seen yet (another run between its commit and its PR), keeps what it has.
    const leftover = state.head !== undefined &&
        !open &&
        (state.head.oid === state.base.oid ||
            state.pullRequests.some((pr) => pr.state !== 'OPEN' && pr.headRefOid === state.head?.oid));
    const source = state.head && !leftover ? state.head : state.base;
    const { files, rows, details } = await change.apply(source.files);
    const additions = [];
    const deletions = [];
    for (const [path, contents] of files) {
        const current = source.files.has(path) ? source.files.get(path) : undefined;
        if (contents === current)
            continue;
        if (contents === null) {
            if (current !== null && current !== undefined)
                deletions.push(path);
        }
        else
            additions.push({ path, contents });
    }
    const changedFiles = [...additions.map((a) => a.path), ...deletions];
    if (changedFiles.length === 0 && (open || source === state.base)) {
        options.logger?.info(open
            ? `Pull request #${open.number} already has these changes.`
            : 'The base already has these changes; nothing to do.');
        return {
            operation: 'unchanged',
            pullRequestNumber: open?.number,
            pullRequestUrl: open?.url,
            merged: open?.autoMergeEnabled ? 'auto' : 'false',
            changedFiles,
            closedPullRequests: [],
        };
    }
    let commitSha = source.oid;
    if (changedFiles.length > 0) {
        let expected = source.oid;
        if (!state.head) {
            if ((await api.createBranch(branch, state.base.oid)) === 'exists')
                return 'retry';
            expected = state.base.oid;
        }
        else if (leftover && state.head.oid !== state.base.oid) {
            await api.resetBranch(branch, state.base.oid);
            expected = state.base.oid;
        }
        const commit = await api.commit({
            branch,
            expectedHeadOid: expected,
            headline: options.commitMessage ?? options.title,
            ...(options.runUrl ? { body: `Run: ${options.runUrl}` } : {}),
            additions,
            deletions,
        });
        commitSha = commit.oid;
    }
    const bodyFor = (existing) => renderBody({
        text: options.body,
        rows: mergeRows(existing?.body, rows),
        details,
        runUrl: options.runUrl,
    });
    const update = async (existing) => {
        const body = bodyFor(existing);
        if (existing.title !== options.title || existing.body !== body) {
            await api.updatePullRequest(existing.number, { title: options.title, body });
        }
    };
    let pr;
    let operation;
    if (open) {
        pr = open;
        operation = 'updated';
        await update(open);
    }
    else {
        const created = await api.createPullRequest({
            repositoryId: state.repositoryId,
            base: state.base.name,
            head: branch,
            title: options.title,
            body: bodyFor(),
            draft: options.draft,
        });
        if (created === 'exists') {
            // Another run opened it between our read and now; our commit is on the branch: add our rows to its PR.
            const again = await api.readState({ base: state.base.name, branch, paths: [] });
            const found = again.pullRequests.find((candidate) => candidate.state === 'OPEN' && candidate.baseRefName === state.base.name);
            if (!found)
                return 'retry';
            pr = found;
            operation = 'updated';
            await update(found);
        }
        else {
            pr = created;
            operation = 'created';
        }
    }
    options.logger?.info(`Pull request #${pr.number} ${operation}: ${pr.url}`);
    const missingLabels = (options.labels ?? []).filter((label) => !pr.labels.includes(label));
    if (missingLabels.length > 0)
        await api.addLabels(pr.number, missingLabels);
    let merged = pr.autoMergeEnabled ? 'auto' : 'false';
    let mergeCommitSha;
    if (options.autoMerge && !options.draft) {
        const method = options.mergeMethod ?? 'merge';
        const outcome = pr.autoMergeEnabled
            ? { result: 'enabled' }
            : state.autoMergeAllowed
                ? await api.enableAutoMerge(pr.id, method)
                : { result: 'not-allowed' };
        if (outcome.result === 'enabled')
            merged = 'auto';
        else if (outcome.result === 'merged') {
            merged = 'true';
            mergeCommitSha = outcome.mergeCommitSha;
            options.logger?.info(`#${pr.number} merged at once: nothing was left to wait for.`);
        }
        else {
            const why = outcome.result === 'not-allowed'
                ? 'the repository does not allow auto-merge'
                : 'the pull request is already mergeable';
            if (options.fallbackMerge ?? true) {
                const result = await api.merge(pr.number, method, commitSha);
                if (result.merged) {
                    merged = 'true';
                    mergeCommitSha = result.sha;
                    options.logger?.info(`Merged #${pr.number} directly (${why}).`);
                }
                else {
                    options.logger?.warning(`Could not merge #${pr.number} directly (${why}): ${result.message ?? 'not mergeable'}.`);
                }
            }
            else {
                options.logger?.warning(`Auto-merge not enabled on #${pr.number}: ${why}, and fallback-merge is off.`);
            }
        }
    }
    const closed = options.closeSupersededPrefix
        ? await closeSuperseded(api, pr, options.closeSupersededPrefix, options)
        : [];
    if (merged === 'auto' && (options.waitForMerge ?? 0) > 0) {
        mergeCommitSha = await waitForMerge(api, pr.number, options);
        merged = 'true';
    }
    return {
        operation,
        pullRequestNumber: pr.number,
        pullRequestUrl: pr.url,
        commitSha,
        merged,
        ...(mergeCommitSha ? { mergeCommitSha } : {}),
        changedFiles,
        closedPullRequests: closed,
    };
}
async function closeSuperseded(api, current, prefix, options) {
    const closed = [];
    for (const pr of await api.listOpenPullRequests()) {
        if (pr.number === current.number || !pr.headRefName.startsWith(prefix) || pr.number > current.number)
            continue;
        await api.comment(pr.number, `Superseded by #${current.number}.`);
        await api.closePullRequest(pr.number);
        closed.push(pr.number);
        options.logger?.info(`Closed #${pr.number}, superseded by #${current.number}.`);
    }
    return closed;
}
async function waitForMerge(api, number, options) {
    const sleep = options.sleep ?? retry/* realSleep */.u;
    const now = options.now ?? Date.now;
    const deadline = now() + (options.waitForMerge ?? 0) * 1000;
    const interval = options.pollIntervalMs ?? 10_000;
    for (;;) {
        const pr = await api.getPullRequest(number);
        if (pr.merged) {
            options.logger?.info(`#${number} merged as ${pr.mergeCommitSha ?? '(unknown commit)'}.`);
            return pr.mergeCommitSha;
        }
        if (pr.state === 'closed')
            throw new Error(`Pull request #${number} was closed without being merged.`);
        if (now() + interval > deadline) {
            throw new Error(`Pull request #${number} was not merged within ${options.waitForMerge} s (auto-merge is enabled; it merges when its checks pass).`);
        }
        await sleep(interval);
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
// EXTERNAL MODULE: ./src/lib/image-reference.ts
var image_reference = __webpack_require__(4538);
;// CONCATENATED MODULE: ./src/image-tag/targets.ts
// What the format readers (Helm paths, Kustomize, Flux markers) hand to the rewrite: the scalars to set,
// the Kustomize keys to add, and the YAML helpers they share.

/** The source text of a scalar as written (without quotes); '' for an empty or null value. */
function scalarText(node) {
    if (node.value === null || node.value === undefined)
        return '';
    const token = node.srcToken;
    if (token && 'type' in token && token.type === 'scalar')
        return token.source;
    return String(node.value);
}
function scalarEquals(node, value) {
    return (0,dist/* isScalar */.jn)(node) && String(node.value) === value;
}
function mapKeys(node) {
    return node.items.map((item) => ((0,dist/* isScalar */.jn)(item.key) ? String(item.key.value) : String(item.key)));
}
function describe(node) {
    if ((0,dist/* isMap */.jh)(node))
        return 'a map';
    if ((0,dist/* isSeq */.oP)(node))
        return 'a list';
    if ((0,dist/* isScalar */.jn)(node))
        return node.value === null ? 'empty' : `the scalar '${String(node.value)}'`;
    return 'empty';
}

;// CONCATENATED MODULE: ./src/image-tag/flux-markers.ts
// Flux image-automation markers: `# {"$imagepolicy": "ns:policy[:tag|:name|:digest]"}` after a value.




const FLUX_MARKER = /#\s*\{\s*"\$imagepolicy"\s*:\s*"([^"]*)"\s*\}/g;
function hasFluxMarker(text) {
    return text.includes('$imagepolicy') && new RegExp(FLUX_MARKER.source).test(text);
}
function fluxTargets(text, documents, keys, file, values, warnings) {
    const scalars = [];
    for (const doc of documents) {
        (0,dist/* visit */.YR)(doc, {
            Scalar(_key, node) {
                if (node.range)
                    scalars.push(node);
            },
        });
    }
    scalars.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
    const lineOf = (offset) => text.slice(0, offset).split('\n').length;
    const targets = [];
    const policies = new Set();
    for (const match of text.matchAll(FLUX_MARKER)) {
        const at = match.index ?? 0;
        const policy = match[1] ?? '';
        const inside = scalars.find((node) => (node.range?.[0] ?? 0) < at && at < (node.range?.[1] ?? 0));
        if (inside) {
            warnings.push(`${file}:${lineOf(at)}: the $imagepolicy marker is inside a ${inside.type === 'BLOCK_LITERAL' || inside.type === 'BLOCK_FOLDED' ? 'block scalar' : 'string'}, not a YAML comment; it was ignored.`);
            continue;
        }
        let node;
        for (const candidate of scalars) {
            const end = candidate.range?.[1] ?? 0;
            if ((candidate.range?.[0] ?? 0) >= at)
                break;
            if (/^[ \t]*$/.test(text.slice(end, at)))
                node = candidate;
        }
        if (!node) {
            warnings.push(`${file}:${lineOf(at)}: the $imagepolicy marker is not on the same line as a value; it was ignored.`);
            continue;
        }
        const parts = policy.split(':');
        const suffix = parts.length >= 3 ? parts[2] : undefined;
        const kind = suffix === 'tag' ? 'tag' : suffix === 'name' ? 'name' : suffix === 'digest' ? 'digest' : 'image';
        const policyName = parts.slice(0, 2).join(':');
        if (keys.length > 0 && !keys.some((key) => key === policyName || key === policy || key === parts[1]))
            continue;
        policies.add(policyName);
        targets.push({ key: `$imagepolicy ${policy}`, kind, node, optional: true, group: policyName });
    }
    if (targets.length === 0) {
        throw new errors/* ConfigurationError */.j(keys.length > 0
            ? `${file}: no $imagepolicy marker for ${keys.map((key) => `'${key}'`).join(', ')}.`
            : `${file}: no $imagepolicy marker next to a value.`);
    }
    if (keys.length === 0 && policies.size > 1) {
        throw new errors/* ConfigurationError */.j(`${file}: markers of ${policies.size} image policies (${[...policies].join(', ')}), where one was expected; name the policy in 'key'.`);
    }
    const digestGiven = values.digest !== undefined || (0,image_reference/* isDigest */.Bc)(values.tag ?? '');
    const pinned = targets.find((target) => target.kind === 'digest' && scalarText(target.node) !== '');
    if (pinned && !digestGiven) {
        throw new errors/* ConfigurationError */.j(`${file}: ${pinned.key} holds the digest ${scalarText(pinned.node)}, which pins the image whatever its tag, so a new tag alone would deploy the same image. Give 'digest' (the new image's digest), or empty that value.`);
    }
    return targets;
}

;// CONCATENATED MODULE: ./src/image-tag/key-path.ts

/**
 * Parses `image.tag`, `images[name=backend].newTag`, `containers[0].image`, `"dotted.key".tag` and
 * `[kind=Deployment].spec.template.spec.containers[name=app].image` (leading selectors pick documents).
 */
function parseKeyPath(text, inputName = 'key') {
    const fail = (why) => {
        throw new errors/* ConfigurationError */.j(`Input '${inputName}': '${text}' is not a key path (${why}). Write dotted keys with list selectors, e.g. 'image.tag' or 'images[name=backend].newTag'.`);
    };
    const documentSteps = [];
    const steps = [];
    let i = 0;
    let expectKey = true;
    const readQuoted = () => {
        const quote = text[i];
        let out = '';
        for (i++; i < text.length; i++) {
            const c = text[i];
            if (c === '\\' && quote === '"' && i + 1 < text.length)
                out += text[++i];
            else if (c === quote) {
                if (quote === "'" && text[i + 1] === "'") {
                    out += "'";
                    i++;
                }
                else {
                    i++;
                    return out;
                }
            }
            else
                out += c;
        }
        return fail('unterminated quote');
    };
    while (i < text.length) {
        const c = text[i];
        if (c === '[') {
            const end = findClosingBracket(text, i);
            if (end < 0)
                fail("'[' without ']'");
            const inner = text.slice(i + 1, end).trim();
            let step;
            if (inner === '*')
                step = { kind: 'all' };
            else if (/^\d+$/.test(inner))
                step = { kind: 'index', index: Number(inner) };
            else {
                const eq = inner.indexOf('=');
                if (eq <= 0)
                    return fail(`'[${inner}]' is neither an index, '*', nor field=value`);
                step = {
                    kind: 'select',
                    field: inner.slice(0, eq).trim(),
                    value: unquote(inner.slice(eq + 1).trim()),
                };
            }
            (steps.length === 0 ? documentSteps : steps).push(step);
            i = end + 1;
            expectKey = false;
            continue;
        }
        if (c === '.') {
            if (i === 0 || text[i - 1] === '.' || i === text.length - 1)
                fail('empty key');
            i++;
            expectKey = true;
            continue;
        }
        if (!expectKey)
            fail(`expected '.' or '[' at position ${i + 1}`);
        let name;
        if (c === '"' || c === "'")
            name = readQuoted();
        else {
            const start = i;
            while (i < text.length && text[i] !== '.' && text[i] !== '[')
                i++;
            name = text.slice(start, i).trim();
        }
        if (name === '')
            fail('empty key');
        steps.push({ kind: 'key', name });
        expectKey = false;
    }
    if (steps.length === 0)
        fail('no key');
    return { text, documentSteps, steps };
}
function findClosingBracket(text, open) {
    let quote;
    for (let i = open + 1; i < text.length; i++) {
        const c = text[i];
        if (quote) {
            if (c === quote)
                quote = undefined;
        }
        else if (c === '"' || c === "'")
            quote = c;
        else if (c === ']')
            return i;
    }
    return -1;
}
function unquote(value) {
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
        return value.slice(1, -1);
    }
    return value;
}
function formatStep(step) {
    switch (step.kind) {
        case 'key':
            return /[.[\]"']/.test(step.name) ? JSON.stringify(step.name) : step.name;
        case 'index':
            return `[${step.index}]`;
        case 'select':
            return `[${step.field}=${step.value}]`;
        case 'all':
            return '[*]';
    }
}
/** Renders steps back into a path, e.g. for error messages and outputs. */
function formatPath(steps) {
    let out = '';
    for (const step of steps) {
        const part = formatStep(step);
        out += step.kind === 'key' && out !== '' ? `.${part}` : part;
    }
    return out;
}

;// CONCATENATED MODULE: ./src/image-tag/helm-paths.ts
// Helm values (and any YAML) addressed by key path: `image.tag`, `[kind=Deployment].spec…containers[name=app].image`.




class PathError extends errors/* ConfigurationError */.j {
    depth;
    constructor(message, depth) {
        super(message);
        this.depth = depth;
    }
}
/** The targets of every key path; the default is `image.tag`. */
function helmTargets(documents, keys, file) {
    return (keys.length > 0 ? keys : ['image.tag']).flatMap((key) => pathTargets(documents, parseKeyPath(key), file));
}
function pathTargets(documents, path, file) {
    const kind = kindForPath(path, file);
    const roots = documents.map((doc, index) => ({ doc, index }));
    const where = (index) => (documents.length > 1 ? ` (document ${index + 1})` : '');
    let selected = roots;
    for (const step of path.documentSteps)
        selected = selectDocuments(selected, step, file);
    const explicit = path.documentSteps.length > 0;
    const found = [];
    let best;
    for (const { doc, index } of selected) {
        try {
            const nodes = walk(doc.contents, path.steps, 0, file, path.text);
            for (const node of nodes)
                found.push({ key: path.text, kind, node });
            if (!explicit && found.length > 0 && nodes.length > 0 && found.length > nodes.length) {
                throw new errors/* ConfigurationError */.j(`${file}: key '${path.text}' is in several documents${where(index)}; pick one by putting a document selector first, e.g. '[${index}].${path.text}' or '[kind=Deployment].${path.text}', or '[*].${path.text}' for all.`);
            }
        }
        catch (error) {
            if (!(error instanceof PathError))
                throw error;
            if (explicit)
                throw error;
            if (!best || error.depth > best.depth)
                best = error;
        }
    }
    if (found.length === 0) {
        if (best)
            throw best;
        throw new errors/* ConfigurationError */.j(`${file}: key '${path.text}' not found: the file has no YAML documents.`);
    }
    return found;
}
function selectDocuments(docs, step, file) {
    if (step.kind === 'all')
        return docs;
    if (step.kind === 'index') {
        const doc = docs[step.index];
        if (!doc)
            throw new errors/* ConfigurationError */.j(`${file}: there is no document [${step.index}]; the file has ${docs.length} (counted from 0).`);
        return [doc];
    }
    if (step.kind === 'select') {
        const match = docs.filter(({ doc }) => (0,dist/* isMap */.jh)(doc.contents) && scalarEquals(doc.contents.get(step.field, true), step.value));
        if (match.length === 0)
            throw new errors/* ConfigurationError */.j(`${file}: no document has ${step.field}=${step.value}.`);
        if (match.length > 1) {
            throw new errors/* ConfigurationError */.j(`${file}: ${match.length} documents have ${step.field}=${step.value}, where one was expected; use an index ([0]) or '[*]' for all.`);
        }
        return match;
    }
    return docs;
}
function walk(node, steps, depth, file, full) {
    const trail = formatPath(steps.slice(0, depth)) || '(the document root)';
    if ((0,dist/* isAlias */.Vj)(node)) {
        throw new PathError(`${file}: '${trail}' is an alias (*${node.source}); the value belongs to the anchor &${node.source}, shared by every alias. Set the anchored key instead.`, depth);
    }
    if (depth === steps.length) {
        if ((0,dist/* isScalar */.jn)(node))
            return [node];
        const what = (0,dist/* isMap */.jh)(node) ? 'a map' : (0,dist/* isSeq */.oP)(node) ? 'a list' : 'empty';
        throw new PathError(`${file}: key '${full}' is ${what}, not a scalar${(0,dist/* isMap */.jh)(node) ? ` (its keys: ${mapKeys(node).join(', ')})` : ''}. Point the key at the tag itself.`, depth + 1);
    }
    const step = steps[depth];
    if (step.kind === 'key') {
        if (!(0,dist/* isMap */.jh)(node)) {
            throw new PathError(`${file}: key '${full}' not found: '${trail}' is ${describe(node)}, not a map${(0,dist/* isSeq */.oP)(node) ? '; select an item with [0] or [name=…]' : ''}.`, depth);
        }
        const pair = node.items.find((item) => (0,dist/* isScalar */.jn)(item.key) && String(item.key.value) === step.name);
        if (!pair) {
            const keys = mapKeys(node);
            const merge = keys.includes('<<')
                ? " It inherits keys through '<<' (a merge key); set the key in the anchored map or add it here."
                : '';
            throw new PathError(`${file}: key '${full}' not found: ${depth === 0 ? 'the top level' : `'${trail}'`} has ${keys.length > 0 ? `keys ${keys.map((key) => `'${key}'`).join(', ')}` : 'no keys'}.${merge}`, depth);
        }
        return walk(pair.value, steps, depth + 1, file, full);
    }
    if (!(0,dist/* isSeq */.oP)(node)) {
        throw new PathError(`${file}: key '${full}' not found: '${trail}' is ${describe(node)}, not a list, so '${formatStep(step)}' does not apply.`, depth);
    }
    if (step.kind === 'index') {
        if (step.index >= node.items.length) {
            throw new PathError(`${file}: key '${full}' not found: '${trail}' has ${node.items.length} items (counted from 0).`, depth);
        }
        return walk(node.items[step.index], steps, depth + 1, file, full);
    }
    if (step.kind === 'all')
        return node.items.flatMap((item) => walk(item, steps, depth + 1, file, full));
    const matches = node.items.filter((item) => (0,dist/* isMap */.jh)(item) && scalarEquals(item.get(step.field, true), step.value));
    if (matches.length === 0) {
        const values = node.items
            .map((item) => ((0,dist/* isMap */.jh)(item) ? item.get(step.field, true) : undefined))
            .filter((value) => (0,dist/* isScalar */.jn)(value))
            .map((value) => `'${String(value.value)}'`);
        throw new PathError(`${file}: key '${full}' not found: no item of '${trail}' has ${step.field}=${step.value}${values.length > 0 ? ` (${step.field} values: ${values.join(', ')})` : ''}.`, depth);
    }
    if (matches.length > 1) {
        throw new errors/* ConfigurationError */.j(`${file}: key '${full}': ${matches.length} items of '${trail}' have ${step.field}=${step.value}, where one was expected. Use an index ([0]) or '[*]' for all of them.`);
    }
    return walk(matches[0], steps, depth + 1, file, full);
}
/** What a field holds, told by its name: `tag`, `newTag`, `imageTag` a tag; `image` a reference; `…digest` a digest. */
function kindForField(name, parent) {
    if (/digest$/i.test(name))
        return 'digest';
    if (name === 'newName')
        return 'name';
    if (/tag$/i.test(name))
        return 'tag';
    if (/image$/i.test(name))
        return 'image';
    if (parent !== undefined && /image$/i.test(parent) && /^(version|ref|reference)$/i.test(name))
        return 'tag';
    return undefined;
}
/** The kind of the values a path reaches, from its last key; a key that is no image field is refused. */
function kindForPath(path, file) {
    const names = path.steps.flatMap((step) => (step.kind === 'key' ? [step.name] : []));
    const name = names.at(-1) ?? '';
    const kind = kindForField(name, names.at(-2));
    if (kind === undefined) {
        throw new errors/* ConfigurationError */.j(`${file}: key '${path.text}' is not an image field: '${name}' names neither a tag ('tag', 'newTag', 'imageTag'), an image reference ('image'), nor a digest ('digest'). Point 'key' at the image's tag, e.g. 'image.tag'.`);
    }
    return kind;
}

;// CONCATENATED MODULE: ./src/image-tag/kustomize.ts
// Kustomize `images:` entries: `newTag`, `digest` and `newName` of the entry named in 'key' (or the only
// entry), added to the entry when it does not have them yet.






/** `images[name=redis].newTag`: the short form `redis`, written as a path. */
const ENTRY_PATH = /^images\[name=([^\]]+)\]\.(newTag|newName|digest)$/;
function kustomizeTargets(documents, keys, file, values, insertions) {
    const doc = documents.find((candidate) => (0,dist/* isMap */.jh)(candidate.contents) && (0,dist/* isSeq */.oP)(candidate.contents.get('images', true)));
    if (!doc)
        throw new errors/* ConfigurationError */.j(`${file}: no 'images:' list found; it is not a Kustomization with images (set 'format' if it is another kind of file).`);
    const images = doc.contents.get('images', true);
    if (!(0,dist/* isSeq */.oP)(images))
        return [];
    const entries = images.items.filter(dist/* isMap */.jh);
    const names = entries
        .map((entry) => entry.get('name', true))
        .filter(dist/* isScalar */.jn)
        .map((value) => String(value.value));
    const targets = [];
    const entryNames = [];
    for (const key of keys) {
        const entryPath = ENTRY_PATH.exec(key);
        if (entryPath)
            entryNames.push(entryPath[1].replace(/^(["'])(.*)\1$/, '$2'));
        else if (/^images[[.]/.test(key))
            targets.push(...pathTargets([doc], parseKeyPath(key), file));
        else
            entryNames.push(key);
    }
    if (keys.length === 0) {
        if (entries.length !== 1) {
            throw new errors/* ConfigurationError */.j(`${file}: 'images' has ${entries.length} entries (${names.join(', ')}); name the image to set in 'key', one per line.`);
        }
        entryNames.push(names[0] ?? '');
    }
    const chosen = entryNames.map((name) => {
        const matches = entries.filter((entry) => scalarEquals(entry.get('name', true), name));
        if (matches.length === 0) {
            throw new errors/* ConfigurationError */.j(`${file}: no entry of 'images' has name=${name} (names: ${names.map((n) => `'${n}'`).join(', ')}).`);
        }
        if (matches.length > 1)
            throw new errors/* ConfigurationError */.j(`${file}: ${matches.length} entries of 'images' have name=${name}, where one was expected.`);
        return { name, entry: matches[0] };
    });
    const tagIsDigest = values.tag !== undefined && (0,image_reference/* isDigest */.Bc)(values.tag);
    for (const { name, entry } of chosen) {
        const fields = [];
        if (values.tag !== undefined && !tagIsDigest)
            fields.push(['newTag', 'tag']);
        if (values.digest !== undefined || tagIsDigest)
            fields.push(['digest', 'digest']);
        if (values.name !== undefined)
            fields.push(['newName', 'name']);
        const pinned = entry.get('digest', true);
        if (!fields.some(([, kind]) => kind === 'digest') && (0,dist/* isScalar */.jn)(pinned) && scalarText(pinned) !== '') {
            throw new errors/* ConfigurationError */.j(`${file}: the 'images' entry name=${name} has digest ${scalarText(pinned)}, which Kustomize uses instead of newTag, so a new tag alone would deploy the same image. Give 'digest' (the new image's digest), or delete the entry's digest line.`);
        }
        for (const [field, kind] of fields) {
            const steps = [
                { kind: 'key', name: 'images' },
                { kind: 'select', field: 'name', value: name },
                { kind: 'key', name: field },
            ];
            const value = entry.get(field, true);
            if (value === undefined) {
                if (entry.flow) {
                    throw new errors/* ConfigurationError */.j(`${file}: the 'images' entry name=${name} has no '${field}' (its keys: ${mapKeys(entry).join(', ')}); add '${field}:' to it once by hand.`);
                }
                insertions.push({ key: formatPath(steps), kind, entry, field, group: name });
                continue;
            }
            const nodes = walk(value, steps, steps.length, file, formatPath(steps));
            for (const node of nodes)
                targets.push({ key: formatPath(steps), kind, node, group: name });
        }
    }
    return targets;
}

;// CONCATENATED MODULE: ./src/image-tag/splice.ts
// Writing a value into the original text: the new value replaces the old one's source range in the
// quoting style the old one used, or a new `key: value` line is added to a Kustomize images entry.


/** Applies edits that do not overlap, from the last to the first. */
function applyEdits(text, edits) {
    let out = text;
    for (const edit of [...edits].sort((a, b) => b.start - a.start))
        out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    return out;
}
function spliceEdit(text, target, value, file, line) {
    const node = target.node;
    const [start, end] = node.range ?? [0, 0];
    const token = node.srcToken;
    const type = token && 'type' in token ? token.type : undefined;
    if (type === 'single-quoted-scalar')
        return { start, end, text: `'${value.replace(/'/g, "''")}'` };
    if (type === 'double-quoted-scalar')
        return { start, end, text: JSON.stringify(value) };
    if (type === 'block-scalar') {
        throw new errors/* ConfigurationError */.j(`${file}:${line}: ${target.key} is a block scalar ('|' or '>'); write the value on the key's line, plain or quoted.`);
    }
    const written = plainIsString(value) ? value : JSON.stringify(value);
    if (start === end) {
        // An empty value (`tag:`): add the separating space, and one before a following comment.
        const before = text[start - 1] === ':' ? ' ' : '';
        const after = text[start] === '#' ? ' ' : '';
        return { start, end, text: `${before}${written}${after}` };
    }
    return { start, end, text: written };
}
/** Adds `field: value` as a new line after the last key of a block-style Kustomize images entry. */
function insertEdit(text, insertion, value) {
    const entry = insertion.entry;
    const first = entry.items[0]?.key;
    const last = entry.items.at(-1);
    const firstStart = first?.range?.[0] ?? entry.range?.[0] ?? 0;
    const lineStart = text.lastIndexOf('\n', firstStart - 1) + 1;
    const indent = ' '.repeat(firstStart - lineStart);
    const lastEnd = last?.value?.range?.[1] ??
        last?.key?.range?.[1] ??
        firstStart;
    let at = text.indexOf('\n', lastEnd);
    const crlf = at > 0 && text[at - 1] === '\r';
    if (at < 0)
        at = text.length;
    else if (crlf)
        at -= 1;
    const eol = crlf || (at === text.length && text.includes('\r\n')) ? '\r\n' : '\n';
    const written = plainIsString(value) ? value : JSON.stringify(value);
    return { start: at, end: at, text: `${eol}${indent}${insertion.field}: ${written}` };
}
const plainCache = new Map();
/** True when the text, written without quotes, reads back as the same string in YAML 1.1 and 1.2. */
function plainIsString(value) {
    let ok = plainCache.get(value);
    if (ok === undefined) {
        try {
            ok =
                value !== '' &&
                    (0,dist/* parse */.qg)(value, { version: '1.2' }) === value &&
                    (0,dist/* parse */.qg)(value, { version: '1.1' }) === value;
        }
        catch {
            ok = false;
        }
        if (plainCache.size > 10_000)
            plainCache.clear();
        plainCache.set(value, ok);
    }
    return ok;
}

;// CONCATENATED MODULE: ./src/image-tag/rewrite.ts








/**
 * Sets image tags in one YAML file without re-serialising it: the file is parsed only to find the
 * source range of each target scalar, and the new value is spliced into the original text in the
 * quoting style the old value used. Every other byte (comments, blank lines, indentation, anchors,
 * document separators, CRLF, BOM, a missing final newline) is kept. Any refusal throws before an edit.
 */
function rewriteImageTag(text, options) {
    const file = options.file;
    const lineCounter = new dist/* LineCounter */.HN();
    const docs = (0,dist/* parseAllDocuments */.hR)(text, { keepSourceTokens: true, lineCounter, prettyErrors: true });
    const documents = Array.isArray(docs) ? docs : [];
    for (const doc of documents) {
        const error = doc.errors[0];
        if (error) {
            const pos = error.linePos?.[0];
            const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
            throw new errors/* ConfigurationError */.j(`${where}: invalid YAML: ${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}. Fix the file before updating its image tag.`);
        }
    }
    const keys = options.keys ?? [];
    const values = options.values;
    const format = options.format && options.format !== 'auto' ? options.format : detectFormat(text, documents, file, keys);
    const warnings = [];
    const insertions = [];
    const targets = format === 'flux-marker'
        ? fluxTargets(text, documents, keys, file, values, warnings)
        : format === 'kustomize'
            ? kustomizeTargets(documents, keys, file, values, insertions)
            : helmTargets(documents, keys, file);
    const digestGroups = new Set([...targets, ...insertions].filter((t) => t.kind === 'digest').map((t) => t.group ?? ''));
    const anchors = text.includes('&') ? sharedAnchors(documents, lineCounter) : [];
    const edits = [];
    const changes = [];
    const seen = new Set();
    for (const target of targets) {
        const start = target.node.range?.[0] ?? 0;
        if (seen.has(start))
            continue;
        seen.add(start);
        const oldValue = scalarText(target.node);
        if (target.optional && target.kind === 'digest' && !hasDigest(values))
            continue;
        const pos = lineCounter.linePos(start);
        const where = `${file}:${pos.line}: ${target.key}`;
        const notes = {};
        const newValue = newValueFor(target, oldValue, values, where, digestGroups, warnings, notes);
        if (newValue === undefined)
            continue;
        const changed = oldValue !== newValue;
        const aliases = changed ? aliasesOf(anchors, start) : [];
        if (aliases.length > 0) {
            const shared = `${where} is inside the anchor &${aliases[0]?.anchor}, which ${aliases.length === 1 ? 'an alias reuses' : `${aliases.length} aliases reuse`} (line ${aliases.map((a) => a.line).join(', ')}), so setting it changes ${aliases.length === 1 ? 'that place' : 'those places'} too`;
            if (!options.allowAliases)
                throw new errors/* ConfigurationError */.j(`${shared}. Set 'allow-aliases: true' to accept that, or give those places their own value.`);
            warnings.push(`${shared}.`);
        }
        changes.push({
            file,
            key: target.key,
            kind: target.kind,
            line: pos.line,
            column: pos.col,
            oldValue,
            newValue,
            changed,
            ...(aliases.length > 0 ? { aliases: aliases.map((alias) => alias.line) } : {}),
            ...notes,
        });
        if (changed)
            edits.push(spliceEdit(text, target, newValue, file, pos.line));
    }
    for (const insertion of insertions) {
        const where = `${file}: ${insertion.key}`;
        const newValue = newValueFor(insertion, '', values, where, digestGroups, warnings, {});
        if (newValue === undefined)
            continue;
        const edit = insertEdit(text, insertion, newValue);
        const pos = lineCounter.linePos(edit.start);
        changes.push({
            file,
            key: insertion.key,
            kind: insertion.kind,
            line: pos.line + 1,
            column: 1,
            oldValue: '',
            newValue,
            changed: true,
        });
        edits.push(edit);
    }
    return { file, format, text: applyEdits(text, edits), changes, changed: edits.length > 0, warnings };
}
/** Flux markers win; then Kustomize (`kind: Kustomization` or a kustomization.yaml file); else Helm values. */
function detectFormat(text, documents, file, keys = []) {
    const pathLike = keys.length > 0 && keys.every((key) => /[.[]/.test(key) && !/^images\[/.test(key));
    if (!pathLike && hasFluxMarker(text))
        return 'flux-marker';
    if (pathLike)
        return 'helm';
    if (/(^|[\\/])kustomization\.ya?ml$/i.test(file))
        return 'kustomize';
    for (const doc of documents) {
        const root = doc.contents;
        if ((0,dist/* isMap */.jh)(root) &&
            String(root.get('kind') ?? '') === 'Kustomization' &&
            (0,dist/* isSeq */.oP)(root.get('images', true))) {
            return 'kustomize';
        }
    }
    return 'helm';
}
/**
 * The value written into a target. A tag value keeps a digest pin (`v2@sha256:…`) when a digest is given
 * and no digest field of the same image receives it; a pin that gets no new digest is dropped, with a warning.
 */
function newValueFor(target, oldValue, values, where, digestGroups, warnings, notes) {
    const tagIsDigest = values.tag !== undefined && (0,image_reference/* isDigest */.Bc)(values.tag);
    const digest = values.digest ?? (tagIsDigest ? values.tag : undefined);
    const tag = tagIsDigest ? undefined : values.tag;
    const fail = (message) => {
        throw new errors/* ConfigurationError */.j(`${where}: ${message}`);
    };
    const checkTag = (value) => {
        if (value !== undefined && !(0,image_reference/* isValidTag */.r_)(value))
            fail(`'${value}' is not a valid image tag (${image_reference/* TAG_RULE */.Kx}).`);
    };
    const dropped = (old, written) => {
        if (!old || written)
            return;
        notes.droppedDigest = old;
        warnings.push(`${where}: the old value was pinned to ${old}; the new value has no digest (give 'digest' to pin it).`);
    };
    switch (target.kind) {
        case 'tag': {
            if (tag === undefined)
                return fail(`holds a tag; give a tag (${values.tag ? `'${values.tag}' is a digest` : 'none given'}).`);
            checkTag(tag);
            const old = (0,image_reference/* splitPinnedTag */.fc)(oldValue);
            const pin = digest !== undefined && (!!old.digest || !digestGroups.has(target.group ?? ''));
            dropped(old.digest, pin ? digest : undefined);
            return pin ? `${tag}@${digest}` : tag;
        }
        case 'digest':
            if (digest === undefined)
                return fail(`holds a digest; give ${image_reference/* DIGEST_RULE */.M$}, not '${values.tag ?? ''}'.`);
            if (!(0,image_reference/* isDigest */.Bc)(digest))
                return fail(`'${digest}' is not a digest (${image_reference/* DIGEST_RULE */.M$}).`);
            return digest;
        case 'name':
            return values.name;
        case 'image': {
            const old = (0,image_reference/* splitImageReference */.Xv)(oldValue);
            const name = values.name ?? old.name;
            if (name === '')
                return fail("holds an image reference but is empty; give 'image-name'.");
            checkTag(tag);
            dropped(old.digest, digest);
            return (0,image_reference/* formatImageReference */.my)({
                name,
                ...(tag !== undefined ? { tag } : {}),
                ...(digest !== undefined ? { digest } : {}),
            });
        }
    }
}
function hasDigest(values) {
    return values.digest !== undefined || (values.tag !== undefined && (0,image_reference/* isDigest */.Bc)(values.tag));
}
/** Anchored nodes that at least one alias (or `<<: *merge`) reuses, with the lines of those aliases. */
function sharedAnchors(documents, lineCounter) {
    const shared = [];
    for (const doc of documents) {
        const defined = [];
        (0,dist/* visit */.YR)(doc, {
            Node(_key, node) {
                const [start = 0, , end = start] = node.range ?? [];
                if ((0,dist/* isAlias */.Vj)(node)) {
                    const target = defined
                        .filter((anchor) => anchor.anchor === node.source && anchor.start < start)
                        .at(-1);
                    target?.aliases.push(lineCounter.linePos(start).line);
                }
                else if (node.anchor)
                    defined.push({ anchor: node.anchor, start, end, aliases: [] });
            },
        });
        shared.push(...defined.filter((anchor) => anchor.aliases.length > 0));
    }
    return shared;
}
function aliasesOf(anchors, offset) {
    return anchors
        .filter((anchor) => anchor.start <= offset && offset < anchor.end)
        .flatMap((anchor) => anchor.aliases.map((line) => ({ anchor: anchor.anchor, line })));
}

;// CONCATENATED MODULE: ./src/image-tag/update.ts





/**
 * Computes every edit before anything is written: a failure in any file (missing, invalid YAML, key not
 * found, bad tag) throws, and no file is touched.
 */
function planImageTagUpdate(files, request) {
    const results = [];
    for (const { path, text } of files) {
        if (text === null) {
            throw new errors/* ConfigurationError */.j(`Input 'files': '${path}' does not exist. Check the path (relative to the repository root, or to 'path' with pull-request: false).`);
        }
        results.push(rewriteImageTag(text, {
            file: path,
            format: request.format,
            keys: request.keys,
            values: request.values,
            allowAliases: request.allowAliases,
        }));
    }
    const changed = results.filter((result) => result.changed);
    const oldTags = {};
    for (const result of results) {
        const first = result.changes.find((change) => change.kind === 'tag' || change.kind === 'image') ?? result.changes[0];
        if (first)
            oldTags[result.file] = first.oldValue;
    }
    return {
        results,
        changedFiles: changed.map((result) => result.file),
        newTexts: new Map(changed.map((result) => [result.file, result.text])),
        changes: results.flatMap((result) => result.changes),
        oldTags,
        warnings: results.flatMap((result) => result.warnings),
    };
}
/**
 * Reads, plans and writes the files in a local checkout. Nothing is written unless every file succeeds
 * and `check` (the render check) accepts the plan.
 */
async function updateLocalFiles(root, patterns, request, check) {
    const paths = await (0,lib_files/* expandPatterns */.qL)(patterns, root);
    const files = await Promise.all(paths.map(async (path) => ({
        path,
        text: (0,lib_files/* decodeUtf8 */._6)(path, await (0,promises_.readFile)((0,external_node_path_.join)(root, path)).catch(() => null)),
    })));
    const plan = planImageTagUpdate(files, request);
    await check?.(plan, new Map(files.map((file) => [file.path, file.text ?? ''])));
    await (0,lib_files/* writeFilesAtomically */.ik)(root, plan.newTexts);
    return plan;
}

;// CONCATENATED MODULE: ./src/image-tag/change-set.ts

/**
 * The image-tag edit as a pull-request change: applied to the files as they are on the work branch or
 * the base, so a run updating an open PR starts from what that PR already has. `lastPlan` keeps the plan
 * of the latest attempt for the action's outputs.
 */
function imageTagChangeSet(paths, request, check) {
    const changeSet = {
        paths,
        apply(current) {
            const plan = planImageTagUpdate(paths.map((path) => ({ path, text: current.get(path) ?? null })), request);
            changeSet.lastPlan = plan;
            const result = {
                files: plan.newTexts,
                rows: plan.changes
                    .filter((change) => change.changed)
                    .map((change) => ({
                    file: change.file,
                    key: change.key,
                    old: change.oldValue,
                    new: change.newValue,
                })),
            };
            if (!check)
                return result;
            const before = new Map(paths.map((path) => [path, current.get(path) ?? '']));
            return check(plan, before).then((details) => (details ? { ...result, details } : result));
        },
    };
    return changeSet;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
;// CONCATENATED MODULE: ./src/image-tag/render.ts
// verify-render: renders the manifests with helm or kustomize before and after the edit, lists every
// container image of both renders, and refuses an edit whose render does not reference the new image.






const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];
/** Every container image in rendered YAML, in document order. */
function renderedImages(yaml) {
    const found = [];
    for (const doc of (0,dist/* parseAllDocuments */.hR)(yaml)) {
        const root = doc.contents;
        if (!(0,dist/* isMap */.jh)(root))
            continue;
        const metadata = root.get('metadata');
        const name = (0,dist/* isMap */.jh)(metadata) ? String(metadata.get('name') ?? '') : '';
        const workload = `${String(root.get('kind') ?? '?')}/${name}`;
        const visit = (node) => {
            if ((0,dist/* isMap */.jh)(node)) {
                for (const pair of node.items) {
                    const key = (0,dist/* isScalar */.jn)(pair.key) ? String(pair.key.value) : '';
                    if (CONTAINER_LISTS.includes(key) && (0,dist/* isSeq */.oP)(pair.value)) {
                        for (const item of pair.value.items) {
                            const image = (0,dist/* isMap */.jh)(item) ? item.get('image') : undefined;
                            if ((0,dist/* isMap */.jh)(item) && typeof image === 'string')
                                found.push({ workload, container: String(item.get('name') ?? ''), image });
                        }
                    }
                    else
                        visit(pair.value);
                }
            }
            else if ((0,dist/* isSeq */.oP)(node))
                node.items.forEach(visit);
        };
        visit(root);
    }
    return found;
}
/** True when the reference carries the new tag (and digest, when one is given), and the repository when known. */
function referencesNewImage(reference, values, repository) {
    const ref = (0,image_reference/* splitImageReference */.Xv)(reference);
    if (repository !== undefined && ref.name !== repository)
        return false;
    if (values.tag !== undefined && (0,image_reference/* isDigest */.Bc)(values.tag))
        return ref.digest === values.tag;
    if (values.tag !== undefined && ref.tag !== values.tag)
        return false;
    return values.digest === undefined || ref.digest === values.digest;
}
/**
 * Renders each spec with the files as they were and as they will be (in copies of the checkout, so
 * the checkout is never touched), and compares the container images.
 */
async function renderBeforeAfter(root, specs, files, deps) {
    const base = await (0,promises_.mkdtemp)((0,external_node_path_.join)(deps.tempDir ?? (0,external_node_os_.tmpdir)(), 'verify-render-'));
    try {
        const stage = async (side) => {
            const dir = (0,external_node_path_.join)(base, side);
            await (0,promises_.cp)(root, dir, {
                recursive: true,
                filter: (source) => !/[\\/](\.git|node_modules)$/.test(source),
            });
            for (const file of files) {
                await (0,promises_.mkdir)((0,external_node_path_.dirname)((0,external_node_path_.join)(dir, file.path)), { recursive: true });
                await (0,promises_.writeFile)((0,external_node_path_.join)(dir, file.path), file[side]);
            }
            return dir;
        };
        const [before, after] = await Promise.all([stage('before'), stage('after')]);
        const comparisons = [];
        for (const spec of specs) {
            for (const variant of renderVariants(spec, files)) {
                const [old, next] = await Promise.all([
                    render(spec, variant, before, base, 'before', deps),
                    render(spec, variant, after, base, 'after', deps),
                ]);
                comparisons.push(compare(variant.label, renderedImages(old), renderedImages(next)));
            }
        }
        return comparisons;
    }
    finally {
        await (0,promises_.rm)(base, { recursive: true, force: true });
    }
}
/**
 * A kustomization renders once. A chart renders once per edited values file outside it (each is one
 * environment), once per edited HelmRelease (with its `spec.values`), else once with its own values.
 */
function renderVariants(spec, files) {
    const command = `${spec.tool} ${spec.dir}`;
    if (spec.tool === 'kustomize')
        return [{ label: command }];
    const inside = (path) => spec.dir === '.' || path.startsWith(`${spec.dir}/`);
    const variants = [];
    for (const file of files) {
        if (inside(file.path))
            continue;
        if (isHelmRelease(file.before))
            variants.push({ label: `${command} (HelmRelease ${file.path})`, helmRelease: file.path });
        else if (file.format === 'helm')
            variants.push({ label: `${command} -f ${file.path}`, valuesFile: file.path });
    }
    return variants.length > 0 ? variants : [{ label: command }];
}
function isHelmRelease(text) {
    return /^kind:\s*HelmRelease\s*$/m.test(text);
}
async function render(spec, variant, checkout, base, side, deps) {
    let args;
    if (spec.tool === 'kustomize')
        args = ['build', spec.dir];
    else {
        let release = (0,external_node_path_.basename)(spec.dir === '.' ? checkout : spec.dir);
        let namespace;
        let values = variant.valuesFile;
        if (variant.helmRelease) {
            const hr = readHelmRelease(await (0,promises_.readFile)((0,external_node_path_.join)(checkout, variant.helmRelease), 'utf8'));
            const { name, namespace: ns, values: releaseValues } = hr;
            release = name ?? release;
            namespace = ns;
            values = (0,external_node_path_.join)(base, `${side}-${variant.helmRelease.replace(/[\\/]/g, '_')}.values.yaml`);
            await (0,promises_.writeFile)(values, (0,dist/* stringify */.As)(releaseValues ?? {}));
        }
        args = [
            'template',
            release.toLowerCase().replace(/[^a-z0-9-]/g, '-'),
            spec.dir,
            ...(namespace ? ['--namespace', namespace] : []),
            ...(values ? ['--values', values] : []),
        ];
    }
    // No timeoutMs: node keeps its timer alive when the program is missing, which would hold the run open.
    const result = await deps.exec(spec.tool, args, { cwd: checkout });
    if (result.spawnError?.code === 'ENOENT')
        throw new ToolMissing(spec.tool);
    if (result.exitCode !== 0) {
        const stderr = result.stderr.trim().split('\n').slice(-5).join('\n');
        throw new errors/* ConfigurationError */.j(`verify-render: '${spec.tool} ${args.join(' ')}' failed with the ${side === 'before' ? 'current' : 'edited'} files (exit ${result.exitCode}): ${stderr}`);
    }
    return result.stdout;
}
class ToolMissing extends Error {
    tool;
    constructor(tool) {
        super(`${tool} is not on PATH`);
        this.tool = tool;
    }
}
function readHelmRelease(text) {
    for (const doc of (0,dist/* parseAllDocuments */.hR)(text)) {
        const json = doc.toJS();
        if (json?.kind !== 'HelmRelease')
            continue;
        return {
            name: json.spec?.releaseName ?? json.metadata?.name,
            namespace: json.spec?.targetNamespace ?? json.metadata?.namespace,
            values: json.spec?.values,
        };
    }
    return {};
}
function compare(label, before, after) {
    const changed = [];
    const key = (image) => `${image.workload}\u0000${image.container}`;
    const remaining = new Map();
    for (const image of after)
        remaining.set(key(image), [...(remaining.get(key(image)) ?? []), image]);
    for (const image of before) {
        const next = remaining.get(key(image))?.shift();
        if (next && next.image !== image.image)
            changed.push({
                workload: image.workload,
                container: image.container,
                before: image.image,
                after: next.image,
            });
    }
    return { label, before, after, changed };
}
/**
 * Refuses when a render references the new image nowhere, or when a container's image changed to
 * something else than the new image (the repository is checked when known: 'image-name' or 'verify-image').
 */
function checkRenders(comparisons, values, edited, repository) {
    const wanted = `${repository ?? ''}${repository ? ':' : ''}${[values.tag, values.digest].filter(Boolean).join(' with digest ')}`;
    const isNew = (reference) => referencesNewImage(reference, values, repository);
    for (const comparison of comparisons) {
        const images = [...new Set(comparison.after.map((image) => image.image))];
        const list = images.length > 0 ? images.join(', ') : 'no container image';
        const wrong = comparison.changed.filter((change) => !isNew(change.after));
        if (wrong.length > 0) {
            throw new errors/* ConfigurationError */.j(`verify-render: with the edit, ${comparison.label} renders ${wrong.map((w) => `${w.workload} ${w.container}: ${w.after}`).join(', ')}, not the new image ${wanted}. Check 'key' and the chart's image template. Nothing was changed.`);
        }
        if (!comparison.after.some((image) => isNew(image.image))) {
            throw new errors/* ConfigurationError */.j(`verify-render: with the edit, ${comparison.label} renders ${list}, none of them with ${wanted}${edited && comparison.changed.length === 0 ? ': the edit does not change the render, so the key is not the one the manifests use' : ''}. Check 'files', 'key' and 'verify-render'. Nothing was changed.`);
        }
    }
}
/** Markdown: the rendered image lines before → after, for the job summary and the PR body. */
function renderComparisonMarkdown(comparisons) {
    const lines = ['#### Rendered images', ''];
    for (const comparison of comparisons) {
        lines.push(`\`${comparison.label}\`:`, '');
        if (comparison.changed.length === 0) {
            lines.push('No container image changes.', '');
            continue;
        }
        lines.push('```diff');
        for (const change of comparison.changed) {
            lines.push(`- ${change.workload} ${change.container}: ${change.before}`);
            lines.push(`+ ${change.workload} ${change.container}: ${change.after}`);
        }
        lines.push('```', '');
        const unchanged = comparison.after.length - comparison.changed.length;
        if (unchanged > 0)
            lines.push(`${unchanged} other container${unchanged === 1 ? '' : 's'} unchanged.`, '');
    }
    return lines.join('\n').trimEnd();
}

;// CONCATENATED MODULE: ./src/image-tag/verify-image.ts


const MANIFEST_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
function parseImage(image) {
    const slash = image.indexOf('/');
    const host = slash > 0 ? image.slice(0, slash) : '';
    if (slash <= 0 || !/[.:]|^localhost$/.test(host)) {
        throw new errors/* ConfigurationError */.j(`Input 'verify-image': '${image}' must name the registry and repository, e.g. '123456789012.dkr.ecr.eu-west-1.amazonaws.com/backend'.`);
    }
    return { registry: host, repository: image.slice(slash + 1) };
}
/** Returns the manifest digest when the reference exists; throws a ConfigurationError when it does not. */
async function verifyImage(options) {
    const doFetch = options.fetch ?? fetch;
    const { registry, repository } = parseImage(options.image);
    const scheme = (options.insecure ?? /^(127\.0\.0\.1|localhost)(:|$)/.test(registry)) ? 'http' : 'https';
    const url = `${scheme}://${registry}/v2/${repository}/manifests/${options.reference}`;
    const basic = options.username !== undefined && options.password !== undefined
        ? `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`
        : undefined;
    const head = (authorization) => doFetch(url, {
        method: 'HEAD',
        headers: { accept: MANIFEST_TYPES, ...(authorization ? { authorization } : {}) },
    });
    let response = await head(basic);
    if (response.status === 401) {
        const challenge = response.headers.get('www-authenticate') ?? '';
        const bearer = /^Bearer\s+(.*)$/i.exec(challenge);
        if (bearer?.[1]) {
            const params = Object.fromEntries([...bearer[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
            const tokenUrl = new URL(params.realm ?? '');
            if (params.service)
                tokenUrl.searchParams.set('service', params.service);
            tokenUrl.searchParams.set('scope', params.scope ?? `repository:${repository}:pull`);
            const tokenResponse = await doFetch(tokenUrl, { headers: basic ? { authorization: basic } : {} });
            if (tokenResponse.ok) {
                const body = (await tokenResponse.json());
                response = await head(`Bearer ${body.token ?? body.access_token ?? ''}`);
            }
        }
    }
    if (response.status === 200)
        return response.headers.get('docker-content-digest') ?? undefined;
    if (response.status === 404) {
        throw new errors/* ConfigurationError */.j(`Image ${options.image}:${options.reference} does not exist in the registry; push it first (or check 'tag' and 'verify-image'). Nothing was changed.`);
    }
    if (response.status === 401 || response.status === 403) {
        throw new errors/* ConfigurationError */.j(`The registry refused to show ${options.image} (HTTP ${response.status}); give 'registry-username' and 'registry-password', or AWS credentials for ECR.`);
    }
    throw new Error(`Checking ${options.image}:${options.reference} failed: HTTP ${response.status}.`);
}
/** ECR's registry credentials (GetAuthorizationToken), with given AWS credentials or the SDK's default chain. */
async function ecrCredentials(registry, aws) {
    const region = (0,image_reference/* parseEcrHost */.wl)(registry)?.region;
    const { ECRClient, GetAuthorizationTokenCommand } = await Promise.all(/* import() */[__webpack_require__.e(956), __webpack_require__.e(249)]).then(__webpack_require__.t.bind(__webpack_require__, 8249, 19));
    const client = new ECRClient({ ...(region ? { region } : {}), ...(aws ? { credentials: aws } : {}) });
    const result = await client.send(new GetAuthorizationTokenCommand({}));
    const token = result.authorizationData?.[0]?.authorizationToken;
    if (!token)
        throw new Error('ECR returned no authorization token.');
    const [username = '', password = ''] = Buffer.from(token, 'base64').toString('utf8').split(':');
    return { username, password };
}
/**
 * Looks the image up with the given registry credentials, or, for ECR, with an ECR token obtained with
 * the role (or the job's AWS credentials). Returns the manifest digest the registry reported.
 */
async function checkImageExists(check, deps) {
    const { registry } = parseImage(check.image);
    let credentials = check.username && check.password ? { username: check.username, password: check.password } : undefined;
    if (!credentials && (0,image_reference/* isEcrRegistry */.Wr)(registry)) {
        let aws;
        if (check.roleArn) {
            const { assumeRoleWithOidc } = await Promise.resolve(/* import() */).then(__webpack_require__.bind(__webpack_require__, 717));
            aws = await assumeRoleWithOidc({
                roleArn: check.roleArn,
                region: check.region ?? (0,image_reference/* parseEcrHost */.wl)(registry)?.region ?? deps.env.AWS_REGION ?? 'us-east-1',
                audience: check.audience,
                getIdToken: deps.getIdToken,
                mask: deps.mask,
                logger: deps.logger,
                env: deps.env,
            });
        }
        credentials = await ecrCredentials(registry, aws);
        deps.mask(credentials.password);
    }
    const found = await verifyImage({
        image: check.image,
        reference: check.reference,
        ...(credentials ?? {}),
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
    });
    deps.logger.info(`${check.image}:${check.reference} exists in the registry${found ? ` (${found})` : ''}.`);
    return found;
}

;// CONCATENATED MODULE: ./src/image-tag/update-image-tag.ts
// The update-image-tag core: check the image exists, edit the files (in the checkout, or through a pull
// request), and with verify-render refuse an edit whose render does not run the new image.








async function updateImageTag(input, deps) {
    const { logger } = deps;
    const values = input.request.values;
    const found = input.verifyImage ? await checkImageExists(input.verifyImage, deps) : undefined;
    const root = (0,external_node_path_.resolve)(deps.workspace, input.path);
    const repository = values.name ?? input.verifyImage?.image;
    let rendered;
    const check = input.verifyRender.length === 0
        ? undefined
        : async (plan, before) => {
            const files = plan.results.map((result) => ({
                path: result.file,
                format: result.format,
                before: before.get(result.file) ?? '',
                after: result.text,
            }));
            try {
                const comparisons = await renderBeforeAfter(root, input.verifyRender, files, deps);
                checkRenders(comparisons, values, plan.changedFiles.length > 0, repository);
                rendered = renderComparisonMarkdown(comparisons);
            }
            catch (error) {
                if (!(error instanceof ToolMissing))
                    throw error;
                logger.warning(`verify-render: ${error.tool} is not on PATH, so the render was not checked; install ${error.tool} in an earlier step.`);
                rendered = undefined;
            }
            return rendered;
        };
    const pr = input.pullRequest;
    if (!pr) {
        const plan = await updateLocalFiles(root, input.files, input.request, check);
        for (const warning of plan.warnings)
            logger.warning(warning);
        logger.info(plan.changedFiles.length > 0
            ? `Updated ${plan.changedFiles.join(', ')}.`
            : 'Every file already has the tag.');
        return { outputs: outputs(plan), summary: summary(plan.changes, rendered, undefined) };
    }
    const api = await deps.pullRequestApi();
    const { app, environment } = input;
    const reference = values.digest ?? values.tag ?? '';
    const branch = pr.branch ?? `platform-actions/${environment ? `${environment}/` : ''}${app}`;
    let paths;
    if (input.files.some(lib_files/* isGlob */.fg)) {
        const state = await api.readState({ base: pr.base, branch, paths: [] });
        paths = await (0,lib_files/* expandPatterns */.qL)(input.files, await api.listFiles(state.base.oid));
    }
    else {
        const listed = input.files.map((file) => file.replace(/^\.\//, ''));
        paths = await (0,lib_files/* expandPatterns */.qL)(input.files, listed);
    }
    const change = imageTagChangeSet(paths, input.request, check);
    const result = await openPullRequest(api, change, {
        base: pr.base,
        branch,
        title: pr.title ?? `Deploy ${app}${environment ? ` to ${environment}` : ''}: ${reference}`,
        body: [pr.body, deployFacts(input, values.digest ?? found, deps.env)].filter(Boolean).join('\n\n'),
        commitMessage: pr.commitMessage ??
            `Set the image tag of ${app}${environment ? ` in ${environment}` : ''} to ${reference}`,
        labels: pr.labels,
        draft: pr.draft,
        autoMerge: pr.autoMerge,
        mergeMethod: pr.mergeMethod,
        fallbackMerge: pr.fallbackMerge,
        waitForMerge: pr.waitForMerge,
        ...(pr.closeSuperseded ? { closeSupersededPrefix: pr.supersededPrefix ?? branch } : {}),
        runUrl: deps.runUrl,
        logger,
    });
    const plan = change.lastPlan;
    for (const warning of plan?.warnings ?? [])
        logger.warning(warning);
    return {
        outputs: {
            ...outputs(plan),
            changed: String(result.changedFiles.length > 0),
            'changed-files': result.changedFiles,
            ...(0,pull_request_inputs/* pullRequestOutputs */.R$)(result),
        },
        summary: summary(plan?.changes ?? [], rendered, result.pullRequestUrl),
    };
}
function outputs(plan) {
    return {
        changed: String((plan?.changedFiles.length ?? 0) > 0),
        'changed-files': plan?.changedFiles ?? [],
        'old-tags': plan?.oldTags ?? {},
        changes: plan?.changes ?? [],
        ...(0,pull_request_inputs/* pullRequestOutputs */.R$)(),
    };
}
/** What a reviewer checks first: the image, its digest, and the commit it was built from. */
function deployFacts(input, digest, env) {
    const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
    const image = input.verifyImage?.image;
    const tag = input.request.values.tag ?? '';
    const lines = [`- Image: \`${image ? `${image}:${tag}` : tag}\``];
    if (digest)
        lines.push(`- Digest: \`${digest}\``);
    const source = input.sourceCommit;
    if (source)
        lines.push(`- Source commit: [${source.repository}@${source.sha.slice(0, 7)}](${server}/${source.repository}/commit/${source.sha})`);
    return lines.join('\n');
}
function summary(changes, rendered, url) {
    const lines = ['### Image tag', ''];
    if (changes.some((change) => change.changed)) {
        lines.push('| File | Key | Old | New |', '|---|---|---|---|');
        for (const change of changes.filter((c) => c.changed))
            lines.push(`| \`${change.file}\` | \`${change.key}\` | \`${change.oldValue}\` | \`${change.newValue}\` |`);
    }
    else
        lines.push('Every file already has the tag; nothing changed.');
    if (rendered)
        lines.push('', rendered);
    if (url)
        lines.push('', `Pull request: ${url}`);
    return lines.join('\n');
}


/***/ }),

/***/ 9651:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ StaleHeadError)
/* harmony export */ });
/* unused harmony export MERGE_METHODS */
// The GitHub operations the pull-request flow needs, behind a narrow interface so the flow can be
// tested against any implementation (the emulator, a fake) and counted call by call.
const MERGE_METHODS = (/* unused pure expression or super */ null && (['merge', 'squash', 'rebase']));
/** A stale `expectedHeadOid`: the branch moved since it was read. */
class StaleHeadError extends Error {
    name = 'StaleHeadError';
}


/***/ })

};
