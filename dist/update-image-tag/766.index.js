export const id = 766;
export const ids = [766];
export const modules = {

/***/ 766:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runProcess: () => (/* binding */ runProcess)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
// Runs a program without a shell and collects its output; every action's child processes go through it.

/** Never rejects: a non-zero exit or a program that cannot start is reported in the result. */
function runProcess(command, args, options = {}) {
    const maxOutput = options.maxOutput ?? 32 * 1024 * 1024;
    const keep = options.keep ?? 'head';
    return new Promise((resolve) => {
        const start = performance.now();
        const output = { out: '', err: '' };
        const pending = { out: '', err: '' };
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, args, {
            cwd: options.cwd,
            env: options.env ?? process.env,
            stdio: ['ignore', 'pipe', 'pipe'],
            timeout: options.timeoutMs,
        });
        const take = (stream) => (chunk) => {
            const text = chunk.toString();
            if (keep === 'tail')
                output[stream] = (output[stream] + text).slice(-maxOutput);
            else if (output[stream].length < maxOutput)
                output[stream] += text;
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
            resolve({
                exitCode: error.code === 'ENOENT' ? 127 : 126,
                stdout: output.out,
                stderr: `${output.err}${error.message}\n`,
                ms: performance.now() - start,
                spawnError: error,
            });
        });
        child.on('close', (code, signal) => {
            for (const rest of [pending.out, pending.err])
                if (rest && options.onLine)
                    options.onLine(rest);
            resolve({
                exitCode: code ?? (signal ? 128 : 1),
                stdout: output.out,
                stderr: output.err,
                ms: performance.now() - start,
            });
        });
    });
}


/***/ })

};
