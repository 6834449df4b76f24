export const id = 183;
export const ids = [183];
export const modules = {

/***/ 4183:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createGitHubClient: () => (/* binding */ createGitHubClient),
  githubRetryDelay: () => (/* binding */ githubRetryDelay)
});

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
// EXTERNAL MODULE: ./src/lib/redact.ts
var redact = __webpack_require__(310);
// EXTERNAL MODULE: ./src/lib/retry.ts
var retry = __webpack_require__(1737);
;// CONCATENATED MODULE: ./src/lib/version.ts
const VERSION = '0.1.0';
const USER_AGENT = `platform-actions/${VERSION}`;

;// CONCATENATED MODULE: ./src/lib/github-client.ts




/**
 * Decides whether a failed GitHub request is retried and after how long: 5xx and network errors back off;
 * secondary rate limits (403/429) wait for Retry-After; other 4xx fail at once.
 */
function githubRetryDelay(error, maxWaitMs, now = Date.now()) {
    const { status, message = '', response } = (error ?? {});
    const headers = response?.headers ?? {};
    if (status === undefined)
        return !(error instanceof TypeError && /invalid url/i.test(message));
    if (status >= 500)
        return true;
    if (status === 403 || status === 429) {
        const retryAfter = Number(headers['retry-after']);
        if (Number.isFinite(retryAfter) && headers['retry-after'] !== undefined) {
            return retryAfter * 1000 <= maxWaitMs ? retryAfter * 1000 : false;
        }
        if (/secondary rate limit/i.test(message))
            return Math.min(60_000, maxWaitMs);
        if (String(headers['x-ratelimit-remaining']) === '0') {
            const waitMs = Number(headers['x-ratelimit-reset']) * 1000 - now;
            return waitMs > 0 && waitMs <= maxWaitMs ? waitMs : false;
        }
    }
    return false;
}
/** Octokit for GitHub.com or GitHub Enterprise Server, with retries that honour rate limits. */
function createGitHubClient(options) {
    const env = options.env ?? process.env;
    const apiUrl = (options.apiUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
    const graphqlUrl = options.graphqlUrl ?? env.GITHUB_GRAPHQL_URL;
    const sleep = options.sleep ?? retry/* realSleep */.u;
    const maxWaitMs = options.maxRateLimitWaitMs ?? 120_000;
    const octokit = (0,github/* getOctokit */.Q)(options.token, { baseUrl: apiUrl, userAgent: USER_AGENT });
    octokit.hook.wrap('request', (request, requestOptions) => {
        // Every text for people (comment and PR bodies, titles, commit messages, statuses) is redacted here, in
        // place: the inner hooks (authentication) were bound to this very object.
        Object.assign(requestOptions, (0,redact/* redactRequestFields */.Kc)(requestOptions));
        if (graphqlUrl && requestOptions.url === '/graphql')
            requestOptions.url = graphqlUrl;
        return (0,retry/* retry */.L)(async () => request(requestOptions), {
            maxAttempts: options.maxAttempts ?? 4,
            baseMs: 1000,
            sleep,
            isRetryable: (error) => githubRetryDelay(error, maxWaitMs),
            onRetry: (error, attempt, waitMs) => options.logger?.warning(`GitHub ${requestOptions.method} ${requestOptions.url} failed (${error.status ?? 'network'}); attempt ${attempt + 1} in ${Math.round(waitMs / 1000)} s.`),
        });
    });
    return octokit;
}


/***/ })

};
