export const id = 404;
export const ids = [404];
export const modules = {

/***/ 6404:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readFileAtRef: () => (/* binding */ readFileAtRef),
/* harmony export */   upsertStickyComment: () => (/* binding */ upsertStickyComment)
/* harmony export */ });
/**
 * Creates or updates the one comment carrying `marker` on an issue or pull request. Reads every page of
 * comments (not only the first 30) so that a busy pull request does not get a second comment.
 */
async function upsertStickyComment(github, target, marker, body) {
    const comments = await github.paginate(github.rest.issues.listComments, {
        owner: target.owner,
        repo: target.repo,
        issue_number: target.issueNumber,
        per_page: 100,
    });
    const existing = comments.find((comment) => comment.body?.includes(marker));
    if (existing) {
        if (existing.body === body)
            return { id: existing.id, created: false, url: existing.html_url };
        const { data } = await github.rest.issues.updateComment({
            owner: target.owner,
            repo: target.repo,
            comment_id: existing.id,
            body,
        });
        return { id: data.id, created: false, url: data.html_url };
    }
    const { data } = await github.rest.issues.createComment({
        owner: target.owner,
        repo: target.repo,
        issue_number: target.issueNumber,
        body,
    });
    return { id: data.id, created: true, url: data.html_url };
}
/** A file's text at a ref, or '' when it does not exist there (a schema file the pull request adds). */
async function readFileAtRef(github, repo, path, ref) {
    try {
        const { data } = await github.rest.repos.getContent({ owner: repo.owner, repo: repo.repo, path, ref });
        if (Array.isArray(data) || data.type !== 'file') {
            throw new Error(`${path} at ${ref} is not a file.`);
        }
        if ('content' in data && data.encoding === 'base64' && data.content) {
            return Buffer.from(data.content, 'base64').toString('utf8');
        }
        // Files over 1 MB come without content: read the blob instead.
        const { data: blob } = await github.rest.git.getBlob({
            owner: repo.owner,
            repo: repo.repo,
            file_sha: data.sha,
        });
        return Buffer.from(blob.content, blob.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
    }
    catch (error) {
        if (error.status === 404)
            return '';
        throw error;
    }
}


/***/ })

};
