export const id = 596;
export const ids = [596];
export const modules = {

/***/ 9596:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_DOWNLOAD_URL: () => (/* binding */ DEFAULT_DOWNLOAD_URL),
/* harmony export */   DEFAULT_SQLDEF_VERSION: () => (/* binding */ DEFAULT_SQLDEF_VERSION),
/* harmony export */   normalizeVersion: () => (/* binding */ normalizeVersion),
/* harmony export */   releaseAssetUrl: () => (/* binding */ releaseAssetUrl),
/* harmony export */   resolveSqldefBinary: () => (/* binding */ resolveSqldefBinary),
/* harmony export */   whichOnPath: () => (/* binding */ whichOnPath)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7268);
// Finds the sqldef binary: an explicit path, one on PATH, or a release downloaded and kept in the tool cache.



/** The sqldef release used when none is on PATH and `sqldef-version` is not set. */
const DEFAULT_SQLDEF_VERSION = 'v3.2.0';
const DEFAULT_DOWNLOAD_URL = 'https://github.com/sqldef/sqldef/releases/download';
const ARCHES = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386' };
function isExecutable(file) {
    try {
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.accessSync)(file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.X_OK);
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(file).isFile();
    }
    catch {
        return false;
    }
}
/** The binary on PATH, if any. */
function whichOnPath(tool, env = process.env) {
    for (const dir of (env.PATH ?? '').split(node_path__WEBPACK_IMPORTED_MODULE_1__.delimiter)) {
        if (dir && isExecutable((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, tool)))
            return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, tool);
    }
    return undefined;
}
/** Release asset URL, e.g. .../v3.2.0/psqldef_linux_amd64.tar.gz (zip on macOS and Windows). */
function releaseAssetUrl(base, version, tool, platform, arch) {
    const os = platform === 'win32' ? 'windows' : platform;
    if (!['linux', 'darwin', 'windows'].includes(os)) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`sqldef publishes no release for ${platform}: set 'sqldef-path' to a binary.`);
    }
    const goArch = ARCHES[arch];
    if (!goArch)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`sqldef publishes no release for ${arch}: set 'sqldef-path' to a binary.`);
    const ext = os === 'linux' ? 'tar.gz' : 'zip';
    return `${base.replace(/\/+$/, '')}/${version}/${tool}_${os}_${goArch}.${ext}`;
}
function normalizeVersion(version) {
    const trimmed = version.trim();
    if (!/^v?\d+\.\d+\.\d+$/.test(trimmed)) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`Input 'sqldef-version' must look like v3.2.0, got '${version}'.`);
    }
    return trimmed.startsWith('v') ? trimmed : `v${trimmed}`;
}
async function resolveSqldefBinary(options) {
    const { tool, logger } = options;
    if (options.path) {
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(options.path)) {
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`Input 'sqldef-path' points to ${options.path}, which does not exist.`);
        }
        if (!isExecutable(options.path)) {
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`Input 'sqldef-path' points to ${options.path}, which is not an executable file.`);
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
    if (cached && isExecutable((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(cached, binaryName))) {
        return { path: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(cached, binaryName), source: 'tool-cache', version };
    }
    const url = releaseAssetUrl(options.downloadUrl ?? DEFAULT_DOWNLOAD_URL, version, tool, platform, arch);
    logger.info(`Downloading ${tool} ${version} from ${url}`);
    let archive;
    try {
        archive = await cache.downloadTool(url);
    }
    catch (error) {
        const status = error.httpStatusCode;
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`Could not download ${tool} ${version} from ${url}: ${status ? `HTTP ${status}` : (0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .getErrorMessage */ .u1)(error)}. ` +
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
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`The archive downloaded from ${url} could not be extracted: ${(0,_lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .getErrorMessage */ .u1)(error)}`);
    }
    if (!isExecutable((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, binaryName))) {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`The archive downloaded from ${url} has no executable ${binaryName}.`);
    }
    const cachedDir = await cache.cacheDir(dir, tool, cacheVersion, arch);
    return { path: (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(cachedDir, binaryName), source: 'download', version };
}


/***/ })

};
