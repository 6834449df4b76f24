export const id = 687;
export const ids = [687];
export const modules = {

/***/ 1687:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ecrCredentials: () => (/* binding */ ecrCredentials),
/* harmony export */   ecrRegion: () => (/* binding */ ecrRegion),
/* harmony export */   isEcrRegistry: () => (/* binding */ isEcrRegistry),
/* harmony export */   parseImage: () => (/* binding */ parseImage),
/* harmony export */   verifyImage: () => (/* binding */ verifyImage)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
// Checks that an image tag or digest exists in an OCI registry before it is written anywhere:
// HEAD /v2/<repository>/manifests/<reference>, with Basic auth, a Bearer token challenge, or an ECR token.

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
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`Input 'verify-image': '${image}' must name the registry and repository, e.g. '123456789012.dkr.ecr.eu-west-1.amazonaws.com/backend'.`);
    }
    return { registry: host, repository: image.slice(slash + 1) };
}
function isEcrRegistry(registry) {
    return /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(registry);
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
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`Image ${options.image}:${options.reference} does not exist in the registry; push it first (or check 'tag' and 'verify-image'). Nothing was changed.`);
    }
    if (response.status === 401 || response.status === 403) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`The registry refused to show ${options.image} (HTTP ${response.status}); give 'registry-username' and 'registry-password', or AWS credentials for ECR.`);
    }
    throw new Error(`Checking ${options.image}:${options.reference} failed: HTTP ${response.status}.`);
}
function ecrRegion(registry) {
    return /\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws/.exec(registry)?.[1];
}
/** ECR's registry credentials (GetAuthorizationToken), with given AWS credentials or the SDK's default chain. */
async function ecrCredentials(registry, aws) {
    const region = ecrRegion(registry);
    const { ECRClient, GetAuthorizationTokenCommand } = await Promise.all(/* import() */[__webpack_require__.e(956), __webpack_require__.e(249)]).then(__webpack_require__.t.bind(__webpack_require__, 8249, 19));
    const client = new ECRClient({ ...(region ? { region } : {}), ...(aws ? { credentials: aws } : {}) });
    const result = await client.send(new GetAuthorizationTokenCommand({}));
    const token = result.authorizationData?.[0]?.authorizationToken;
    if (!token)
        throw new Error('ECR returned no authorization token.');
    const [username = '', password = ''] = Buffer.from(token, 'base64').toString('utf8').split(':');
    return { username, password };
}


/***/ })

};
