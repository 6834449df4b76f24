export const id = 343;
export const ids = [343];
export const modules = {

/***/ 1343:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   spawnExec: () => (/* binding */ spawnExec)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
// The real Exec: spawns a program without a shell and collects its output (capped so a runaway log
// cannot exhaust memory).

const MAX_OUTPUT = 32 * 1024 * 1024;
const spawnExec = (command, args, options) => new Promise((resolve) => {
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, args, {
        cwd: options.cwd,
        env: options.env,
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
        if (stdout.length < MAX_OUTPUT)
            stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk) => {
        if (stderr.length < MAX_OUTPUT)
            stderr += chunk.toString();
    });
    child.on('error', (error) => resolve({ exitCode: 127, stdout, stderr: `${stderr}${error.message}\n` }));
    child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout, stderr }));
});


/***/ })

};
