export const id = 228;
export const ids = [228];
export const modules = {

/***/ 228:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkRelativePattern: () => (/* binding */ checkRelativePattern),
/* harmony export */   decodeUtf8: () => (/* binding */ decodeUtf8),
/* harmony export */   expandPatterns: () => (/* binding */ expandPatterns),
/* harmony export */   isGlob: () => (/* binding */ isGlob),
/* harmony export */   writeFilesAtomically: () => (/* binding */ writeFilesAtomically)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7268);
// Files of a checkout or a repository tree: path patterns and globs confined to a root, UTF-8 reads, and
// all-or-nothing writes.




const GLOB_CHARS = /[*?[\]{}!]/;
function isGlob(pattern) {
    return GLOB_CHARS.test(pattern);
}
/** Rejects absolute paths and paths leaving the root, so patterns cannot reach outside `path`. */
function checkRelativePattern(pattern, inputName = 'files') {
    const cleaned = pattern.replace(/^\.\//, '');
    if ((0,node_path__WEBPACK_IMPORTED_MODULE_2__.isAbsolute)(cleaned) || (0,node_path__WEBPACK_IMPORTED_MODULE_2__.normalize)(cleaned).split(node_path__WEBPACK_IMPORTED_MODULE_2__.sep).includes('..')) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j(`Input '${inputName}': '${pattern}' must be relative to 'path' and stay inside it.`);
    }
    return cleaned;
}
/** Expands paths and globs against a list of files (from a checkout or a repository tree). */
async function expandPatterns(patterns, listOrRoot, inputName = 'files') {
    const files = new Set();
    const picomatch = (await __webpack_require__.e(/* import() */ 6).then(__webpack_require__.t.bind(__webpack_require__, 4006, 23))).default;
    let all = Array.isArray(listOrRoot) ? listOrRoot : undefined;
    for (const raw of patterns) {
        const pattern = checkRelativePattern(raw, inputName);
        if (!isGlob(pattern)) {
            const exists = all ? all.includes(pattern) : (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(listOrRoot, pattern));
            if (!exists)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j(`Input '${inputName}': '${pattern}' does not exist. Check the path (relative to 'path').`);
            files.add(pattern);
            continue;
        }
        if (!all) {
            const { glob } = await Promise.all(/* import() */[__webpack_require__.e(6), __webpack_require__.e(382)]).then(__webpack_require__.bind(__webpack_require__, 3382));
            all = (await glob(['**/*'], {
                cwd: listOrRoot,
                onlyFiles: true,
                dot: true,
                ignore: ['**/.git/**', '**/node_modules/**'],
            }))
                .map((file) => file.split(node_path__WEBPACK_IMPORTED_MODULE_2__.sep).join('/'))
                .sort();
        }
        const isMatch = picomatch(pattern, { dot: true });
        const matched = all.filter((file) => isMatch(file));
        if (matched.length === 0)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j(`Input '${inputName}': the glob '${pattern}' matches no file.`);
        for (const file of matched)
            files.add(file);
    }
    return [...files];
}
/** Decodes a file as UTF-8, refusing bytes that would not survive the round trip. */
function decodeUtf8(path, bytes) {
    if (bytes === null)
        return null;
    const text = bytes.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(bytes)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j(`'${path}' is not UTF-8 text; YAML files must be UTF-8.`);
    }
    return text;
}
/** Writes each file to a temporary sibling first, then renames them all, so no file is ever half-written. */
async function writeFilesAtomically(root, texts) {
    const staged = [];
    try {
        for (const [path, text] of texts) {
            const target = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(root, path);
            const temp = `${target}.${process.pid}.tmp`;
            const { mode } = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(target).catch(() => ({ mode: 0o644 }));
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(temp, text, { encoding: 'utf8', mode });
            staged.push([temp, target]);
        }
    }
    catch (error) {
        const { rm } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 1455, 23));
        await Promise.all(staged.map(([temp]) => rm(temp, { force: true })));
        throw error;
    }
    for (const [temp, target] of staged)
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(temp, target);
}


/***/ })

};
