export const id = 506;
export const ids = [506];
export const modules = {

/***/ 1737:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ retry),
/* harmony export */   u: () => (/* binding */ realSleep)
/* harmony export */ });
const realSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Calls fn until it succeeds, an error is not retryable, or attempts run out. Backoff is full jitter. */
async function retry(fn, options) {
    const maxAttempts = options.maxAttempts ?? 3;
    const baseMs = options.baseMs ?? 500;
    const maxMs = options.maxMs ?? 20_000;
    const sleep = options.sleep ?? realSleep;
    const random = options.random ?? Math.random;
    for (let attempt = 1;; attempt++) {
        try {
            return await fn(attempt);
        }
        catch (error) {
            const verdict = attempt < maxAttempts ? options.isRetryable(error, attempt) : false;
            if (verdict === false)
                throw error;
            const waitMs = typeof verdict === 'number'
                ? verdict
                : Math.floor(random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1)));
            options.onRetry?.(error, attempt, waitMs);
            await sleep(waitMs);
        }
    }
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


/***/ }),

/***/ 8506:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  openPullRequest: () => (/* binding */ openPullRequest)
});

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


/***/ })

};
