export const id = 670;
export const ids = [670,201];
export const modules = {

/***/ 3201:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   lazyGitHub: () => (/* binding */ lazyGitHub),
/* harmony export */   mx: () => (/* binding */ isAuthoredBy)
/* harmony export */ });
/* unused harmony exports GITHUB_ACTIONS_BOT, isInstallationToken, resolveIdentity */
/** The login GITHUB_TOKEN (`github.token`) writes as. */
const GITHUB_ACTIONS_BOT = 'github-actions[bot]';
/** Whether a token is an installation token (GITHUB_TOKEN or a GitHub App's), which cannot read `viewer`. */
function isInstallationToken(token) {
    return token.startsWith('ghs_');
}
/**
 * Resolves our login once: `<slug>[bot]` for an App (no call), `github-actions[bot]` for any other installation
 * token (no call: GitHub refuses `viewer` to them), else the token's `viewer` (one GraphQL call).
 */
async function resolveIdentity(github, options) {
    if (options.appSlug)
        return `${options.appSlug.replace(/\[bot\]$/, '')}[bot]`;
    if (isInstallationToken(options.token))
        return GITHUB_ACTIONS_BOT;
    try {
        const data = await github.graphql('query { viewer { login } }');
        return data.viewer.login;
    }
    catch (error) {
        // A token that cannot read `viewer` is an installation token in another format.
        if (/not accessible by integration/i.test(String(error.message)))
            return GITHUB_ACTIONS_BOT;
        throw error;
    }
}
/** Whether a comment (or review, pull request) was written by `login`. */
function isAuthoredBy(item, login) {
    return item.user?.login?.toLowerCase() === login.toLowerCase();
}
/** One GitHub client and one identity per step, both made on first use (the client module loads lazily). */
function lazyGitHub(options) {
    let client;
    let identity;
    const getOctokit = () => (client ??= Promise.all(/* import() */[__webpack_require__.e(119), __webpack_require__.e(413), __webpack_require__.e(6)]).then(__webpack_require__.bind(__webpack_require__, 1006)).then(({ createGitHubClient }) => createGitHubClient({ token: options.token, logger: options.logger, env: options.env })));
    const getIdentity = () => (identity ??= getOctokit().then((github) => resolveIdentity(github, options)));
    return { getOctokit, getIdentity };
}


/***/ }),

/***/ 5670:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  readFileAtRef: () => (/* binding */ readFileAtRef),
  upsertMarkedComment: () => (/* binding */ upsertMarkedComment)
});

// EXTERNAL MODULE: ./src/lib/identity.ts
var identity = __webpack_require__(3201);
;// CONCATENATED MODULE: ./src/lib/sticky-comment.ts

/**
 * Updates the latest comment `isOurs` recognises among those `options.author` wrote, or creates one: a
 * comment by anyone else is never updated, whatever marker it carries. Reads every page of comments (not only
 * the first 30) so that a busy pull request does not get a second comment; with `skipUnchanged`, an
 * identical body costs no write.
 */
async function upsertStickyComment(github, target, isOurs, body, options) {
    const { owner, repo, issueNumber } = target;
    const comments = (await github.paginate(github.rest.issues.listComments, {
        owner,
        repo,
        issue_number: issueNumber,
        per_page: 100,
    }));
    const ours = comments.filter((comment) => (0,identity/* isAuthoredBy */.mx)(comment, options.author) && isOurs(comment.body ?? ''));
    const latest = ours.at(-1);
    const older = ours.slice(0, -1);
    if (!latest) {
        const { data } = await github.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
        return { id: data.id, url: data.html_url, created: true, older, postedAs: data.user?.login };
    }
    if (options.skipUnchanged && latest.body === body) {
        return { id: latest.id, url: latest.html_url, created: false, older };
    }
    const { data } = await github.rest.issues.updateComment({ owner, repo, comment_id: latest.id, body });
    return { id: latest.id, url: data.html_url, created: false, older };
}

;// CONCATENATED MODULE: ./src/sqldef/github.ts

/** Creates or updates the one comment carrying `marker` that `author` (our identity) wrote. */
async function upsertMarkedComment(github, target, marker, body, author) {
    const { id, created, url, postedAs } = await upsertStickyComment(github, target, (text) => text.includes(marker), body, { author, skipUnchanged: true });
    return { id, created, url, ...(postedAs ? { postedAs } : {}) };
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


/***/ })

};
