export const id = 323;
export const ids = [323];
export const modules = {

/***/ 9323:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runDeployStatus: () => (/* binding */ runDeployStatus)
});

// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
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

;// CONCATENATED MODULE: ./src/lib/pull-request-inputs.ts
// Inputs shared by the actions that open a pull request (update-image-tag, open-pull-request).

/** git check-ref-format rules, roughly: no spaces, control characters, '~^:?*[\\', '..', '@{', '//', or a leading or trailing '/' or '.lock'. */
function isValidBranchName(name) {
    if ([...name].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f || '~^:?*[\\'.includes(c)))
        return false;
    return !/(^\/|\/$|\.\.|@\{|\/\/|\/\.|\.lock$|^\.)/.test(name);
}
function readPullRequestInputs(inputs, env, defaults) {
    const repository = inputs.optional('repository') ?? env.GITHUB_REPOSITORY ?? '';
    const [owner, repo, extra] = repository.split('/');
    if (!owner || !repo || extra !== undefined) {
        throw new ConfigurationError(`Input 'repository' must be 'owner/name', got '${repository}'.`);
    }
    const token = inputs.required('token', 'pass a GitHub App installation token or a token with contents and pull-requests write access');
    const branch = inputs.optional('branch');
    if (branch !== undefined && !isValidBranchName(branch)) {
        throw new ConfigurationError(`Input 'branch': '${branch}' is not a valid branch name.`);
    }
    const draft = inputs.boolean('draft', false);
    return {
        owner,
        repo,
        base: inputs.optional('base'),
        token,
        branch,
        title: inputs.optional('title'),
        body: inputs.optional('body'),
        labels: inputs.list('labels'),
        commitMessage: inputs.optional('commit-message'),
        autoMerge: inputs.boolean('auto-merge', defaults.autoMerge) && !draft,
        mergeMethod: inputs.choice('merge-method', ['merge', 'squash', 'rebase'], 'merge'),
        fallbackMerge: inputs.boolean('fallback-merge', true),
        waitForMerge: inputs.integer('wait-for-merge', 0, { min: 0, max: 6 * 3600 }),
        closeSuperseded: inputs.boolean('close-superseded', false),
        supersededPrefix: inputs.optional('superseded-prefix'),
        draft,
    };
}
/** Link to the running workflow run, when running in Actions. */
function runUrl(env) {
    const { GITHUB_SERVER_URL: server = 'https://github.com', GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId, } = env;
    return repository && runId ? `${server}/${repository}/actions/runs/${runId}` : undefined;
}
/** Outputs every PR-opening action sets. */
function pullRequestOutputs(result) {
    return {
        'pull-request-number': result?.pullRequestNumber !== undefined ? String(result.pullRequestNumber) : '',
        'pull-request-url': result?.pullRequestUrl ?? '',
        operation: result?.operation ?? 'unchanged',
        'commit-sha': result?.commitSha ?? '',
        merged: result?.merged ?? 'false',
        'merge-commit-sha': result?.mergeCommitSha ?? '',
    };
}

;// CONCATENATED MODULE: ./src/lib/aws-credentials.ts


const DEFAULT_AUDIENCE = 'sts.amazonaws.com';
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
/** The role to assume, or undefined to use the SDK's default credential chain. */
function selectRole(selection) {
    let role = selection.roleToAssume;
    let source = "'role-to-assume'";
    if (role === undefined && selection.roleMap && selection.roleMap.size > 0) {
        if (!selection.environment) {
            throw new errors/* ConfigurationError */.j(`Input 'roles' maps environments (${[...selection.roleMap.keys()].join(', ')}) to roles, but 'environment' is empty: set 'environment' to one of them.`);
        }
        role = selection.roleMap.get(selection.environment);
        if (role === undefined) {
            throw new errors/* ConfigurationError */.j(`Input 'roles' has no role for environment '${selection.environment}'; it maps ${[...selection.roleMap.keys()].join(', ')}. Add a line '${selection.environment}=arn:aws:iam::<account>:role/<name>'.`);
        }
        source = `'roles' for environment '${selection.environment}'`;
    }
    if (role !== undefined && !ROLE_ARN.test(role)) {
        throw new errors/* ConfigurationError */.j(`The role from ${source} is not an IAM role ARN: '${role}'. Expected arn:aws:iam::<12-digit account>:role/<name>.`);
    }
    return role;
}
const RETRYABLE_STS_ERRORS = new Set([
    'IDPCommunicationError',
    'IDPCommunicationErrorException',
    'Throttling',
    'ThrottlingException',
    'RequestLimitExceeded',
    'ServiceUnavailable',
    'InternalFailure',
    'RequestTimeout',
    'TimeoutError',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ECONNREFUSED']);
function isRetryableStsError(error) {
    const { name, code, $metadata } = (error ?? {});
    if (name && RETRYABLE_STS_ERRORS.has(name))
        return true;
    if (code && NETWORK_CODES.has(code))
        return true;
    return ($metadata?.httpStatusCode ?? 0) >= 500;
}
/** Exchanges GitHub's OIDC token for temporary credentials of `roleArn` (AssumeRoleWithWebIdentity). */
async function assumeRoleWithOidc(options) {
    const env = options.env ?? process.env;
    if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
        throw new errors/* ConfigurationError */.j("GitHub did not give this job an OIDC token, so it cannot assume '" +
            options.roleArn +
            "'. Add `permissions: id-token: write` to the job (or workflow). Pull requests from forks never get a token: run such jobs with pull_request_target only after review, or skip the AWS step for forks.");
    }
    const audience = options.audience ?? DEFAULT_AUDIENCE;
    const token = await options.getIdToken(audience);
    options.mask(token);
    const { fromWebToken } = await __webpack_require__.e(/* import() */ 956).then(__webpack_require__.t.bind(__webpack_require__, 9956, 19));
    const sessionName = options.sessionName ?? defaultSessionName(env);
    const provider = fromWebToken({
        roleArn: options.roleArn,
        roleSessionName: sessionName,
        durationSeconds: options.durationSeconds ?? 3600,
        webIdentityToken: token,
        clientConfig: { region: options.region, maxAttempts: 1 },
    });
    try {
        const credentials = await (0,retry/* retry */.L)(() => provider(), {
            maxAttempts: options.maxAttempts ?? 4,
            baseMs: 1000,
            sleep: options.sleep,
            isRetryable: isRetryableStsError,
            onRetry: (error, attempt, waitMs) => options.logger.warning(`AssumeRoleWithWebIdentity failed (${(0,errors/* getErrorMessage */.u)(error)}); attempt ${attempt + 1} in ${Math.round(waitMs / 1000)} s.`),
        });
        if (!credentials.sessionToken)
            throw new Error('AssumeRoleWithWebIdentity returned no session token.');
        options.mask(credentials.secretAccessKey);
        options.mask(credentials.sessionToken);
        options.mask(credentials.accessKeyId);
        return credentials;
    }
    catch (error) {
        if (isAccessDenied(error)) {
            throw new errors/* ConfigurationError */.j(explainAccessDenied(options.roleArn, decodeClaims(token), error));
        }
        throw error;
    }
}
function defaultSessionName(env) {
    const parts = ['platform-actions', env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT].filter(Boolean);
    return parts.join('-').slice(0, 64);
}
function isAccessDenied(error) {
    const { name, Code } = (error ?? {});
    return [name, Code].some((value) => value === 'AccessDenied' || value === 'AccessDeniedException');
}
/** The claims of a JWT, without verifying it. Never returns the token itself. */
function decodeClaims(token) {
    const payload = token.split('.')[1];
    if (!payload)
        return {};
    try {
        return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    }
    catch {
        return {};
    }
}
const SHOWN_CLAIMS = ['sub', 'aud', 'repository', 'environment', 'ref', 'job_workflow_ref'];
function explainAccessDenied(roleArn, claims, error) {
    const issuerHost = typeof claims.iss === 'string' ? new URL(claims.iss).host : 'token.actions.githubusercontent.com';
    const shown = SHOWN_CLAIMS.filter((claim) => claims[claim] !== undefined)
        .map((claim) => `  ${claim}: ${JSON.stringify(claims[claim])}`)
        .join('\n');
    const condition = {
        StringEquals: {
            [`${issuerHost}:aud`]: claims.aud ?? DEFAULT_AUDIENCE,
            [`${issuerHost}:sub`]: claims.sub ?? '<sub>',
        },
    };
    return [
        `AWS refused to let this workflow assume ${roleArn}: ${(0,errors/* getErrorMessage */.u)(error)}`,
        'The OIDC token GitHub sent has these claims:',
        shown || '  (none could be read)',
        "The role's trust policy must trust the OIDC provider " +
            `arn:aws:iam::<account>:oidc-provider/${issuerHost} and have a Condition that matches them, e.g.:`,
        JSON.stringify({ Condition: condition }, null, 2),
        "'sub' is compared case-sensitively; use StringLike with a '*' to allow several branches or environments.",
    ].join('\n');
}
/** Environment variables that hand credentials to a child process (terragrunt, sqldef). */
function credentialsEnv(credentials, region) {
    return {
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_SESSION_TOKEN: credentials.sessionToken,
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
    };
}

// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
;// CONCATENATED MODULE: ./src/kubernetes/resources.ts
function type(group, version, resource, kind, namespaced = true) {
    return { group, version, resource, kind, namespaced };
}
/** The kinds the actions read or write. */
const RESOURCES = {
    pod: type('', 'v1', 'pods', 'Pod'),
    podLog: type('', 'v1', 'pods/log', 'Pod'),
    podStatus: type('', 'v1', 'pods/status', 'Pod'),
    configMap: type('', 'v1', 'configmaps', 'ConfigMap'),
    secret: type('', 'v1', 'secrets', 'Secret'),
    event: type('', 'v1', 'events', 'Event'),
    namespace: type('', 'v1', 'namespaces', 'Namespace', false),
    node: type('', 'v1', 'nodes', 'Node', false),
    serviceAccount: type('', 'v1', 'serviceaccounts', 'ServiceAccount'),
    deployment: type('apps', 'v1', 'deployments', 'Deployment'),
    replicaSet: type('apps', 'v1', 'replicasets', 'ReplicaSet'),
    job: type('batch', 'v1', 'jobs', 'Job'),
    role: type('rbac.authorization.k8s.io', 'v1', 'roles', 'Role'),
    roleBinding: type('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding'),
    clusterRole: type('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
    clusterRoleBinding: type('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false),
    customResourceDefinition: type('apiextensions.k8s.io', 'v1', 'customresourcedefinitions', 'CustomResourceDefinition', false),
    argoApplication: type('argoproj.io', 'v1alpha1', 'applications', 'Application'),
    argoAppProject: type('argoproj.io', 'v1alpha1', 'appprojects', 'AppProject'),
    fluxKustomization: type('kustomize.toolkit.fluxcd.io', 'v1', 'kustomizations', 'Kustomization'),
    fluxGitRepository: type('source.toolkit.fluxcd.io', 'v1', 'gitrepositories', 'GitRepository'),
};
/** The API path of a collection (no name) or of one object. A subresource is written `pods/log`. */
function resourcePath(resource, namespace, name) {
    const base = resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
    const [plural, subresource] = resource.resource.split('/');
    let path = base;
    if (resource.namespaced && namespace)
        path += `/namespaces/${encodeURIComponent(namespace)}`;
    path += `/${plural}`;
    if (name !== undefined)
        path += `/${encodeURIComponent(name)}`;
    if (subresource) {
        if (name === undefined)
            throw new Error(`${resource.resource} needs an object name`);
        path += `/${subresource}`;
    }
    return path;
}
/** `apps/v1` or `v1`, as written in a manifest's apiVersion. */
function apiVersionOf(resource) {
    return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

;// CONCATENATED MODULE: ./src/kubernetes/client.ts




const PATCH_CONTENT_TYPES = {
    merge: 'application/merge-patch+json',
    strategic: 'application/strategic-merge-patch+json',
    json: 'application/json-patch+json',
    apply: 'application/apply-patch+yaml',
};
class KubernetesApiError extends Error {
    status;
    reason;
    verb;
    resource;
    namespace;
    name = 'KubernetesApiError';
    constructor(message, status, reason, verb, resource, namespace) {
        super(message);
        this.status = status;
        this.reason = reason;
        this.verb = verb;
        this.resource = resource;
        this.namespace = namespace;
    }
}
/** 403: says which verb on which resource and namespace was refused, and the RBAC rule that grants it. */
class ForbiddenError extends errors/* ConfigurationError */.j {
    verb;
    resource;
    namespace;
    name = 'ForbiddenError';
    status = 403;
    constructor(message, verb, resource, namespace) {
        super(message);
        this.verb = verb;
        this.resource = resource;
        this.namespace = namespace;
    }
}
/** 410 Gone on a watch: the resourceVersion is too old; list again and watch from the list's version. */
class WatchExpiredError extends Error {
    name = 'WatchExpiredError';
}
/** The rule, in Role YAML flow style, that grants `verb` on `resource`. */
function rbacRule(verb, resource) {
    return `{apiGroups: ["${resource.group}"], resources: ["${resource.resource}"], verbs: ["${verb}"]}`;
}
function explainForbidden(verb, resource, namespace, serverMessage, identity) {
    const where = resource.namespaced && namespace ? `in namespace '${namespace}'` : 'cluster-wide';
    const user = identity ?? /User "([^"]+)"/.exec(serverMessage ?? '')?.[1];
    const who = user ? `'${user}'` : 'this identity';
    const binding = resource.namespaced && namespace
        ? `a Role in namespace '${namespace}' bound to ${who} with a RoleBinding`
        : `a ClusterRole bound to ${who} with a ClusterRoleBinding`;
    const apiGroup = resource.group === '' ? 'the core API group' : `API group '${resource.group}'`;
    return (`Kubernetes refused to ${verb} ${resource.resource} (${apiGroup}) ${where}` +
        (serverMessage ? `: ${serverMessage.replace(/\.?\s*$/, '.')}` : '.') +
        ` Grant it with the rule ${rbacRule(verb, resource)} in ${binding}` +
        ' (on EKS: an access entry for the IAM role with an access policy or Kubernetes group that carries this rule).');
}
/**
 * A small Kubernetes REST client: get, list, watch, create, patch and delete of any resource type,
 * counting each call by verb. Errors carry the verb, resource and namespace; a 403 becomes a
 * ForbiddenError naming the RBAC rule to add.
 */
class KubeClient {
    options;
    /** API calls made, by verb (a watch reconnect counts again). */
    calls = {
        get: 0,
        list: 0,
        watch: 0,
        create: 0,
        patch: 0,
        update: 0,
        delete: 0,
    };
    url;
    constructor(options) {
        this.options = options;
        this.url = new URL(options.server);
    }
    get totalCalls() {
        return Object.values(this.calls).reduce((sum, n) => sum + n, 0);
    }
    async get(resource, namespace, name) {
        return this.json('get', resource, namespace, 'GET', resourcePath(resource, namespace, name));
    }
    /** The object, or undefined when it does not exist. */
    async find(resource, namespace, name) {
        try {
            return await this.get(resource, namespace, name);
        }
        catch (error) {
            if (error instanceof KubernetesApiError && error.status === 404)
                return undefined;
            throw error;
        }
    }
    async list(resource, namespace, selectors = {}) {
        return this.json('list', resource, namespace, 'GET', resourcePath(resource, namespace) + query({ ...selectors }));
    }
    /** Creates an object; for a subresource (`serviceaccounts/token`) pass the parent's `name`. */
    async create(resource, namespace, body, name) {
        const object = { apiVersion: apiVersionOf(resource), kind: resource.kind, ...body };
        return this.json('create', resource, namespace, 'POST', resourcePath(resource, namespace, name), object);
    }
    async patch(resource, namespace, name, patch, type = 'merge', options = {}) {
        const params = { fieldManager: options.fieldManager };
        if (options.force)
            params.force = 'true';
        return this.json('patch', resource, namespace, 'PATCH', resourcePath(resource, namespace, name) + query(params), patch, PATCH_CONTENT_TYPES[type]);
    }
    /** Deletes the object; resolves quietly when it is already gone. */
    async delete(resource, namespace, name, options = {}) {
        const body = options.propagationPolicy
            ? { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: options.propagationPolicy }
            : undefined;
        try {
            await this.json('delete', resource, namespace, 'DELETE', resourcePath(resource, namespace, name), body);
        }
        catch (error) {
            if (error instanceof KubernetesApiError && error.status === 404)
                return;
            throw error;
        }
    }
    /** Plain text of a subresource (pods/log). */
    async text(resource, namespace, name, params = {}) {
        const response = await this.send('get', resource, namespace, 'GET', resourcePath(resource, namespace, name) + query(params));
        return (await readAll(response)).toString('utf8');
    }
    /** GET of a path that is not a resource (`/readyz`, `/version`), as text. */
    async raw(path) {
        const nonResource = { group: '', version: '', resource: path, kind: '', namespaced: false };
        return (await readAll(await this.send('get', nonResource, undefined, 'GET', path))).toString('utf8');
    }
    /**
     * Watch events from `resourceVersion` on. When the server ends the stream (it does every few minutes)
     * the watch resumes from the last version seen; a 410 Gone throws WatchExpiredError. Stops when `signal`
     * aborts or the consumer breaks out of the loop.
     */
    async *watch(resource, namespace, options = {}) {
        let resourceVersion = options.resourceVersion;
        while (!options.signal?.aborted) {
            const path = resourcePath(resource, namespace) +
                query({
                    watch: '1',
                    allowWatchBookmarks: 'true',
                    labelSelector: options.labelSelector,
                    fieldSelector: options.fieldSelector,
                    resourceVersion,
                    timeoutSeconds: String(options.timeoutSeconds ?? 300),
                });
            let response;
            try {
                response = await this.send('watch', resource, namespace, 'GET', path, undefined, undefined, options.signal);
            }
            catch (error) {
                if (options.signal?.aborted)
                    return;
                throw error;
            }
            try {
                for await (const line of lines(response)) {
                    const event = JSON.parse(line);
                    if (event.type === 'ERROR') {
                        if (event.object.code === 410)
                            throw new WatchExpiredError(event.object.message ?? '410 Gone');
                        throw new KubernetesApiError(`watch ${resource.resource} failed: ${event.object.message ?? JSON.stringify(event.object)}`, event.object.code ?? 500, event.object.reason, 'watch', resource, namespace);
                    }
                    resourceVersion = event.object.metadata?.resourceVersion ?? resourceVersion;
                    if (event.type === 'BOOKMARK')
                        continue;
                    yield event;
                }
            }
            catch (error) {
                if (options.signal?.aborted)
                    return;
                if (error instanceof WatchExpiredError || error instanceof KubernetesApiError)
                    throw error;
                if (error instanceof SyntaxError)
                    throw error;
                // The connection dropped: resume from the last version seen.
            }
            finally {
                response.destroy();
            }
        }
    }
    /**
     * Resolves with the object once `done` returns true for it: one GET, then a watch of that object from
     * the GET's version. Rejects after `timeoutMs` with the last state seen.
     */
    async waitFor(resource, namespace, name, done, options) {
        const controller = new AbortController();
        let last;
        const timer = setTimeout(() => controller.abort(), options.timeoutMs);
        try {
            for (;;) {
                const list = await this.list(resource, namespace, { fieldSelector: `metadata.name=${name}` });
                last = list.items[0];
                if (last && done(last))
                    return last;
                try {
                    for await (const event of this.watch(resource, namespace, {
                        fieldSelector: `metadata.name=${name}`,
                        resourceVersion: list.metadata.resourceVersion,
                        signal: controller.signal,
                    })) {
                        last = event.object;
                        if (event.type !== 'DELETED' && done(event.object))
                            return event.object;
                    }
                }
                catch (error) {
                    if (error instanceof WatchExpiredError)
                        continue;
                    throw error;
                }
                if (controller.signal.aborted)
                    break;
            }
            throw new Error(`Timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${resource.kind} ${namespace ? `${namespace}/` : ''}${name}` +
                (options.description ? ` to ${options.description}` : '') +
                `; last seen: ${last ? JSON.stringify({ status: last.status }) : 'not found'}`);
        }
        finally {
            clearTimeout(timer);
            controller.abort();
        }
    }
    async json(verb, resource, namespace, method, path, body, contentType) {
        const response = await this.send(verb, resource, namespace, method, path, body, contentType);
        return JSON.parse((await readAll(response)).toString('utf8'));
    }
    async send(verb, resource, namespace, method, path, body, contentType, signal) {
        this.calls[verb]++;
        const headers = { accept: 'application/json' };
        const auth = this.options.auth;
        if ('token' in auth)
            headers.authorization = `Bearer ${await auth.token()}`;
        let payload;
        if (body !== undefined) {
            payload = typeof body === 'string' ? body : JSON.stringify(body);
            headers['content-type'] = contentType ?? 'application/json';
        }
        const requestOptions = {
            method,
            host: this.url.hostname,
            port: this.url.port || (this.url.protocol === 'https:' ? 443 : 80),
            path,
            headers,
            ca: this.options.ca,
            signal,
            timeout: verb === 'watch' ? undefined : (this.options.requestTimeoutMs ?? 30_000),
        };
        if ('clientCertificate' in auth) {
            requestOptions.cert = auth.clientCertificate;
            requestOptions.key = auth.clientKey;
        }
        const send = this.url.protocol === 'http:' ? external_node_http_.request : external_node_https_.request;
        const response = await new Promise((resolve, reject) => {
            const req = send(requestOptions, resolve);
            req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
            req.on('error', (error) => reject(Object.assign(new Error(`Kubernetes API ${this.options.server}: ${error.message}`), {
                cause: error,
            })));
            req.end(payload);
        });
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300)
            return response;
        const text = (await readAll(response)).toString('utf8');
        let parsed = {};
        try {
            parsed = JSON.parse(text);
        }
        catch {
            parsed = { message: text.trim() };
        }
        if (status === 403) {
            throw new ForbiddenError(explainForbidden(verb, resource, namespace, parsed.message, this.options.identity), verb, resource, namespace);
        }
        if (status === 401) {
            throw new errors/* ConfigurationError */.j(`Kubernetes API ${this.options.server} refused the credentials (401 Unauthorized) on ${verb} ${resource.resource}: ` +
                'the token was not accepted. On EKS, check that the role has an access entry (or a mapRoles line) for this cluster.');
        }
        const where = namespace ? ` in namespace '${namespace}'` : '';
        throw new KubernetesApiError(`${verb} ${resource.resource}${where} failed: HTTP ${status}${parsed.reason ? ` ${parsed.reason}` : ''}: ${parsed.message ?? text}`, status, parsed.reason, verb, resource, namespace);
    }
}
function query(params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params))
        if (value !== undefined && value !== '')
            search.set(key, value);
    const text = search.toString();
    return text ? `?${text}` : '';
}
function readAll(stream) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        stream.on('data', (chunk) => chunks.push(chunk));
        stream.on('end', () => resolve(Buffer.concat(chunks)));
        stream.on('error', reject);
    });
}
async function* lines(stream) {
    let buffer = '';
    for await (const chunk of stream) {
        buffer += chunk.toString('utf8');
        let newline;
        while ((newline = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, newline).trim();
            buffer = buffer.slice(newline + 1);
            if (line)
                yield line;
        }
    }
    if (buffer.trim())
        yield buffer.trim();
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/kubernetes/eks-token.ts

const TOKEN_PREFIX = 'k8s-aws-v1.';
/** The header that binds a token to one cluster (signed, so STS refuses the token for any other cluster). */
const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/** EKS accepts a token for 15 minutes after it was signed. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
/** `aws eks get-token` reports a token as expiring a minute early, so that a client renews it in time. */
const RENEW_MARGIN_MS = 60_000;
/** The regional STS host a token is signed for (`sts.<region>.amazonaws.com`, `.com.cn` in China). */
function stsHost(region) {
    return `sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}
function encode(value) {
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function hmac(key, data) {
    return (0,external_node_crypto_.createHmac)('sha256', key).update(data, 'utf8').digest();
}
function sha256Hex(data) {
    return (0,external_node_crypto_.createHash)('sha256').update(data, 'utf8').digest('hex');
}
function amzDate(date) {
    return date
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
}
/**
 * The SigV4 signature of a presigned GET to `host` with these query parameters (all but X-Amz-Signature)
 * and signed headers (lower-case names). Used to sign tokens, and by a verifier to check them.
 */
function presignSignature(host, params, headers, secretAccessKey) {
    const date = params['X-Amz-Date'] ?? '';
    const [, , region, service] = (params['X-Amz-Credential'] ?? '').split('/');
    const canonicalQuery = Object.keys(params)
        .filter((key) => key !== 'X-Amz-Signature')
        .sort()
        .map((key) => `${encode(key)}=${encode(params[key] ?? '')}`)
        .join('&');
    const allHeaders = { host, ...headers };
    const names = Object.keys(allHeaders)
        .map((name) => name.toLowerCase())
        .sort();
    const canonicalHeaders = names.map((name) => `${name}:${(allHeaders[name] ?? '').trim()}\n`).join('');
    const canonicalRequest = [
        'GET',
        '/',
        canonicalQuery,
        canonicalHeaders,
        names.join(';'),
        sha256Hex(''),
    ].join('\n');
    const scope = `${date.slice(0, 8)}/${region}/${service}/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', date, scope, sha256Hex(canonicalRequest)].join('\n');
    let key = hmac(`AWS4${secretAccessKey}`, date.slice(0, 8));
    key = hmac(key, region ?? '');
    key = hmac(key, service ?? '');
    key = hmac(key, 'aws4_request');
    return hmac(key, stringToSign).toString('hex');
}
/**
 * A bearer token for an EKS cluster, as `aws eks get-token` makes it: `k8s-aws-v1.` + base64url (no
 * padding) of a presigned STS GetCallerIdentity URL whose signature covers the `x-k8s-aws-id: <cluster>`
 * header. Made locally (no AWS call); EKS asks STS who signed it.
 */
function eksToken(options) {
    const now = options.now ?? new Date();
    const host = stsHost(options.region);
    const date = amzDate(now);
    const params = {
        Action: 'GetCallerIdentity',
        Version: '2011-06-15',
        'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
        'X-Amz-Credential': `${options.credentials.accessKeyId}/${date.slice(0, 8)}/${options.region}/sts/aws4_request`,
        'X-Amz-Date': date,
        'X-Amz-Expires': '60',
        'X-Amz-SignedHeaders': `host;${CLUSTER_ID_HEADER}`,
    };
    if (options.credentials.sessionToken)
        params['X-Amz-Security-Token'] = options.credentials.sessionToken;
    params['X-Amz-Signature'] = presignSignature(host, params, { [CLUSTER_ID_HEADER]: options.clusterName }, options.credentials.secretAccessKey);
    const query = Object.entries(params)
        .map(([key, value]) => `${encode(key)}=${encode(value)}`)
        .join('&');
    const url = `https://${host}/?${query}`;
    return {
        token: TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url'),
        expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS - RENEW_MARGIN_MS),
    };
}
/** A token source for KubeClient: signs a new token when the last one is about to expire. */
function eksTokenSource(options) {
    let current;
    return async () => {
        const now = options.clock?.() ?? new Date();
        if (!current || current.expiresAt <= now) {
            current = eksToken({ ...options, credentials: await options.credentials(), now });
            options.mask?.(current.token);
        }
        return current.token;
    };
}

;// CONCATENATED MODULE: ./src/kubernetes/eks.ts



const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
function validateClusterName(name) {
    if (!CLUSTER_NAME.test(name)) {
        throw new errors/* ConfigurationError */.j(`'${name}' is not an EKS cluster name: use 1-100 letters, digits, '-' or '_', starting with a letter or digit.`);
    }
}
/** PEM from PEM or from base64 of PEM (as EKS returns certificateAuthority.data). */
function decodeCa(value, source) {
    const text = value.trim();
    const pem = text.startsWith('-----BEGIN') ? text : Buffer.from(text, 'base64').toString('utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
        throw new errors/* ConfigurationError */.j(`${source} is not a PEM certificate nor base64 of one.`);
    }
    return pem.endsWith('\n') ? pem : `${pem}\n`;
}
/** DescribeCluster, with the endpoint and CA overrides applied. DescribeCluster is always called. */
async function resolveCluster(options) {
    validateClusterName(options.clusterName);
    let described;
    try {
        described = await options.describeCluster(options.clusterName);
    }
    catch (error) {
        const name = error.name;
        if (name === 'ResourceNotFoundException') {
            throw new errors/* ConfigurationError */.j(`EKS cluster '${options.clusterName}' was not found in ${options.region}: check 'cluster-name' and 'aws-region'.`);
        }
        if (name === 'AccessDeniedException') {
            throw new errors/* ConfigurationError */.j(`The role may not describe EKS cluster '${options.clusterName}': allow eks:DescribeCluster on arn:aws:eks:${options.region}:<account>:cluster/${options.clusterName}. (${(0,errors/* getErrorMessage */.u)(error)})`);
        }
        throw error;
    }
    const endpoint = options.endpointOverride || described.endpoint;
    if (!endpoint) {
        throw new errors/* ConfigurationError */.j(`EKS cluster '${options.clusterName}' has no endpoint yet (is it still creating?).`);
    }
    if (!/^https:\/\//.test(endpoint)) {
        throw new errors/* ConfigurationError */.j(`The cluster endpoint '${endpoint}' must be an https:// URL.`);
    }
    const caSource = options.caOverride
        ? "Input 'cluster-ca'"
        : `The CA of EKS cluster '${options.clusterName}'`;
    const caData = options.caOverride || described.certificateAuthorityData;
    if (!caData)
        throw new errors/* ConfigurationError */.j(`${caSource} is empty.`);
    return { endpoint, ca: decodeCa(caData, caSource) };
}
/** A KubeClient for an EKS cluster, authenticated with `k8s-aws-v1.` tokens it renews itself. */
async function connectToEks(options) {
    const { endpoint, ca } = await resolveCluster(options);
    return new KubeClient({
        server: endpoint,
        ca,
        auth: {
            token: eksTokenSource({
                clusterName: options.clusterName,
                region: options.region,
                credentials: options.credentials,
                mask: options.mask,
                clock: options.clock,
            }),
        },
    });
}
/** DescribeCluster through @aws-sdk/client-eks, loaded only when called. */
function sdkDescribeCluster(config) {
    let client;
    let command;
    return async (name) => {
        if (!client || !command) {
            const { EKSClient, DescribeClusterCommand } = await Promise.all(/* import() */[__webpack_require__.e(956), __webpack_require__.e(861), __webpack_require__.e(524)]).then(__webpack_require__.t.bind(__webpack_require__, 4524, 19));
            client = new EKSClient({
                region: config.region,
                credentials: config.credentials,
                endpoint: config.endpoint,
            });
            command = DescribeClusterCommand;
        }
        const { cluster } = await client.send(new command({ name }));
        return { endpoint: cluster?.endpoint, certificateAuthorityData: cluster?.certificateAuthority?.data };
    };
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/deploy-status/kubeconfig.ts
// A kubeconfig (from a secret) read into what a client needs: server, CA, and a token or client certificate.


const decode = (value) => Buffer.from(value, 'base64').toString('utf8');
/** The server and credentials of the kubeconfig's current context (or `context`). Inline data only. */
function readKubeconfig(text, context) {
    let config;
    try {
        const source = text.includes(':') ? text : decode(text);
        config = (0,dist/* parse */.qg)(source);
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j(`Input 'kubeconfig' is not a kubeconfig YAML (nor base64 of one): ${error.message}`);
    }
    if (!config || typeof config !== 'object' || !Array.isArray(config.clusters)) {
        throw new errors/* ConfigurationError */.j("Input 'kubeconfig' has no 'clusters': pass the whole kubeconfig file's content.");
    }
    const name = context ?? config['current-context'];
    const entry = (config.contexts ?? []).find((c) => c.name === name)?.context;
    if (!name || !entry) {
        const names = (config.contexts ?? []).map((c) => c.name).join(', ') || 'none';
        throw new errors/* ConfigurationError */.j(`The kubeconfig has no context '${name ?? ''}' (contexts: ${names}); set 'kube-context'.`);
    }
    const cluster = config.clusters.find((c) => c.name === entry.cluster)?.cluster;
    const user = (config.users ?? []).find((u) => u.name === entry.user)?.user ?? {};
    const server = typeof cluster?.server === 'string' ? cluster.server : undefined;
    if (!server || !/^https?:\/\//.test(server)) {
        throw new errors/* ConfigurationError */.j(`The kubeconfig's cluster '${entry.cluster ?? ''}' has no https:// server.`);
    }
    if (cluster?.['insecure-skip-tls-verify'] === true) {
        throw new errors/* ConfigurationError */.j('The kubeconfig turns off TLS verification (insecure-skip-tls-verify); give certificate-authority-data instead.');
    }
    for (const field of ['certificate-authority', 'client-certificate', 'client-key', 'tokenFile']) {
        if (cluster?.[field] !== undefined || user[field] !== undefined) {
            throw new errors/* ConfigurationError */.j(`The kubeconfig refers to a file ('${field}'); inline it ('${field}-data') so the secret is self-contained.`);
        }
    }
    if (user.exec !== undefined || user['auth-provider'] !== undefined) {
        throw new errors/* ConfigurationError */.j("The kubeconfig's user runs a credential plugin (exec/auth-provider), which a runner does not have: use a ServiceAccount token, a client certificate, or 'cluster-name' for EKS.");
    }
    const ca = typeof cluster?.['certificate-authority-data'] === 'string'
        ? decode(cluster['certificate-authority-data'])
        : undefined;
    const base = { server, ...(ca ? { ca } : {}), context: name };
    if (typeof user.token === 'string' && user.token !== '') {
        return { ...base, auth: { token: user.token }, secrets: [user.token] };
    }
    const cert = user['client-certificate-data'];
    const key = user['client-key-data'];
    if (typeof cert === 'string' && typeof key === 'string') {
        return {
            ...base,
            auth: { clientCertificate: decode(cert), clientKey: decode(key) },
            secrets: [key, decode(key)],
        };
    }
    throw new errors/* ConfigurationError */.j(`The kubeconfig's user '${entry.user ?? ''}' has neither a token nor client-certificate-data and client-key-data.`);
}

;// CONCATENATED MODULE: ./src/deploy-status/connect.ts
// Cluster access for deploy-status: an EKS cluster by name (role per environment, k8s-aws-v1 tokens it
// renews itself) or any cluster from a kubeconfig secret.




const PRIVATE_ADVICE = 'A private EKS endpoint is reachable only from inside its VPC: run this job on a self-hosted runner in the VPC, ' +
    "or turn on the cluster's public endpoint restricted to the runners' addresses (publicAccessCidrs).";
async function connect(access, deps) {
    if (access.kind === 'kubeconfig') {
        const config = readKubeconfig(access.kubeconfig, access.context);
        for (const secret of config.secrets)
            deps.mask(secret);
        return {
            client: new KubeClient({
                server: config.server,
                ...(config.ca ? { ca: config.ca } : {}),
                auth: 'token' in config.auth ? { token: () => config.auth.token } : config.auth,
            }),
            unreachableAdvice: `Check that ${config.server} is reachable from this runner (a private cluster needs a runner inside its network).`,
        };
    }
    const role = selectRole({
        roleToAssume: access.roleToAssume,
        roleMap: access.roles,
        environment: deps.environment,
    });
    const credentials = await credentialSource(role, access, deps);
    const endpoint = deps.env.AWS_ENDPOINT_URL_EKS ?? deps.env.AWS_ENDPOINT_URL;
    const client = await connectToEks({
        clusterName: access.clusterName,
        region: access.region,
        credentials,
        describeCluster: sdkDescribeCluster({
            region: access.region,
            credentials,
            ...(endpoint ? { endpoint } : {}),
        }),
        ...(access.endpoint ? { endpointOverride: access.endpoint } : {}),
        ...(access.ca ? { caOverride: access.ca } : {}),
        mask: deps.mask,
    });
    return { client, unreachableAdvice: PRIVATE_ADVICE };
}
async function credentialSource(role, access, deps) {
    if (role) {
        const credentials = await assumeRoleWithOidc({
            roleArn: role,
            region: access.region,
            ...(access.audience ? { audience: access.audience } : {}),
            getIdToken: deps.getIdToken,
            mask: deps.mask,
            logger: deps.logger,
            env: deps.env,
        });
        return async () => credentials;
    }
    const { fromNodeProviderChain } = await Promise.all(/* import() */[__webpack_require__.e(956), __webpack_require__.e(861), __webpack_require__.e(719)]).then(__webpack_require__.t.bind(__webpack_require__, 9719, 19));
    const provider = fromNodeProviderChain();
    return async () => {
        const credentials = await provider();
        deps.mask(credentials.secretAccessKey);
        if (credentials.sessionToken)
            deps.mask(credentials.sessionToken);
        return credentials;
    };
}

;// CONCATENATED MODULE: ./src/lib/redact.ts
/** Replaces every secret in text with ***. Every text posted to GitHub or printed passes through here. */
function redact(text, secrets = []) {
    let out = text;
    for (const secret of secrets)
        if (secret)
            out = out.split(secret).join('***');
    return out;
}

;// CONCATENATED MODULE: ./src/deploy-status/cluster.ts

function cluster_type(group, version, resource, kind) {
    return { group, version, resource, kind, namespaced: true };
}
/** The kinds the follower reads (and, for `refresh`, patches). */
const KINDS = {
    pod: RESOURCES.pod,
    podLog: RESOURCES.podLog,
    deployment: RESOURCES.deployment,
    statefulSet: cluster_type('apps', 'v1', 'statefulsets', 'StatefulSet'),
    daemonSet: cluster_type('apps', 'v1', 'daemonsets', 'DaemonSet'),
    application: RESOURCES.argoApplication,
    kustomization: RESOURCES.fluxKustomization,
    helmRelease: cluster_type('helm.toolkit.fluxcd.io', 'v2', 'helmreleases', 'HelmRelease'),
    gitRepository: RESOURCES.fluxGitRepository,
    ociRepository: cluster_type('source.toolkit.fluxcd.io', 'v1beta2', 'ocirepositories', 'OCIRepository'),
    bucket: cluster_type('source.toolkit.fluxcd.io', 'v1', 'buckets', 'Bucket'),
    helmRepository: cluster_type('source.toolkit.fluxcd.io', 'v1', 'helmrepositories', 'HelmRepository'),
    helmChart: cluster_type('source.toolkit.fluxcd.io', 'v1', 'helmcharts', 'HelmChart'),
};
const WORKLOAD_KINDS = {
    Deployment: KINDS.deployment,
    StatefulSet: KINDS.statefulSet,
    DaemonSet: KINDS.daemonSet,
};
/** A Flux source kind, as a Kustomization's or HelmRelease's sourceRef names it. */
const SOURCE_KINDS = {
    GitRepository: KINDS.gitRepository,
    OCIRepository: KINDS.ociRepository,
    Bucket: KINDS.bucket,
    HelmRepository: KINDS.helmRepository,
    HelmChart: KINDS.helmChart,
};

;// CONCATENATED MODULE: ./src/deploy-status/controllers.ts
const CONTROLLER_LABEL = {
    argocd: 'Argo CD Application',
    'flux-kustomization': 'Flux Kustomization',
    'flux-helmrelease': 'Flux HelmRelease',
};
/** Whether a controller's revision text names the commit: `<sha>`, `main@sha1:<sha>`, `1.0.0+<sha[:12]>`. */
function namesCommit(revision, commit) {
    if (!revision || !commit)
        return false;
    const sha = commit.toLowerCase();
    const text = revision.toLowerCase();
    return text.includes(sha) || (sha.length >= 12 && new RegExp(`[+@:/]${sha.slice(0, 12)}`).test(text));
}
const statusOf = (object) => (object.status ?? {});
const specOf = (object) => (object.spec ?? {});
const conditions = (object) => statusOf(object).conditions ?? [];
const str = (value) => (typeof value === 'string' ? value : undefined);
/** The revision the controller last applied, as it writes it. */
function appliedRevision(kind, object) {
    const status = statusOf(object);
    if (kind === 'argocd') {
        const sync = (status.sync ?? {});
        const revisions = sync.revisions;
        return revisions?.length ? revisions.join(',') : str(sync.revision);
    }
    if (kind === 'flux-helmrelease') {
        const history = status.history;
        return str(status.lastAppliedRevision) ?? history?.[0]?.chartVersion;
    }
    return str(status.lastAppliedRevision);
}
/** Judges the controller object against the bump's commit. `startRevision` is what it had applied before. */
function evaluateController(ref, object, commit, startRevision) {
    return ref.kind === 'argocd'
        ? evaluateArgo(object, commit, startRevision)
        : evaluateFlux(ref.kind, object, commit, startRevision);
}
function evaluateArgo(app, commit, startRevision) {
    const status = statusOf(app);
    const operation = (status.operationState ?? {});
    const phase = str(operation.phase);
    const result = (operation.syncResult ?? {});
    const requested = (operation.operation ?? {}).sync;
    const synced = [
        ...(result.revisions ?? []),
        ...(str(result.revision) ? [str(result.revision)] : []),
    ].join(',');
    const attempted = [
        synced,
        ...(requested?.revisions ?? []),
        str(requested?.revision) ?? '',
    ].join(',');
    const health = (status.health ?? {});
    const current = appliedRevision('argocd', app);
    if (namesCommit(attempted, commit) && (phase === 'Failed' || phase === 'Error')) {
        return {
            state: 'failed',
            reason: `Argo CD sync ${phase.toLowerCase()}: ${str(operation.message) ?? 'no message'}`,
            revision: current,
        };
    }
    if (phase === 'Succeeded' && namesCommit(synced, commit) && namesCommit(current, commit)) {
        if (health.status === 'Degraded') {
            return {
                state: 'failed',
                reason: `Argo CD health Degraded: ${str(health.message) ?? degradedResources(app) ?? 'no message'}`,
                revision: current,
            };
        }
        return { state: 'synced', revision: commit, exact: true };
    }
    if (phase === 'Succeeded' &&
        synced !== '' &&
        current !== undefined &&
        synced.includes(current.split(',')[0]) &&
        startRevision !== undefined &&
        current !== startRevision) {
        return { state: 'synced', revision: current, exact: false };
    }
    const problem = conditions(app).find((c) => /Error$/.test(c.type ?? ''));
    return {
        state: 'waiting',
        detail: `Argo CD is at ${controllers_short(current)} (sync ${str(status.sync?.status) ?? 'unknown'}` +
            `, operation ${phase ?? 'none'}, health ${str(health.status) ?? 'unknown'})` +
            (problem ? `; ${problem.type}: ${problem.message}` : ''),
        revision: current,
    };
}
function degradedResources(app) {
    const resources = statusOf(app).resources ?? [];
    const degraded = resources.filter((r) => r.health?.status === 'Degraded');
    if (degraded.length === 0)
        return undefined;
    return degraded
        .map((r) => `${r.kind}/${r.name}${str(r.health?.message) ? `: ${str(r.health?.message)}` : ''}`)
        .join('; ');
}
const FLUX_IN_PROGRESS = new Set([
    'Progressing',
    'ProgressingWithRetry',
    'DependencyNotReady',
    'Reconciling',
]);
function evaluateFlux(kind, object, commit, startRevision) {
    const status = statusOf(object);
    const ready = conditions(object).find((c) => c.type === 'Ready');
    const applied = appliedRevision(kind, object);
    const attempted = str(status.lastAttemptedRevision);
    const label = kind === 'flux-kustomization' ? 'Kustomization' : 'HelmRelease';
    const generation = object.metadata.generation;
    const current = ready?.observedGeneration === undefined ||
        generation === undefined ||
        ready.observedGeneration >= generation;
    if (ready?.status === 'True' && current) {
        if (namesCommit(applied, commit))
            return { state: 'synced', revision: applied ?? commit, exact: true };
        // A HelmRelease's revision is its chart version, which a values change in Git need not move.
        if (kind === 'flux-helmrelease' || (applied !== undefined && applied !== startRevision)) {
            return { state: 'synced', revision: applied ?? '', exact: false };
        }
    }
    if (ready?.status === 'False' &&
        !FLUX_IN_PROGRESS.has(ready.reason ?? '') &&
        (namesCommit(attempted, commit) || (kind === 'flux-helmrelease' && attempted !== startRevision))) {
        return {
            state: 'failed',
            reason: `Flux ${label} Ready=False ${ready.reason ?? ''}: ${ready.message ?? 'no message'}`,
            revision: attempted,
        };
    }
    return {
        state: 'waiting',
        detail: `Flux ${label} applied ${controllers_short(applied)}` +
            (ready
                ? ` (Ready=${ready.status}${ready.reason ? ` ${ready.reason}` : ''}${ready.message ? `: ${ready.message}` : ''})`
                : ''),
        revision: applied,
    };
}
function controllers_short(revision) {
    if (!revision)
        return 'no revision yet';
    return revision.replace(/([0-9a-f]{12})[0-9a-f]{28}/g, '$1');
}
/** Where the controller reads the manifests from: repository, branch (or other ref) and path. */
function sourceOf(kind, object, source) {
    const spec = specOf(object);
    if (kind === 'argocd') {
        const sources = spec.sources ?? (spec.source ? [spec.source] : []);
        const first = sources.find((s) => s.path !== undefined) ?? sources[0] ?? {};
        return {
            repository: str(first.repoURL),
            branch: str(first.targetRevision) ?? 'HEAD',
            path: str(first.path) ?? str(first.chart),
        };
    }
    const sourceSpec = source ? specOf(source) : {};
    const ref = (sourceSpec.ref ?? {});
    const artifact = ((source ? statusOf(source).artifact : undefined) ?? {});
    return {
        repository: str(sourceSpec.url),
        branch: str(ref.branch) ?? (ref.tag || ref.semver || ref.commit || ref.name ? undefined : 'HEAD'),
        path: kind === 'flux-kustomization'
            ? (str(spec.path) ?? './')
            : str(spec.chart?.spec?.chart),
        revision: str(artifact.revision),
    };
}
function describeSource(info) {
    return [
        info.repository ? `repository ${info.repository}` : undefined,
        info.branch ? `branch '${info.branch}'` : undefined,
        info.path ? `path '${info.path}'` : undefined,
        info.revision ? `source at ${controllers_short(info.revision)}` : undefined,
    ]
        .filter(Boolean)
        .join(', ');
}
/** The Flux source a Kustomization or HelmRelease reads: kind, namespace and name. */
function fluxSourceRef(kind, object) {
    const spec = specOf(object);
    const ref = (kind === 'flux-kustomization'
        ? spec.sourceRef
        : (spec.chart?.spec?.sourceRef ?? spec.chartRef));
    if (!ref || !str(ref.kind) || !str(ref.name))
        return undefined;
    return {
        kind: str(ref.kind),
        name: str(ref.name),
        namespace: str(ref.namespace) ?? object.metadata.namespace,
    };
}
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
/** The Deployments, StatefulSets and DaemonSets the controller manages, from its inventory. */
function inventoryWorkloads(kind, object) {
    const status = statusOf(object);
    if (kind === 'argocd') {
        const resources = status.resources;
        if (!resources)
            return undefined;
        const fallback = str((specOf(object).destination ?? {}).namespace) ?? 'default';
        return resources
            .filter((r) => (r.group ?? '') === 'apps' && WORKLOADS.has(r.kind ?? '') && r.name)
            .map((r) => ({ kind: r.kind, namespace: r.namespace || fallback, name: r.name }));
    }
    if (kind === 'flux-kustomization') {
        const entries = (status.inventory ?? {}).entries;
        if (!entries)
            return undefined;
        return entries.flatMap((entry) => {
            // id: <namespace>_<name>_<group>_<kind>
            const [namespace, name, group, workloadKind] = (entry.id ?? '').split('_');
            if (group !== 'apps' || !WORKLOADS.has(workloadKind ?? '') || !namespace || !name)
                return [];
            return [{ kind: workloadKind, namespace, name }];
        });
    }
    return undefined;
}
/** The namespace a HelmRelease installs into (its workloads carry `helm.toolkit.fluxcd.io/name`). */
function helmReleaseTarget(object) {
    const spec = specOf(object);
    return {
        namespace: str(spec.targetNamespace) ?? object.metadata.namespace,
        labelSelector: `helm.toolkit.fluxcd.io/name=${object.metadata.name},helm.toolkit.fluxcd.io/namespace=${object.metadata.namespace}`,
    };
}
/** A branch the controller follows, when it names one (not HEAD, a tag or a commit). */
function trackedBranch(info) {
    const branch = info.branch;
    if (!branch || branch === 'HEAD' || /^[0-9a-f]{40}$/.test(branch) || /^v?\d+\.\d+/.test(branch))
        return undefined;
    return branch.replace(/^refs\/heads\//, '');
}

;// CONCATENATED MODULE: ./src/deploy-status/watch.ts

/** A network failure (connection refused or reset, DNS, timeout): the API server may be restarting. */
function isNetworkError(error) {
    const chain = [error, error?.cause];
    return chain.some((e) => {
        const { code, message = '' } = (e ?? {});
        return ([
            'ECONNREFUSED',
            'ECONNRESET',
            'ETIMEDOUT',
            'EHOSTUNREACH',
            'ENETUNREACH',
            'EAI_AGAIN',
            'EPIPE',
            'ENOTFOUND',
        ].includes(code ?? '') ||
            /timed out|socket hang up|ECONNREFUSED|ECONNRESET|other side closed/i.test(message));
    });
}
function isRetryable(error) {
    if (error instanceof errors/* ConfigurationError */.j)
        return false;
    if (error.name === 'WatchExpiredError')
        return true;
    const status = error.status;
    if (status !== undefined)
        return status >= 500 || status === 429 || status === 410;
    return true;
}
/**
 * Lists, then watches from the list's resourceVersion, for as long as `signal` is not aborted. When the
 * stream ends or the API server goes away it resumes from the last version seen (backing off while the
 * server is down); when that version expired (410) it lists again.
 */
async function listAndWatch(options, handlers) {
    const { cluster, resource, namespace, selectors = {}, signal, logger } = options;
    const sleep = options.sleep ?? ((ms) => abortableSleep(ms, signal));
    let resourceVersion;
    let failures = 0;
    let answered = false;
    while (!signal.aborted) {
        try {
            if (resourceVersion === undefined) {
                const list = await cluster.list(resource, namespace, selectors);
                resourceVersion = list.metadata.resourceVersion;
                answered = true;
                handlers.onList(list.items);
            }
            for await (const event of cluster.watch(resource, namespace, {
                ...selectors,
                resourceVersion,
                signal,
                timeoutSeconds: options.timeoutSeconds ?? 300,
            })) {
                failures = 0;
                resourceVersion = event.object.metadata.resourceVersion ?? resourceVersion;
                handlers.onEvent(event);
            }
        }
        catch (error) {
            if (signal.aborted)
                return;
            // Never reached at all: not a restart but a network path that does not exist (private endpoint).
            if (!isRetryable(error) || (!answered && !options.reached?.() && isNetworkError(error))) {
                handlers.onFatal(error);
                return;
            }
            const status = error.status;
            if (error.name === 'WatchExpiredError' || status === 410) {
                resourceVersion = undefined;
                continue;
            }
            failures++;
            const waitMs = Math.min(10_000, 500 * 2 ** Math.min(failures, 5));
            if (failures === 1 || failures % 5 === 0) {
                logger.warning(`Watch of ${resource.resource} in ${namespace} interrupted (${(0,errors/* getErrorMessage */.u)(error)}); resuming.`);
            }
            await sleep(waitMs);
        }
    }
}
function abortableSleep(ms, signal) {
    return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            resolve();
        }
        signal.addEventListener('abort', done);
    });
}

// EXTERNAL MODULE: ./src/deploy-status/workloads.ts
var workloads = __webpack_require__(3534);
;// CONCATENATED MODULE: ./src/deploy-status/follow.ts
// Follows one deploy inside the cluster: the GitOps controller takes the bump's commit, the workloads that
// use the image roll out, and every ready pod runs the pushed digest. Watches only; the client is injected.





const SUPERSEDE_CHECK_AFTER_MS = 20_000;
const key = (ref) => `${ref.kind}/${ref.namespace}/${ref.name}`;
/** Follows the deploy until it runs, fails, is superseded or times out. */
async function followDeploy(options) {
    return new Follower(options).run();
}
class Follower {
    options;
    abort = new AbortController();
    now;
    timeline = [];
    watchers = [];
    controllerObject;
    controllerSeen = false;
    startRevision;
    source;
    fatal;
    refs;
    workloads = new Map();
    watchedWorkloads = new Set();
    pods = new Map();
    watchedPods = new Set();
    checkedImages = new Set();
    wake;
    dirty = true;
    lastDetail = '';
    synced;
    rolledOut = false;
    /** Workload watches whose first list has not answered yet. */
    unlistedWorkloadWatches = 0;
    constructor(options) {
        this.options = options;
        this.now = options.now ?? Date.now;
    }
    async run() {
        const { controller, timeoutMs } = this.options;
        this.mark('started', `waiting for ${CONTROLLER_LABEL[controller.kind]} ${controller.namespace}/${controller.name} to apply ${this.options.commit.slice(0, 12)}`);
        let timedOut = false;
        const timer = setTimeout(() => {
            timedOut = true;
            this.poke();
        }, timeoutMs);
        const settle = setTimeout(() => this.poke(), this.options.supersedeCheckAfterMs ?? SUPERSEDE_CHECK_AFTER_MS);
        this.watchController();
        try {
            for (;;) {
                if (!this.dirty)
                    await new Promise((resolve) => (this.wake = resolve));
                this.dirty = false;
                const result = await this.evaluate();
                if (result)
                    return result;
                if (timedOut)
                    return await this.timedOut();
            }
        }
        catch (error) {
            return this.result('error', (0,errors/* getErrorMessage */.u)(error));
        }
        finally {
            clearTimeout(timer);
            clearTimeout(settle);
            this.abort.abort();
            await Promise.allSettled(this.watchers);
        }
    }
    poke() {
        this.dirty = true;
        const wake = this.wake;
        this.wake = undefined;
        wake?.();
    }
    mark(stage, detail) {
        if (this.timeline.some((entry) => entry.stage === stage))
            return;
        this.timeline.push({ stage, at: this.now(), detail });
        this.options.logger.info(`${stage}: ${detail}`);
    }
    /** Watches workloads; `allWorkloadsSeen` waits for each such watch's first list. */
    watchWorkloads(resource, namespace, selectors, onChange) {
        this.unlistedWorkloadWatches++;
        let listed = false;
        this.watch(resource, namespace, selectors, onChange, () => {
            if (!listed)
                this.unlistedWorkloadWatches--;
            listed = true;
        });
    }
    watch(resource, namespace, selectors, onChange, onList) {
        const known = new Map();
        const id = (object) => `${object.metadata.namespace}/${object.metadata.name}`;
        const run = listAndWatch({
            cluster: this.options.cluster,
            resource,
            namespace,
            selectors,
            signal: this.abort.signal,
            logger: this.options.logger,
            reached: () => this.controllerSeen,
            sleep: this.options.sleep,
        }, {
            onList: (items) => {
                onList?.(items);
                // A re-list after an expired watch: what is no longer listed is gone.
                const listed = new Set(items.map(id));
                for (const [name, object] of known)
                    if (!listed.has(name))
                        onChange(object, true);
                known.clear();
                for (const item of items) {
                    known.set(id(item), item);
                    onChange(item, false);
                }
                this.poke();
            },
            onEvent: (event) => {
                if (event.type === 'DELETED')
                    known.delete(id(event.object));
                else
                    known.set(id(event.object), event.object);
                onChange(event.object, event.type === 'DELETED');
                this.poke();
            },
            onFatal: (error) => {
                this.fatal ??= error;
                this.poke();
            },
        });
        this.watchers.push(run);
    }
    watchController() {
        const { controller } = this.options;
        const resource = controller.kind === 'argocd'
            ? KINDS.application
            : controller.kind === 'flux-kustomization'
                ? KINDS.kustomization
                : KINDS.helmRelease;
        this.watch(resource, controller.namespace, { fieldSelector: `metadata.name=${controller.name}` }, (object, deleted) => {
            this.controllerObject = deleted ? undefined : object;
        }, () => (this.controllerSeen = true));
    }
    /** First sight of the controller: note where it stood, find its source, ask it to refresh. */
    async onController(object) {
        const { controller, cluster, refresh } = this.options;
        this.startRevision = appliedRevision(controller.kind, object);
        let sourceObject;
        const sourceRef = controller.kind === 'argocd' ? undefined : fluxSourceRef(controller.kind, object);
        const sourceType = sourceRef ? SOURCE_KINDS[sourceRef.kind] : undefined;
        if (sourceRef && sourceType)
            sourceObject = await cluster.get(sourceType, sourceRef.namespace, sourceRef.name);
        this.source = sourceOf(controller.kind, object, sourceObject);
        if (!refresh)
            return;
        if (controller.kind === 'argocd') {
            await cluster.patch(KINDS.application, controller.namespace, controller.name, {
                metadata: { annotations: { 'argocd.argoproj.io/refresh': 'normal' } },
            });
        }
        else {
            const requestedAt = new Date(this.now()).toISOString();
            const patch = { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': requestedAt } } };
            if (sourceRef && sourceType)
                await cluster.patch(sourceType, sourceRef.namespace, sourceRef.name, patch);
            await cluster.patch(controller.kind === 'flux-kustomization' ? KINDS.kustomization : KINDS.helmRelease, controller.namespace, controller.name, patch);
        }
        this.mark('refresh-requested', `asked ${CONTROLLER_LABEL[controller.kind]} ${controller.name} to look at the repository now`);
    }
    async evaluate() {
        const { controller, commit, image } = this.options;
        if (this.fatal !== undefined)
            return this.failFatal(this.fatal);
        if (!this.controllerSeen)
            return undefined;
        const object = this.controllerObject;
        if (!object) {
            throw new errors/* ConfigurationError */.j(`${CONTROLLER_LABEL[controller.kind]} '${controller.name}' does not exist in namespace '${controller.namespace}': check the controller inputs.`);
        }
        if (this.source === undefined)
            await this.onController(object);
        const branch = trackedBranch(this.source);
        if (this.options.branch && branch && branch !== this.options.branch) {
            return this.result('failure', `${CONTROLLER_LABEL[controller.kind]} ${controller.name} follows branch '${branch}', but the bump merged into '${this.options.branch}' (${describeSource(this.source)})`);
        }
        const verdict = evaluateController(controller, object, commit, this.startRevision);
        if (verdict.state === 'synced' && !this.synced) {
            this.synced = verdict;
            this.mark('synced', `${CONTROLLER_LABEL[controller.kind]} applied ${verdict.revision.slice(0, 40)}${verdict.exact ? '' : ' (a later commit)'}`);
        }
        this.discoverWorkloads(object);
        // Pods first: a crash or a missing image says more than "Degraded".
        const relevant = [...this.workloads.values()].filter((w) => (0,workloads/* templateMatch */.wT)(w.object, image).match !== 'unrelated');
        const podVerdicts = [...this.pods.values()]
            .map((pod) => (0,workloads/* evaluatePod */.$F)(pod, image))
            .filter((p) => !p.terminating);
        const failure = podVerdicts.find((p) => p.ours && p.failure)?.failure;
        if (failure)
            return this.failPod(failure);
        if (verdict.state === 'failed')
            return this.result('failure', verdict.reason);
        const rollouts = relevant.map((w) => ({ w, verdict: (0,workloads/* evaluateRollout */.dh)(w.kind, w.object) }));
        const failedRollout = rollouts.find((r) => r.verdict.state === 'failed');
        if (failedRollout?.verdict.state === 'failed')
            return this.result('failure', failedRollout.verdict.reason);
        const waiting = [];
        if (verdict.state === 'waiting')
            waiting.push(`${verdict.detail}; ${describeSource(this.source)}`);
        if (this.refs?.length === 0 ||
            (this.refs && this.workloads.size > 0 && relevant.length === 0 && this.allWorkloadsSeen())) {
            const names = this.refs.map((r) => `${r.kind} ${r.namespace}/${r.name}`).join(', ') || 'none';
            if (this.synced?.exact) {
                return this.result('failure', `No workload of ${CONTROLLER_LABEL[controller.kind]} ${controller.name} uses ${image.repository} (workloads: ${names}); set the 'workloads' input`);
            }
            waiting.push(`a workload that uses ${image.repository} (found: ${names})`);
        }
        if (!this.refs)
            waiting.push(`the workloads of ${controller.name} (no inventory yet)`);
        const missing = (this.refs ?? []).filter((ref) => !this.workloads.has(key(ref)));
        if (missing.length > 0)
            waiting.push(`${missing.map((r) => `${r.kind} ${r.namespace}/${r.name}`).join(', ')} to exist`);
        const foreign = relevant.filter((w) => (0,workloads/* templateMatch */.wT)(w.object, image).match === 'other');
        // Running another image of the repository: a newer deploy may have taken over. Asked at once when the
        // controller applied a commit (ours or later), else only after a while, so a quick deploy costs no call.
        const settled = this.now() - this.timeline[0].at >= (this.options.supersedeCheckAfterMs ?? SUPERSEDE_CHECK_AFTER_MS);
        if ((this.synced || settled) && foreign.length > 0) {
            const other = (0,workloads/* templateMatch */.wT)(foreign[0].object, image).image;
            if (!this.checkedImages.has(other) && this.options.newerDeploy) {
                this.checkedImages.add(other);
                const newer = await this.options.newerDeploy();
                if (newer)
                    return this.result('inactive', `Superseded by a newer deploy (${newer})`);
            }
            waiting.push(`${foreign.map((w) => `${w.kind} ${w.object.metadata.namespace}/${w.object.metadata.name}`).join(', ')} to use ${image.tag ?? image.digest} (its template has ${other})`);
        }
        for (const rollout of rollouts)
            if (rollout.verdict.state === 'waiting')
                waiting.push(rollout.verdict.detail);
        const ourPods = podVerdicts.filter((p) => p.ours);
        const oldPods = podVerdicts.filter((p) => !p.ours);
        if (relevant.length > 0 && foreign.length === 0 && rollouts.every((r) => r.verdict.state === 'done')) {
            if (oldPods.length > 0)
                waiting.push(`old pods to go: ${oldPods.map((p) => p.name).join(', ')}`);
            else if (!this.rolledOut) {
                this.rolledOut = true;
                this.mark('rolled-out', rollouts.map((r) => `${r.w.kind} ${r.w.object.metadata.name}`).join(', ') + ' rolled out');
            }
        }
        const ready = ourPods.filter((p) => p.ready);
        const local = ready.find((p) => p.runningDigests.includes('local'));
        if (local) {
            return this.result('failure', `Pod ${local.name} reports only its node's local image id, not a registry digest, so it cannot be checked against ${image.digest}: the node used a cached image (set imagePullPolicy: Always, or deploy by digest)`);
        }
        const wrongDigest = ready.find((p) => p.runningDigests.some((d) => d !== image.digest));
        if (wrongDigest) {
            return this.result('failure', `Pod ${wrongDigest.name} runs ${wrongDigest.runningDigests.find((d) => d !== image.digest)}, not the pushed ${image.digest}: the tag was pushed again, or the node used a cached image (imagePullPolicy IfNotPresent)`);
        }
        const unverified = ready.filter((p) => p.runningDigests.length === 0);
        if (unverified.length > 0)
            waiting.push(`pods to report their image digest: ${unverified.map((p) => p.name).join(', ')}`);
        for (const pod of ourPods)
            if (!pod.ready && pod.pending)
                waiting.push(pod.pending);
        if (this.rolledOut && waiting.length === 0 && this.synced) {
            if (ready.length === 0 &&
                rollouts.some((r) => Number(r.w.object.spec.replicas ?? 1) > 0)) {
                waiting.push('a ready pod');
            }
            else {
                this.mark('running', `${ready.length} ready pod${ready.length === 1 ? '' : 's'} run ${image.digest}`);
                return this.result('success', `${ready.length} pod${ready.length === 1 ? '' : 's'} run ${image.digest}`);
            }
        }
        const detail = waiting.join('; ');
        if (detail !== this.lastDetail) {
            this.lastDetail = detail;
            this.options.logger.info(`[${Math.round((this.now() - this.timeline[0].at) / 1000)} s] waiting for ${detail}`);
        }
        return undefined;
    }
    allWorkloadsSeen() {
        return (this.unlistedWorkloadWatches === 0 && (this.refs ?? []).every((ref) => this.workloads.has(key(ref))));
    }
    discoverWorkloads(controllerObject) {
        const { controller } = this.options;
        if (controller.kind === 'flux-helmrelease' && !this.options.workloads) {
            if (this.refs)
                return;
            this.refs = [];
            const target = helmReleaseTarget(controllerObject);
            for (const kind of Object.keys(WORKLOAD_KINDS)) {
                this.watchWorkloads(WORKLOAD_KINDS[kind], target.namespace, { labelSelector: target.labelSelector }, (object, deleted) => this.onWorkload(kind, object, deleted, true));
            }
            return;
        }
        const refs = this.options.workloads ?? inventoryWorkloads(controller.kind, controllerObject);
        if (!refs)
            return;
        this.refs = refs;
        const groups = new Map();
        for (const ref of refs) {
            if (this.watchedWorkloads.has(key(ref)))
                continue;
            this.watchedWorkloads.add(key(ref));
            const group = `${ref.kind}/${ref.namespace}`;
            groups.set(group, [...(groups.get(group) ?? []), ref]);
        }
        for (const group of groups.values()) {
            const { kind, namespace } = group[0];
            const names = new Set(group.map((ref) => ref.name));
            const selectors = names.size === 1 ? { fieldSelector: `metadata.name=${group[0].name}` } : {};
            this.watchWorkloads(WORKLOAD_KINDS[kind], namespace, selectors, (object, deleted) => {
                if (names.has(object.metadata.name ?? ''))
                    this.onWorkload(kind, object, deleted, false);
            });
        }
    }
    onWorkload(kind, object, deleted, discovered) {
        const id = key({ kind, namespace: object.metadata.namespace, name: object.metadata.name });
        if (deleted) {
            this.workloads.delete(id);
            return;
        }
        this.workloads.set(id, { kind, object });
        if (discovered)
            this.refs = [
                ...(this.refs ?? []).filter((r) => key(r) !== id),
                { kind, namespace: object.metadata.namespace, name: object.metadata.name },
            ];
        if ((0,workloads/* templateMatch */.wT)(object, this.options.image).match === 'unrelated')
            return;
        const selector = (0,workloads/* selectorOf */.Bk)(object);
        const podsKey = `${object.metadata.namespace}/${selector}`;
        if (this.watchedPods.has(podsKey) || selector === '')
            return;
        this.watchedPods.add(podsKey);
        this.watch(KINDS.pod, object.metadata.namespace, { labelSelector: selector }, (pod, gone) => {
            const podKey = `${pod.metadata.namespace}/${pod.metadata.name}`;
            if (gone)
                this.pods.delete(podKey);
            else
                this.pods.set(podKey, pod);
        });
    }
    async failPod(failure) {
        const details = [];
        if (failure.crashed) {
            const pod = [...this.pods.values()].find((p) => p.metadata.name === failure.pod);
            try {
                const log = await this.options.cluster.text(KINDS.podLog, pod?.metadata.namespace, failure.pod, {
                    container: failure.container,
                    previous: 'true',
                    tailLines: '20',
                });
                details.push(`Last log lines of ${failure.pod}/${failure.container}:`, ...log.trimEnd().split('\n').slice(-20));
            }
            catch (error) {
                details.push(`(its logs could not be read: ${(0,errors/* getErrorMessage */.u)(error)})`);
            }
        }
        return this.result('failure', (0,workloads/* describePodFailure */.ZH)(failure), details);
    }
    failFatal(error) {
        if (isNetworkError(error) && this.options.unreachableAdvice && !this.controllerSeen) {
            return this.result('error', `${(0,errors/* getErrorMessage */.u)(error)}. ${this.options.unreachableAdvice}`);
        }
        return this.result('error', (0,errors/* getErrorMessage */.u)(error));
    }
    async timedOut() {
        const newer = await this.options.newerDeploy?.();
        if (newer)
            return this.result('inactive', `Superseded by a newer deploy (${newer})`);
        const seconds = Math.round(this.options.timeoutMs / 1000);
        return this.result('failure', `Timed out after ${seconds} s waiting for ${this.lastDetail || 'the API server to answer'}`);
    }
    result(status, reason, details = []) {
        const running = this.timeline.find((entry) => entry.stage === 'running');
        const pods = [...this.pods.values()]
            .map((pod) => (0,workloads/* evaluatePod */.$F)(pod, this.options.image))
            .filter((p) => p.ours && p.ready && !p.terminating);
        return {
            status,
            reason,
            details,
            ...(this.synced ? { revision: this.synced.revision } : {}),
            pods: status === 'success' ? pods.length : 0,
            timeline: [...this.timeline],
            ...(running ? { readyAt: running.at } : {}),
            kubernetesCalls: this.options.cluster.totalCalls,
        };
    }
}

;// CONCATENATED MODULE: ./src/deploy-status/github-deployment.ts

/** GitHub's limit for a deployment status description. */
const MAX_DESCRIPTION = 140;
/** One line of at most `max` characters: whitespace collapsed, cut with an ellipsis. */
function oneLine(text, max = MAX_DESCRIPTION) {
    const line = text.replace(/\s+/g, ' ').trim();
    return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}
/** The task every deployment of this toolkit carries; `payload.app` tells apps of one repository apart. */
const DEPLOY_TASK = 'deploy';
/**
 * The GitHub Deployment of one deploy on the app repository: created `in_progress`, ended `success` (earlier
 * deployments of the environment become inactive), `failure`/`error` with a one-line reason, or `inactive`
 * when a newer deploy took over. Three calls for a successful deploy.
 */
class GitHubDeploymentReporter {
    client;
    target;
    options;
    id;
    /** GitHub API calls made. */
    calls = 0;
    constructor(client, target, options = {}) {
        this.client = client;
        this.target = target;
        this.options = options;
    }
    get deploymentId() {
        return this.id;
    }
    /** Creates the deployment and marks it in progress. */
    async start(description) {
        const { owner, repo, ref, environment, app, image, digest, pullRequestUrl } = this.target;
        this.calls++;
        const response = await this.client.rest.repos.createDeployment({
            owner,
            repo,
            ref,
            task: DEPLOY_TASK,
            environment,
            // The commit was built and tested already: no merge of the default branch, no status checks gate.
            auto_merge: false,
            required_contexts: [],
            payload: { app, image, digest, ...(pullRequestUrl ? { 'pull-request-url': pullRequestUrl } : {}) },
            description: this.text(`${app} ${shortDigest(digest)}`),
            ...(this.target.productionEnvironment !== undefined
                ? { production_environment: this.target.productionEnvironment }
                : {}),
            transient_environment: this.target.transientEnvironment ?? false,
        });
        if (response.status !== 201 || !('id' in response.data)) {
            const message = response.data.message ?? `HTTP ${response.status}`;
            throw new Error(`GitHub did not create the deployment of ${ref} to ${environment}: ${message}`);
        }
        this.id = response.data.id;
        await this.status('in_progress', description);
        return this.id;
    }
    /** Ends the deployment. `success` makes earlier deployments of the environment inactive. */
    async finish(state, description, environmentUrl) {
        await this.status(state, description, environmentUrl);
    }
    /**
     * A deployment of the same app and environment created after this one, if any (one call). A deploy
     * that stops because another took over ends `inactive`, not `failure`.
     */
    async newerDeployment() {
        if (this.id === undefined)
            return undefined;
        this.calls++;
        const { data } = await this.client.rest.repos.listDeployments({
            owner: this.target.owner,
            repo: this.target.repo,
            environment: this.target.environment,
            task: DEPLOY_TASK,
            per_page: 20,
        });
        const newer = data.find((deployment) => deployment.id > this.id && payloadOf(deployment.payload).app === this.target.app);
        if (!newer)
            return undefined;
        const image = payloadOf(newer.payload).image;
        return { id: newer.id, ref: newer.sha, ...(typeof image === 'string' ? { image } : {}) };
    }
    async status(state, description, environmentUrl) {
        if (this.id === undefined)
            throw new Error('The deployment was not created.');
        this.calls++;
        await this.client.rest.repos.createDeploymentStatus({
            owner: this.target.owner,
            repo: this.target.repo,
            deployment_id: this.id,
            state,
            description: this.text(description),
            ...(this.options.logUrl ? { log_url: this.options.logUrl } : {}),
            ...(environmentUrl ? { environment_url: environmentUrl } : {}),
            ...(state === 'success' ? { auto_inactive: true } : {}),
        });
    }
    text(description) {
        return oneLine(redact(description, this.options.secrets));
    }
}
function payloadOf(payload) {
    if (typeof payload === 'string') {
        try {
            return JSON.parse(payload);
        }
        catch {
            return {};
        }
    }
    return payload && typeof payload === 'object' ? payload : {};
}
/** `sha256:0123456789ab`: enough of a digest to tell images apart in a one-line status. */
function shortDigest(digest) {
    return digest.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]+$/, '$1');
}

;// CONCATENATED MODULE: ./src/deploy-status/deploy-status.ts
// One deploy followed in the cluster and reported on the app repository as a GitHub Deployment.





async function deployStatus(options) {
    const now = options.now ?? Date.now;
    const started = now();
    const { reporter, controller, logger } = options;
    await reporter?.start(`Waiting for ${CONTROLLER_LABEL[controller.kind]} ${controller.name} to apply ${options.commit.slice(0, 7)}`);
    let result;
    try {
        result = await followDeploy({
            ...options,
            ...(reporter
                ? {
                    newerDeploy: async () => {
                        const newer = await reporter.newerDeployment();
                        return newer ? `deployment ${newer.id}${newer.image ? ` of ${newer.image}` : ''}` : undefined;
                    },
                }
                : {}),
        });
    }
    catch (error) {
        await reporter?.finish('error', (0,errors/* getErrorMessage */.u)(error)).catch(() => undefined);
        throw error;
    }
    const durationSeconds = Math.round((now() - (options.mergedAt ?? started)) / 1000);
    if (reporter) {
        const description = result.status === 'success'
            ? `${result.pods} pod${result.pods === 1 ? '' : 's'} run ${shortDigest(options.image.digest)} (${durationSeconds} s after ${options.mergedAt ? 'merge' : 'start'})`
            : result.reason;
        try {
            await reporter.finish(result.status, description, result.status === 'success' ? options.environmentUrl : undefined);
        }
        catch (error) {
            logger.warning(`Could not post the final deployment status: ${(0,errors/* getErrorMessage */.u)(error)}`);
        }
    }
    const level = result.status === 'success' ? 'info' : result.status === 'inactive' ? 'warning' : 'error';
    logger[level](redact(result.reason, options.secrets));
    for (const line of result.details)
        logger.info(redact(line, options.secrets));
    return {
        ...result,
        reason: redact(result.reason, options.secrets),
        details: result.details.map((line) => redact(line, options.secrets)),
        ...(reporter?.deploymentId !== undefined ? { deploymentId: reporter.deploymentId } : {}),
        durationSeconds,
        ...(result.status === 'success' && options.environmentUrl
            ? { environmentUrl: options.environmentUrl }
            : {}),
        githubCalls: reporter?.calls ?? 0,
    };
}
const STAGE_LABEL = {
    merged: 'bump merged',
    started: 'following',
    'refresh-requested': 'refresh requested',
    synced: 'synced',
    'rolled-out': 'rolled out',
    running: 'running the digest',
};
const clock = (ms) => new Date(ms).toISOString().slice(11, 19);
/** The job summary: each stage's time and how long it took after the one before. */
function renderSummary(title, result, options) {
    const entries = [
        ...(options.mergedAt ? [{ stage: 'merged', at: options.mergedAt, detail: '' }] : []),
        ...result.timeline.map((entry) => entry),
    ].sort((a, b) => a.at - b.at);
    const rows = entries.map((entry, index) => {
        const took = index === 0 ? '' : `${Math.round((entry.at - entries[index - 1].at) / 1000)} s`;
        return `| ${STAGE_LABEL[entry.stage]} | ${clock(entry.at)} | ${took} | ${entry.detail.replace(/\|/g, '\\|')} |`;
    });
    const icon = { success: '✅', failure: '❌', error: '⚠️', inactive: '⏭️' }[result.status];
    return [
        `### ${icon} ${title}: ${result.status}`,
        '',
        result.reason,
        '',
        '| stage | time (UTC) | took | detail |',
        '|---|---|---|---|',
        ...rows,
        '',
        ...(result.details.length > 0 ? ['```text', ...result.details, '```', ''] : []),
        `Digest \`${options.digest}\`${result.revision ? `, manifests revision \`${result.revision}\`` : ''}. ` +
            `${result.durationSeconds} s in all; ${result.kubernetesCalls} Kubernetes and ${result.githubCalls} GitHub API calls.`,
        '',
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/deploy-status/run.ts
// deploy-status end to end, given validated inputs: connect, report the GitHub Deployment, follow, summarise.






async function runDeployStatus(inputs, deps) {
    const { report } = inputs;
    const secrets = report ? [report.token] : [];
    const reporter = report
        ? new GitHubDeploymentReporter(createGitHubClient({ token: report.token, logger: deps.logger, env: deps.env }), {
            owner: report.owner,
            repo: report.repo,
            ref: report.ref,
            environment: report.environment,
            app: report.app,
            image: inputs.imageReference,
            digest: inputs.image.digest,
            ...(inputs.pullRequestUrl ? { pullRequestUrl: inputs.pullRequestUrl } : {}),
            ...(report.productionEnvironment !== undefined
                ? { productionEnvironment: report.productionEnvironment }
                : {}),
            transientEnvironment: report.transientEnvironment,
        }, { ...(runUrl(deps.env) ? { logUrl: runUrl(deps.env) } : {}), secrets })
        : undefined;
    let connection;
    try {
        connection = await connect(inputs.access, {
            ...(report ? { environment: report.environment } : {}),
            ...deps,
        });
    }
    catch (error) {
        // The deploy is still reported: the Deployment ends in error with the reason.
        if (reporter) {
            await reporter.start('Connecting to the cluster');
            await reporter.finish('error', (0,errors/* getErrorMessage */.u)(error));
        }
        throw error;
    }
    const { client, unreachableAdvice } = connection;
    // A cancelled run (SIGINT, then SIGTERM from the runner) must not leave the Deployment in progress.
    const cancel = () => {
        void (reporter?.finish('error', 'The workflow run was cancelled') ?? Promise.resolve())
            .catch(() => undefined)
            .finally(() => process.exit(1));
    };
    process.once('SIGINT', cancel);
    process.once('SIGTERM', cancel);
    let result;
    try {
        result = await deployStatus({
            cluster: client,
            controller: inputs.controller,
            commit: inputs.commit,
            image: inputs.image,
            ...(inputs.workloads ? { workloads: inputs.workloads } : {}),
            refresh: inputs.refresh,
            ...(inputs.branch ? { branch: inputs.branch } : {}),
            timeoutMs: inputs.timeoutMs,
            logger: deps.logger,
            unreachableAdvice,
            ...(reporter ? { reporter } : {}),
            ...(inputs.environmentUrl ? { environmentUrl: inputs.environmentUrl } : {}),
            ...(inputs.mergedAt ? { mergedAt: inputs.mergedAt } : {}),
            secrets,
        });
    }
    finally {
        process.off('SIGINT', cancel);
        process.off('SIGTERM', cancel);
    }
    const title = `Deploy ${report?.app ?? inputs.controller.name}${report ? ` to ${report.environment}` : ''}`;
    return {
        result,
        summary: renderSummary(title, result, {
            digest: inputs.image.digest,
            ...(inputs.mergedAt ? { mergedAt: inputs.mergedAt } : {}),
        }),
    };
}


/***/ })

};
