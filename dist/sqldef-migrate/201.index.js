export const id = 201;
export const ids = [201];
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


/***/ })

};
