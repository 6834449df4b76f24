export const id = 301;
export const ids = [301];
export const modules = {

/***/ 301:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runSqldefMigrate: () => (/* binding */ runSqldefMigrate)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/sqldef/command.ts
var command = __webpack_require__(390);
// EXTERNAL MODULE: ./src/sqldef/classify.ts + 2 modules
var classify = __webpack_require__(2015);
;// CONCATENATED MODULE: ./src/sqldef/comment.ts
// Renders the pull request comment and the job summary for a sqldef run.

/** GitHub rejects comment bodies over 65,536 characters; keep a margin. */
const COMMENT_LIMIT = 65_000;
/** The job summary takes up to 1 MiB per step. */
const SUMMARY_LIMIT = 900_000;
/** The hidden marker that finds this comment again: one per (engine, database label, schema files). */
function commentMarker(context) {
    const key = [context.engine, context.label, context.schemaFiles.join(',')].join(' ').replace(/--+/g, '-');
    return `<!-- sqldef-migrate: ${key} -->`;
}
const MODE_TITLES = { 'dry-run': 'dry run', offline: 'offline diff', apply: 'apply' };
function codeFence(text) {
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
    return '`'.repeat(longest + 1);
}
/** The statements as one SQL block, skipped ones as comments, destructive ones annotated. */
function renderSql(statements) {
    return statements
        .map((statement) => {
        const sql = `${statement.sql};`;
        if (statement.skipped)
            return `-- Skipped (enable-drop is off): ${sql.replace(/\n/g, '\n-- ')}`;
        return statement.destructive ? `-- ⚠ ${statement.destructive}\n${sql}` : sql;
    })
        .join('\n');
}
const count = (n, what) => `${n} ${what}${n === 1 ? '' : 's'}`;
function statusLine(result) {
    const run = result.statements.filter((s) => !s.skipped).length;
    const skipped = result.statements.length - run;
    const skippedNote = skipped > 0 ? `; sqldef holds back ${count(skipped, 'statement')} (\`enable-drop\` is off)` : '';
    if (result.mode === 'apply' && result.applied) {
        const held = result.skipped.length;
        return `Applied ${count(run - held, 'statement')}${held > 0 ? `; sqldef skipped ${held} (listed above)` : ''}.`;
    }
    if (result.mode === 'apply' && result.refused.length > 0) {
        return `Refused: nothing was applied (${count(run, 'statement')} planned${skippedNote}).`;
    }
    return `${count(run, 'statement')} ${result.mode === 'apply' ? 'planned' : 'would run'}${skippedNote}.`;
}
/** One line per class of harm in the plan, each with its reasons and what apply does about it. */
function destructiveBanner(result) {
    const flagged = result.statements.filter((s) => s.risk);
    if (flagged.length === 0)
        return undefined;
    const lines = classify/* RISKS */.F7.flatMap((risk) => {
        const ofRisk = flagged.filter((s) => s.risk === risk);
        if (ofRisk.length === 0)
            return [];
        const reasons = [...new Set(ofRisk.map((s) => s.destructive))].join(', ');
        const shownOnly = risk === 'constraint' && !result.constraintDropsGated;
        return [
            `> - **${count(ofRisk.length, 'statement')} ${classify/* RISK_TITLES */.Ap[risk]}**: ${reasons}${shownOnly ? ' (shown, not gated)' : ''}`,
        ];
    });
    let action;
    const gated = flagged.some((s) => s.risk !== 'constraint' || result.constraintDropsGated);
    if (!gated)
        action = 'Shown only: `gate-constraint-drops: true` makes `apply` refuse them too.';
    else if (result.mode === 'apply' && result.applied)
        action = 'Applied because `enable-drop` is `true`.';
    else if (result.mode === 'apply' && result.refused.length > 0)
        action = '`apply` refused: set `enable-drop: true` to apply them.';
    else
        action = '`apply` refuses them unless `enable-drop: true`.';
    return ['> [!CAUTION]', `> **Destructive changes.** ${action}`, ...lines].join('\n');
}
function skippedWarning(result) {
    if (result.skipped.length === 0)
        return undefined;
    return [
        '> [!WARNING]',
        `> **sqldef skipped ${count(result.skipped.length, 'planned statement')}** (it holds them back without \`--enable-drop\`):`,
        ...result.skipped.map((s) => `> - \`${s.sql.replace(/\s+/g, ' ').slice(0, 200).replace(/`/g, "'")}\``),
    ].join('\n');
}
/**
 * The Markdown body: title, destructive banner, status and the DDL in a ```sql block; cut to `limit`
 * characters on statement boundaries, saying how many statements were left out.
 */
function renderReport(result, context, limit = COMMENT_LIMIT) {
    const files = context.schemaFiles.map((file) => `\`${file}\``).join(', ');
    const title = `### sqldef ${MODE_TITLES[result.mode]}: ${context.engine} \`${context.label}\``;
    const footer = [`Schema: ${files}`, context.runUrl ? `[workflow run](${context.runUrl})` : '']
        .filter(Boolean)
        .join(' · ');
    const head = [commentMarker(context), title, ''];
    if (!result.changed) {
        const same = result.mode === 'offline'
            ? 'No schema changes: the schema files match the current schema.'
            : 'No schema changes: the database matches the schema files.';
        return [...head, same, '', footer, ''].join('\n');
    }
    const banner = destructiveBanner(result);
    if (banner)
        head.push(banner, '');
    const warning = skippedWarning(result);
    if (warning)
        head.push(warning, '');
    head.push(statusLine(result), '');
    const shown = result.mode === 'apply' && result.applied ? result.appliedStatements : result.statements;
    const footerLines = ['', footer, ''];
    const body = (sql, omitted) => {
        const note = omitted > 0
            ? [
                `… ${omitted} more statement${omitted === 1 ? '' : 's'} not shown (too long for a comment); see the job log.`,
            ]
            : [];
        return [...head, fenced(sql), ...note, ...footerLines].join('\n');
    };
    const full = body(renderSql(shown), 0);
    if (full.length <= limit)
        return full;
    // Cut on statement boundaries: keep the first statements that fit, then say how many were left out.
    let used = body('', shown.length).length + 16;
    let count = 0;
    for (const statement of shown) {
        const size = renderSql([statement]).length + 1;
        if (used + size > limit)
            break;
        used += size;
        count++;
    }
    const sql = count > 0 ? renderSql(shown.slice(0, count)) : '-- the first statement alone is too long to show';
    return body(sql, shown.length - count).slice(0, limit);
}
function fenced(sql) {
    const fence = codeFence(sql);
    return `${fence}sql\n${sql}\n${fence}`;
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

;// CONCATENATED MODULE: ./src/sqldef/github.ts

/** Creates or updates the one comment carrying `marker` on an issue or pull request. */
async function upsertMarkedComment(github, target, marker, body) {
    const { id, created, url } = await upsertStickyComment(github, target, (text) => text.includes(marker), body, {
        skipUnchanged: true,
    });
    return { id, created, url };
}
/** A file's text at a ref, or '' when it does not exist there (a schema file the pull request adds). */
async function readFileAtRef(github, repo, path, ref) {
    try {
        const { data } = await github.rest.repos.getContent({ owner: repo.owner, repo: repo.repo, path, ref });
        if (Array.isArray(data) || data.type !== 'file') {
            throw new Error(`${path} at ${ref} is not a file.`);
        }
        if ('content' in data && data.encoding === 'base64' && data.content) {
            return Buffer.from(data.content, 'base64').toString('utf8');
        }
        // Files over 1 MB come without content: read the blob instead.
        const { data: blob } = await github.rest.git.getBlob({
            owner: repo.owner,
            repo: repo.repo,
            file_sha: data.sha,
        });
        return Buffer.from(blob.content, blob.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
    }
    catch (error) {
        if (error.status === 404)
            return '';
        throw error;
    }
}

;// CONCATENATED MODULE: ./src/sqldef/install.ts
// Finds the sqldef binary: an explicit path, one on PATH, or a release downloaded and kept in the tool cache.



/** The sqldef release used when none is on PATH and `sqldef-version` is not set. */
const DEFAULT_SQLDEF_VERSION = 'v3.2.0';
const DEFAULT_DOWNLOAD_URL = 'https://github.com/sqldef/sqldef/releases/download';
const ARCHES = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' };
function isExecutable(file) {
    try {
        (0,external_node_fs_.accessSync)(file, external_node_fs_.constants.X_OK);
        return (0,external_node_fs_.statSync)(file).isFile();
    }
    catch {
        return false;
    }
}
/** The binary on PATH, if any. */
function whichOnPath(tool, env = process.env) {
    for (const dir of (env.PATH ?? '').split(external_node_path_.delimiter)) {
        if (dir && isExecutable((0,external_node_path_.join)(dir, tool)))
            return (0,external_node_path_.join)(dir, tool);
    }
    return undefined;
}
/** Release asset URL, e.g. .../v3.2.0/psqldef_linux_amd64.tar.gz (zip on macOS and Windows). */
function releaseAssetUrl(base, version, tool, platform, arch) {
    const os = platform === 'win32' ? 'windows' : platform;
    if (!['linux', 'darwin', 'windows'].includes(os)) {
        throw new errors/* ConfigurationError */.j(`sqldef publishes no release for ${platform}: set 'sqldef-path' to a binary.`);
    }
    const goArch = ARCHES[arch];
    if (!goArch)
        throw new errors/* ConfigurationError */.j(`sqldef publishes no release for ${arch}: set 'sqldef-path' to a binary.`);
    const ext = os === 'linux' ? 'tar.gz' : 'zip';
    return `${base.replace(/\/+$/, '')}/${version}/${tool}_${os}_${goArch}.${ext}`;
}
function normalizeVersion(version) {
    const trimmed = version.trim();
    if (!/^v?\d+\.\d+\.\d+$/.test(trimmed)) {
        throw new errors/* ConfigurationError */.j(`Input 'sqldef-version' must look like v3.2.0, got '${version}'.`);
    }
    return trimmed.startsWith('v') ? trimmed : `v${trimmed}`;
}
async function resolveSqldefBinary(options) {
    const { tool, logger } = options;
    if (options.path) {
        if (!(0,external_node_fs_.existsSync)(options.path)) {
            throw new errors/* ConfigurationError */.j(`Input 'sqldef-path' points to ${options.path}, which does not exist.`);
        }
        if (!isExecutable(options.path)) {
            throw new errors/* ConfigurationError */.j(`Input 'sqldef-path' points to ${options.path}, which is not an executable file.`);
        }
        return { path: options.path, source: 'path-input' };
    }
    if (!options.version) {
        const onPath = whichOnPath(tool, options.env);
        if (onPath)
            return { path: onPath, source: 'PATH' };
    }
    const version = normalizeVersion(options.version ?? DEFAULT_SQLDEF_VERSION);
    const platform = options.platform ?? process.platform;
    const arch = options.arch ?? process.arch;
    const binaryName = platform === 'win32' ? `${tool}.exe` : tool;
    const cache = await options.loadToolCache();
    const cacheVersion = version.slice(1);
    const cached = cache.find(tool, cacheVersion, arch);
    if (cached && isExecutable((0,external_node_path_.join)(cached, binaryName))) {
        return { path: (0,external_node_path_.join)(cached, binaryName), source: 'tool-cache', version };
    }
    const url = releaseAssetUrl(options.downloadUrl ?? DEFAULT_DOWNLOAD_URL, version, tool, platform, arch);
    logger.info(`Downloading ${tool} ${version} from ${url}`);
    let archive;
    try {
        archive = await cache.downloadTool(url);
    }
    catch (error) {
        const status = error.httpStatusCode;
        throw new errors/* ConfigurationError */.j(`Could not download ${tool} ${version} from ${url}: ${status ? `HTTP ${status}` : (0,errors/* getErrorMessage */.u)(error)}. ` +
            (status === 404
                ? `Check 'sqldef-version' against https://github.com/sqldef/sqldef/releases, `
                : 'Check the runner can reach the release host, ') +
            `or put ${tool} on PATH or set 'sqldef-path'.`);
    }
    let dir;
    try {
        dir = url.endsWith('.zip') ? await cache.extractZip(archive) : await cache.extractTar(archive);
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j(`The archive downloaded from ${url} could not be extracted: ${(0,errors/* getErrorMessage */.u)(error)}`);
    }
    if (!isExecutable((0,external_node_path_.join)(dir, binaryName))) {
        throw new errors/* ConfigurationError */.j(`The archive downloaded from ${url} has no executable ${binaryName}.`);
    }
    const cachedDir = await cache.cacheDir(dir, tool, cacheVersion, arch);
    return { path: (0,external_node_path_.join)(cachedDir, binaryName), source: 'download', version };
}

// EXTERNAL MODULE: ./src/sqldef/migrate.ts
var migrate = __webpack_require__(3790);
;// CONCATENATED MODULE: ./src/sqldef/run.ts
// The sqldef-migrate run: find sqldef, read the current schema, plan or apply, report, comment.








/** Runs one migration; a failure after the report (refused, skipped) is thrown once the report is out. */
async function runSqldefMigrate(input, deps) {
    const { logger } = deps;
    const title = `sqldef ${input.mode}: ${input.engine} \`${input.label}\``;
    // Every run leaves a job summary: a failure is written there too.
    const summarised = async (fn) => {
        try {
            return await fn();
        }
        catch (error) {
            deps.appendSummary(`### ${title}\n\n**Failed:** ${(0,errors/* getErrorMessage */.u)(error).replace(/\n/g, '  \n')}\n`);
            throw error;
        }
    };
    const tool = command/* TOOLS */.It[input.engine];
    const binary = await summarised(() => resolveSqldefBinary({ tool, ...input.binary, loadToolCache: deps.loadToolCache, logger }));
    logger.info(`Using ${tool} at ${binary.path} (${binary.source}${binary.version ? ` ${binary.version}` : ''}).`);
    const github = input.needsGitHub ? await deps.github() : undefined;
    const currentSchema = input.mode === 'offline' ? await summarised(() => baseSchema(input, github, logger)) : undefined;
    const result = await summarised(() => (0,migrate/* migrate */._r)({
        engine: input.engine,
        mode: input.mode,
        binary: binary.path,
        schemaFiles: input.schemaFiles,
        connection: input.connection,
        currentSchema,
        enableDrop: input.enableDrop,
        gateConstraintDrops: input.gateConstraintDrops,
        allowSkipped: input.allowSkipped,
        configFiles: input.configFiles,
        configInline: input.configInline,
        exec: deps.exec,
        logger,
        secrets: input.secrets,
        tempDir: input.tempDir,
    }));
    const context = {
        engine: input.engine,
        label: input.label,
        schemaFiles: input.repoPaths,
        runUrl: input.runUrl,
    };
    const shown = result.applied ? result.appliedStatements : result.statements;
    logger.info(shown.length > 0 ? renderSql(shown) : 'No schema changes.');
    deps.appendSummary(renderReport(result, context, SUMMARY_LIMIT));
    if (input.postComment && input.pullRequestNumber && github) {
        await comment(github, input, input.pullRequestNumber, context, result, logger);
    }
    logger.debug(`sqldef took ${Math.round(result.sqldefMs)} ms.`);
    const outputs = {
        changed: String(result.changed),
        statements: result.statements.map((s) => ({
            sql: s.sql,
            skipped: s.skipped,
            destructive: s.destructive ?? null,
            class: s.risk ?? null,
        })),
        'has-destructive': String(result.hasDestructive),
        applied: String(result.applied),
        skipped: String(result.skipped.length + (result.applied ? 0 : result.statements.filter((s) => s.skipped).length)),
    };
    return { result, outputs };
}
/** Offline: the current schema, from `current-schema-file` or from the schema files at the base ref. */
async function baseSchema(input, github, logger) {
    if (input.currentSchemaFiles.length > 0) {
        return input.currentSchemaFiles.map((path) => (0,external_node_fs_.readFileSync)(path, 'utf8')).join('\n');
    }
    const texts = [];
    for (const path of input.repoPaths) {
        if ((0,external_node_path_.isAbsolute)(path)) {
            throw new errors/* ConfigurationError */.j(`Input 'schema-file': ${path} is outside the workspace, so it has no base version.`);
        }
        const text = await readFileAtRef(github, input.repository, path, input.baseRef).catch((error) => {
            const status = error.status;
            throw new errors/* ConfigurationError */.j(`Could not read ${path} at ${input.baseRef} through the GitHub API (${status ? `HTTP ${status}` : (0,errors/* getErrorMessage */.u)(error)}): ` +
                "'github-token' needs contents: read, or set 'current-schema-file'.");
        });
        texts.push(text);
    }
    logger.info(`Current schema: ${input.repoPaths.join(', ')} at ${input.baseRef}.`);
    return texts.join('\n');
}
async function comment(github, input, issueNumber, context, result, logger) {
    try {
        const posted = await upsertMarkedComment(github, { ...input.repository, issueNumber }, commentMarker(context), renderReport(result, context));
        logger.info(`${posted.created ? 'Commented' : 'Updated the comment'}: ${posted.url}`);
    }
    catch (error) {
        const status = error.status;
        if (status !== 403 && status !== 404)
            throw error;
        // Pull requests from forks get a read-only token: the plan is still in the job summary.
        logger.warning(`Could not comment on pull request #${issueNumber} (HTTP ${status}): 'github-token' needs pull-requests: write. The plan is in the job summary.`);
    }
}


/***/ })

};
