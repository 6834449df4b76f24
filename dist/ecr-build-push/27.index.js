export const id = 27;
export const ids = [27];
export const modules = {

/***/ 7027:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runCommand: () => (/* binding */ runCommand)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);

const KEEP = 64 * 1024;
/** Runs a command without a shell; a missing program is exit code 127, never a throw. */
const runCommand = (command, args, options = {}) => new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const pending = { out: '', err: '' };
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, args, {
        env: options.env ?? process.env,
        cwd: options.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: options.timeoutMs,
    });
    const take = (stream) => (chunk) => {
        const text = chunk.toString();
        if (stream === 'out')
            stdout = (stdout + text).slice(-KEEP);
        else
            stderr = (stderr + text).slice(-KEEP);
        if (!options.onLine)
            return;
        const lines = (pending[stream] + text).split('\n');
        pending[stream] = lines.pop() ?? '';
        for (const line of lines)
            options.onLine(line);
    };
    child.stdout.on('data', take('out'));
    child.stderr.on('data', take('err'));
    child.on('error', (error) => {
        resolve({ exitCode: error.code === 'ENOENT' ? 127 : 1, stdout, stderr: stderr + error.message });
    });
    child.on('close', (code, signal) => {
        for (const rest of [pending.out, pending.err])
            if (rest && options.onLine)
                options.onLine(rest);
        resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr });
    });
});


/***/ })

};
