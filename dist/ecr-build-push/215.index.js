export const id = 215;
export const ids = [215];
export const modules = {

/***/ 8215:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildAndPush: () => (/* binding */ buildAndPush),
  classifyPushFailure: () => (/* binding */ classifyPushFailure),
  decodeAuthorizationToken: () => (/* binding */ decodeAuthorizationToken),
  detectBuilder: () => (/* binding */ detectBuilder),
  writeAuthConfig: () => (/* binding */ writeAuthConfig)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/image-reference.ts
var image_reference = __webpack_require__(4538);
// EXTERNAL MODULE: ./src/lib/retry.ts
var retry = __webpack_require__(1737);
// EXTERNAL MODULE: ./src/ecr/builder-args.ts
var builder_args = __webpack_require__(4051);
;// CONCATENATED MODULE: ./src/ecr/registry.ts
// A small client for the OCI distribution API: resolves a tag to its digest on ECR or any OCI registry.



const MANIFEST_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.docker.distribution.manifest.v2+json',
];
class TransientRegistryError extends Error {
}
/** A registry reference string for messages. */
const imageRef = (endpoint, repository, reference) => `${endpoint.host}/${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`;
function describeCause(error) {
    const cause = error.cause;
    return cause?.code ?? cause?.message ?? (0,errors/* getErrorMessage */.u)(error);
}
/** The registry's credentials were refused: say what to check rather than retrying. */
function explainRegistryDenied(host, status, repository) {
    return (`The registry ${host} refused the credentials (HTTP ${status}) for ${repository}. ` +
        (host.includes('.dkr.ecr.')
            ? 'Check that the role may call ecr:BatchGetImage, ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload, ' +
                'ecr:UploadLayerPart, ecr:CompleteLayerUpload and ecr:PutImage on the repository, that the repository policy ' +
                "does not deny it, and that 'registry' (when set) is the registry of the same account and region."
            : "Check 'registry-username' / 'registry-password', or that the token is for this registry."));
}
class RegistryClient {
    endpoint;
    deps;
    bearer;
    constructor(endpoint, deps) {
        this.endpoint = endpoint;
        this.deps = deps;
    }
    get baseUrl() {
        return `${this.endpoint.insecure ? 'http' : 'https'}://${this.endpoint.host}`;
    }
    basic() {
        const { username, password } = this.endpoint;
        if (username === undefined || password === undefined)
            return undefined;
        return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    }
    /** One request with auth: Basic first; a Bearer challenge is answered with a token from its realm. */
    async request(method, path, repository, body) {
        const headers = { accept: MANIFEST_TYPES.join(', ') };
        if (body)
            headers['content-type'] = body.contentType;
        const auth = this.bearer ? `Bearer ${this.bearer}` : this.basic();
        if (auth)
            headers.authorization = auth;
        const send = () => this.deps.fetch(`${this.baseUrl}${path}`, { method, headers, body: body?.data });
        let response = await send();
        const challenge = response.headers.get('www-authenticate') ?? '';
        // A new challenge (e.g. push scope after a pull token) gets one fresh token.
        if (response.status === 401 && /^bearer /i.test(challenge)) {
            this.bearer = await this.fetchToken(challenge, repository);
            headers.authorization = `Bearer ${this.bearer}`;
            response = await send();
        }
        return response;
    }
    /** Runs one registry exchange, retrying transient failures, and words the final failure. */
    async withRetries(ref, fn) {
        const attempts = this.deps.attempts ?? 4;
        try {
            return await (0,retry/* retry */.L)(async () => {
                try {
                    return await fn();
                }
                catch (error) {
                    if (error instanceof errors/* ConfigurationError */.j ||
                        error instanceof TransientRegistryError ||
                        error instanceof RegistryRefusal) {
                        throw error;
                    }
                    // fetch() itself failed: connection refused or reset, DNS, TLS.
                    throw new TransientRegistryError(describeCause(error));
                }
            }, {
                maxAttempts: attempts,
                baseMs: 500,
                sleep: this.deps.sleep,
                isRetryable: (error) => error instanceof TransientRegistryError,
                onRetry: (error, attempt, waitMs) => this.deps.logger.warning(`Registry request for ${ref} failed (${(0,errors/* getErrorMessage */.u)(error)}); attempt ${attempt + 1} of ${attempts} in ${(waitMs / 1000).toFixed(1)} s.`),
            });
        }
        catch (error) {
            if (error instanceof TransientRegistryError) {
                throw new Error(`Cannot reach the registry ${this.endpoint.host} (${(0,errors/* getErrorMessage */.u)(error)}) after ${attempts} attempts. ` +
                    "Check that the runner can reach it (proxy, VPC endpoint, firewall) and that 'registry', when set, is right.");
            }
            throw error;
        }
    }
    check(response, repository) {
        if (response.status === 401 || response.status === 403) {
            throw new errors/* ConfigurationError */.j(explainRegistryDenied(this.endpoint.host, response.status, repository));
        }
        if (response.status >= 500 || response.status === 429) {
            throw new TransientRegistryError(`HTTP ${response.status}`);
        }
    }
    async fetchToken(challenge, repository) {
        const params = Object.fromEntries([...challenge.slice(7).matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1], match[2]]));
        if (!params.realm)
            throw new Error(`The registry sent a Bearer challenge without a realm: ${challenge}`);
        const url = new URL(params.realm);
        if (params.service)
            url.searchParams.set('service', params.service);
        url.searchParams.set('scope', params.scope ?? `repository:${repository}:pull`);
        const basic = this.basic();
        const response = await this.deps.fetch(url, { headers: basic ? { authorization: basic } : {} });
        if (response.status === 401 || response.status === 403) {
            throw new errors/* ConfigurationError */.j(explainRegistryDenied(this.endpoint.host, response.status, repository));
        }
        if (!response.ok)
            throw new TransientRegistryError(`token request: HTTP ${response.status}`);
        const body = (await response.json());
        const token = body.token ?? body.access_token;
        if (!token)
            throw new Error('The registry token endpoint returned no token.');
        return token;
    }
    /** The digest the tag resolves to, or undefined when the repository or tag does not exist. */
    async resolve(repository, reference) {
        const path = `/v2/${repository}/manifests/${reference}`;
        const ref = imageRef(this.endpoint, repository, reference);
        return this.withRetries(ref, async () => {
            const response = await this.request('HEAD', path, repository);
            if (response.status === 404)
                return undefined;
            this.check(response, repository);
            if (!response.ok)
                throw new Error(`The registry answered HTTP ${response.status} for ${ref}.`);
            const digest = response.headers.get('docker-content-digest');
            if (digest)
                return digest;
            // Some registries leave the header out of HEAD: hash the manifest itself.
            const body = Buffer.from(await (await this.request('GET', path, repository)).arrayBuffer());
            return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(body).digest('hex')}`;
        });
    }
    /** Points `tag` at the manifest `digest` already in the repository (no blobs move). */
    async tag(repository, digest, tag) {
        const source = await this.withRetries(imageRef(this.endpoint, repository, digest), async () => {
            const response = await this.request('GET', `/v2/${repository}/manifests/${digest}`, repository);
            this.check(response, repository);
            if (!response.ok) {
                throw new Error(`The registry answered HTTP ${response.status} for ${imageRef(this.endpoint, repository, digest)}.`);
            }
            return {
                data: Buffer.from(await response.arrayBuffer()),
                contentType: (response.headers.get('content-type') ?? '').split(';')[0] ?? '',
            };
        });
        await this.withRetries(imageRef(this.endpoint, repository, tag), async () => {
            const response = await this.request('PUT', `/v2/${repository}/manifests/${tag}`, repository, source);
            this.check(response, repository);
            if (!response.ok) {
                throw new RegistryRefusal(response.status, await response.text());
            }
        });
    }
}
/** The registry refused a write (e.g. ECR's TAG_INVALID for an existing tag in an immutable repository). */
class RegistryRefusal extends Error {
    status;
    body;
    constructor(status, body) {
        super(`The registry answered HTTP ${status}: ${body.slice(0, 500)}`);
        this.status = status;
        this.body = body;
    }
}

;// CONCATENATED MODULE: ./src/ecr/build-and-push.ts
// Build an image and push it to ECR (or any OCI registry) idempotently, then verify the tag landed.









/** ECR's authorization token is base64 `AWS:<password>`. */
function decodeAuthorizationToken(token) {
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const at = decoded.indexOf(':');
    if (at <= 0)
        throw new Error('ECR returned an authorization token that is not user:password.');
    return { username: decoded.slice(0, at), password: decoded.slice(at + 1) };
}
/**
 * Writes a registry auth file (the docker config.json format, which podman and buildah read too) into a
 * fresh temp dir; docker's plugins and builders are linked in so `docker buildx` keeps its builder.
 */
function writeAuthConfig(dir, host, credentials, env) {
    const configDir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(dir, 'registry-auth-'));
    const authFile = (0,external_node_path_.join)(configDir, 'config.json');
    const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
    (0,external_node_fs_.writeFileSync)(authFile, JSON.stringify({ auths: { [host]: { auth } } }), { mode: 0o600 });
    const userConfig = env.DOCKER_CONFIG ?? (0,external_node_path_.join)(env.HOME ?? (0,external_node_os_.homedir)(), '.docker');
    for (const entry of ['cli-plugins', 'buildx', 'contexts']) {
        const source = (0,external_node_path_.join)(userConfig, entry);
        if ((0,external_node_fs_.existsSync)(source))
            (0,external_node_fs_.symlinkSync)(source, (0,external_node_path_.join)(configDir, entry));
    }
    return { configDir, authFile };
}
const TRANSIENT = /\b(5\d\d|429)\b|connection reset|ECONNRESET|broken pipe|connection refused|i\/o timeout|TLS handshake timeout|unexpected EOF|Service Unavailable|Internal Server Error|Bad Gateway|Gateway Timeout|Too Many Requests|no such host/i;
const DENIED = /\b(401|403)\b|unauthorized|authentication required|access denied|denied:|forbidden/i;
const IMMUTABLE = /ImageTagAlreadyExists|tag invalid.*already exists|cannot be overwritten because the repository is immutable/i;
/** What a failed push's output means. */
function classifyPushFailure(output) {
    if (IMMUTABLE.test(output))
        return 'immutable';
    if (DENIED.test(output))
        return 'denied';
    if (TRANSIENT.test(output))
        return 'transient';
    return 'other';
}
function tail(text, lines = 30) {
    return text.trimEnd().split('\n').slice(-lines).join('\n');
}
class PushError extends Error {
    kind;
    constructor(kind, message) {
        super(message);
        this.kind = kind;
    }
}
/** `auto`: docker buildx when a Docker daemon answers, else podman, else buildah. */
async function detectBuilder(exec, env) {
    const ok = (result) => result.exitCode === 0;
    if (ok(await exec('docker', ['info', '--format', '{{.ServerVersion}}'], { env, timeoutMs: 5000 })) &&
        ok(await exec('docker', ['buildx', 'version'], { env, timeoutMs: 5000 }))) {
        return 'docker';
    }
    for (const builder of ['podman', 'buildah']) {
        if (ok(await exec(builder, ['--version'], { env, timeoutMs: 5000 })))
            return builder;
    }
    throw new errors/* ConfigurationError */.j("Input 'builder' is 'auto' but no builder was found: no Docker daemon answered and neither podman nor buildah is installed. Install one, or start Docker.");
}
async function buildAndPush(inputs, deps) {
    const { ecr, logger } = deps;
    const env = deps.env ?? process.env;
    const [primary] = inputs.tags;
    if (primary === undefined)
        throw new errors/* ConfigurationError */.j("Input 'tag' is empty.");
    // 1. Registry and its credentials.
    const auth = await ecr.getAuthorizationToken();
    deps.mask(auth.token);
    const ecrCredentials = decodeAuthorizationToken(auth.token);
    deps.mask(ecrCredentials.password);
    const ecrHost = new URL(auth.proxyEndpoint.includes('://') ? auth.proxyEndpoint : `https://${auth.proxyEndpoint}`).host;
    const account = (0,image_reference/* parseEcrHost */.wl)(ecrHost)?.account ?? 'unknown';
    const endpoint = {
        host: inputs.registry?.host ?? ecrHost,
        insecure: inputs.registry?.insecure ?? false,
        ...(inputs.registryCredentials ?? ecrCredentials),
    };
    const registry = new RegistryClient(endpoint, {
        fetch: deps.fetch,
        sleep: deps.sleep,
        logger,
        attempts: inputs.pushAttempts,
    });
    const repositoryUri = `${endpoint.host}/${inputs.repository}`;
    const result = (digest, skipped, reason) => ({
        image: `${repositoryUri}:${primary}`,
        imageDigestUri: `${repositoryUri}@${digest}`,
        digest,
        tag: primary,
        tags: inputs.tags,
        registry: endpoint.host,
        repositoryUri,
        skipped,
        reason,
        platforms: inputs.platforms,
    });
    // 2. Idempotency: an existing tag is the image this commit already built.
    if (inputs.skipIfExists) {
        const existing = await registry.resolve(inputs.repository, primary);
        if (existing) {
            logger.info(`${repositoryUri}:${primary} already exists (${existing}); skipping the build and push.`);
            const moved = await alignExtraTags(registry, inputs, existing, logger, repositoryUri);
            return result(existing, true, 'the tag already exists (skip-if-exists)' + (moved.length > 0 ? `; tagged ${moved.join(', ')}` : ''));
        }
    }
    // 3. Repository.
    let repository = await ecr.describeRepository(inputs.repository);
    if (!repository) {
        if (!inputs.createRepository) {
            throw new errors/* ConfigurationError */.j(`The ECR repository '${inputs.repository}' does not exist in account ${account}, region ${inputs.region}. ` +
                "Create it (e.g. with Terraform), or set 'create-repository: true' to let this action create it.");
        }
        repository = await ecr.createRepository({
            name: inputs.repository,
            tagMutability: inputs.tagMutability,
            scanOnPush: inputs.scanOnPush,
        });
        logger.info(`Created the ECR repository ${inputs.repository} (${inputs.tagMutability} tags, scan on push ${inputs.scanOnPush ? 'on' : 'off'}).`);
    }
    if (inputs.lifecyclePolicy)
        await ecr.putLifecyclePolicy(inputs.repository, inputs.lifecyclePolicy);
    // 4. Build and push with a temporary auth file, removed whatever happens.
    const builder = inputs.builder === 'auto' ? await detectBuilder(deps.exec, env) : inputs.builder;
    const buildxOnly = ['cache', 'provenance'].filter((name) => inputs[name]);
    if (builder !== 'docker' && buildxOnly.length > 0) {
        logger.warning(buildxOnly.length === 1
            ? `Input '${buildxOnly[0]}' only works with docker buildx; ${builder} ignores it.`
            : `Inputs 'cache' and 'provenance' only work with docker buildx; ${builder} ignores them.`);
    }
    const { configDir, authFile } = writeAuthConfig(deps.tempDir ?? (0,external_node_os_.tmpdir)(), endpoint.host, { username: endpoint.username ?? '', password: endpoint.password ?? '' }, env);
    const builderEnv = { ...env, DOCKER_CONFIG: configDir, REGISTRY_AUTH_FILE: authFile };
    try {
        const options = {
            context: inputs.context,
            file: inputs.file,
            images: inputs.tags.map((tag) => `${repositoryUri}:${tag}`),
            platforms: inputs.platforms,
            buildArgs: inputs.buildArgs,
            secrets: inputs.secrets,
            labels: (0,builder_args/* imageLabels */.J0)({ source: inputs.source, revision: inputs.revision, created: deps.clock() }, inputs.labels),
            target: inputs.target,
            cacheRef: inputs.cache ? `${repositoryUri}:buildcache` : undefined,
            provenance: inputs.provenance,
            insecure: endpoint.insecure,
        };
        const work = (0,external_node_path_.join)(configDir, 'out');
        (0,external_node_fs_.mkdirSync)(work);
        const localName = `localhost/ecr-build-push:${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`;
        const plan = builder === 'docker'
            ? (0,builder_args/* dockerPlan */.OH)(options, (0,external_node_path_.join)(work, 'metadata.json'))
            : (builder === 'podman' ? builder_args/* podmanPlan */.fI : builder_args/* buildahPlan */.FU)(options, localName, (i) => (0,external_node_path_.join)(work, `digest-${i}`));
        const started = deps.clock().getTime();
        let digest;
        let keptTags;
        try {
            ({ digest, keptTags } = await buildStep(builder, plan, builderEnv, deps, endpoint.host, inputs));
        }
        catch (error) {
            if (error instanceof PushError && error.kind === 'immutable' && inputs.skipIfExists) {
                const existing = await registry.resolve(inputs.repository, primary);
                if (existing) {
                    logger.warning(`${repositoryUri}:${primary} was pushed by another run meanwhile and the repository is immutable; using it.`);
                    return result(existing, true, 'the tag appeared while building (immutable repository)');
                }
            }
            if (error instanceof PushError && error.kind === 'immutable') {
                throw new errors/* ConfigurationError */.j(`${repositoryUri}:${primary} already exists and the repository's tags are immutable. ` +
                    "Set 'skip-if-exists: true' (the default) to reuse it, or push a new tag.");
            }
            throw error;
        }
        finally {
            if (builder !== 'docker') {
                const remove = inputs.platforms.length > 1 ? ['manifest', 'rm', localName] : ['rmi', localName];
                await deps.exec(builder, remove, { env: builderEnv });
            }
        }
        const buildSeconds = (deps.clock().getTime() - started) / 1000;
        // 5. Verify through the registry's own API: every tag must resolve to the pushed digest.
        for (const tag of inputs.tags.filter((tag) => !keptTags.includes(tag))) {
            const found = await registry.resolve(inputs.repository, tag);
            if (found !== digest) {
                throw new Error(`Verification failed: ${repositoryUri}:${tag} resolves to ${found ?? 'nothing'} in the registry, but ${builder} pushed ${digest}.`);
            }
        }
        logger.info(`Verified ${repositoryUri}:${inputs.tags.filter((tag) => !keptTags.includes(tag)).join(', ')} → ${digest}.`);
        return {
            ...result(digest, false, (repository.tagMutability
                ? `built and pushed (${repository.tagMutability} tags)`
                : 'built and pushed') +
                (keptTags.length > 0 ? `; ${keptTags.join(', ')} left on the older image (immutable)` : '')),
            builder,
            buildSeconds,
        };
    }
    finally {
        (0,external_node_fs_.rmSync)(configDir, { recursive: true, force: true });
    }
}
/**
 * Builds, then pushes each tag with bounded retries. Returns the digest the builder reported and the
 * extra tags an immutable repository refused to move (those are left as they are, with a warning).
 */
async function buildStep(builder, plan, env, deps, host, inputs) {
    const { logger } = deps;
    const attempts = inputs.pushAttempts ?? 4;
    const run = (title, command, args) => logger.group(title, async () => {
        logger.info(`$ ${command} ${args.join(' ')}`);
        return deps.exec(command, args, { env, onLine: (line) => logger.info(line) });
    });
    await (0,retry/* retry */.L)(async () => {
        const outcome = await run(`Build with ${builder}`, plan.build.command, plan.build.args);
        if (outcome.exitCode === 127) {
            throw new errors/* ConfigurationError */.j(`Input 'builder' is '${builder}', but ${builder} is not installed on this runner.`);
        }
        if (outcome.exitCode !== 0) {
            const output = `${outcome.stderr}\n${outcome.stdout}`;
            // docker buildx pushes as it builds: classify its failures like a push.
            const kind = builder === 'docker' ? classifyPushFailure(output) : 'other';
            const message = kind === 'denied'
                ? explainRegistryDenied(host, 403, inputs.repository)
                : `The ${builder} build failed (exit ${outcome.exitCode}); nothing was pushed.\n${tail(outcome.stderr || outcome.stdout)}`;
            throw new PushError(kind, message);
        }
        return outcome;
    }, {
        maxAttempts: builder === 'docker' ? attempts : 1,
        baseMs: 1000,
        sleep: deps.sleep,
        isRetryable: (error) => error instanceof PushError && error.kind === 'transient',
        onRetry: (error, attempt) => logger.warning(`${(0,errors/* getErrorMessage */.u)(error)}\nRetrying (attempt ${attempt + 1} of ${attempts}).`),
    }).catch((error) => {
        if (error instanceof PushError && (error.kind === 'denied' || error.kind === 'other')) {
            throw new errors/* ConfigurationError */.j(error.message);
        }
        if (error instanceof PushError && error.kind === 'transient') {
            throw new Error(`${error.message}\nGave up after ${attempts} attempts.`);
        }
        throw error;
    });
    if (plan.metadataFile) {
        const metadata = JSON.parse((0,external_node_fs_.readFileSync)(plan.metadataFile, 'utf8'));
        const digest = metadata['containerimage.digest'];
        if (typeof digest !== 'string')
            throw new Error('docker buildx wrote no containerimage.digest.');
        return { digest, keptTags: [] };
    }
    let digest;
    const keptTags = [];
    for (const [index, step] of plan.push.entries()) {
        const pushed = await (0,retry/* retry */.L)(async () => {
            const outcome = await run(`Push ${step.image}`, step.command.command, step.command.args);
            if (outcome.exitCode === 0)
                return true;
            const output = `${outcome.stderr}\n${outcome.stdout}`;
            const kind = classifyPushFailure(output);
            const message = kind === 'denied'
                ? explainRegistryDenied(host, 403, inputs.repository) + `\n${tail(output, 5)}`
                : `Pushing ${step.image} failed (exit ${outcome.exitCode}):\n${tail(output)}`;
            throw new PushError(kind, message);
        }, {
            maxAttempts: attempts,
            baseMs: 1000,
            sleep: deps.sleep,
            isRetryable: (error) => error instanceof PushError && error.kind === 'transient',
            onRetry: (error, attempt) => logger.warning(`${(0,errors/* getErrorMessage */.u)(error)}\nRetrying (attempt ${attempt + 1} of ${attempts}).`),
        }).catch((error) => {
            if (error instanceof PushError && error.kind === 'denied')
                throw new errors/* ConfigurationError */.j(error.message);
            if (error instanceof PushError && error.kind === 'transient') {
                throw new Error(`${error.message}\nGave up after ${attempts} attempts.`);
            }
            if (error instanceof PushError && error.kind === 'immutable' && index > 0) {
                logger.warning(`${step.image} already exists and the repository's tags are immutable; left as it is.`);
                return false;
            }
            throw error;
        });
        if (!pushed) {
            keptTags.push(inputs.tags[index] ?? '');
            continue;
        }
        const reported = (0,external_node_fs_.readFileSync)(step.digestFile, 'utf8').trim();
        if (digest === undefined)
            digest = reported;
        else if (reported !== digest) {
            throw new Error(`${step.image} was pushed as ${reported}, but the first tag as ${digest}.`);
        }
    }
    if (digest === undefined)
        throw new Error(`${builder} reported no digest.`);
    return { digest, keptTags };
}
/**
 * On a skipped run the extra tags (`latest`, `main`) still have to name this image: each one that is
 * missing or points elsewhere is re-pointed through the registry API (the manifest is copied, no blobs).
 * An immutable repository refuses to move an existing tag; that is a warning, not a failure.
 */
async function alignExtraTags(registry, inputs, digest, logger, repositoryUri) {
    const moved = [];
    for (const tag of inputs.tags.slice(1)) {
        const current = await registry.resolve(inputs.repository, tag);
        if (current === digest)
            continue;
        try {
            await registry.tag(inputs.repository, digest, tag);
            logger.info(`Tagged ${repositoryUri}:${tag} → ${digest}${current ? ` (was ${current})` : ''}.`);
            moved.push(tag);
        }
        catch (error) {
            if (error instanceof RegistryRefusal && classifyPushFailure(error.body) === 'immutable') {
                logger.warning(`${repositoryUri}:${tag} points at ${current} and the repository's tags are immutable; left as it is.`);
                continue;
            }
            throw error;
        }
    }
    return moved;
}


/***/ })

};
