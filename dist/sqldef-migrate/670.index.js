export const id = 670;
export const ids = [670];
export const modules = {

/***/ 5670:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  readFileAtRef: () => (/* binding */ readFileAtRef),
  upsertMarkedComment: () => (/* binding */ upsertMarkedComment)
});

;// CONCATENATED MODULE: ./src/lib/sticky-comment.ts
/**
 * Updates the latest comment `isOurs` recognises, or creates one. Reads every page of comments (not only
 * the first 30) so that a busy pull request does not get a second comment; with `skipUnchanged`, an
 * identical body costs no write.
 */
async function upsertStickyComment(github, target, isOurs, body, options = {}) {
    const { owner, repo, issueNumber } = target;
    const comments = (await github.paginate(github.rest.issues.listComments, {
        owner,
        repo,
        issue_number: issueNumber,
        per_page: 100,
    }));
    const ours = comments.filter((comment) => isOurs(comment.body ?? ''));
    const latest = ours.at(-1);
    const older = ours.slice(0, -1);
    if (!latest) {
        const { data } = await github.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body });
        return { id: data.id, url: data.html_url, created: true, older };
    }
    if (options.skipUnchanged && latest.body === body) {
        return { id: latest.id, url: latest.html_url, created: false, older };
    }
    const { data } = await github.rest.issues.updateComment({ owner, repo, comment_id: latest.id, body });
    return { id: latest.id, url: data.html_url, created: false, older };
}

;// CONCATENATED MODULE: ./src/sqldef/github.ts

/** Creates or updates the one comment carrying `marker` on an issue or pull request. */
async function upsertMarkedComment(github, target, marker, body) {
    const { id, created, url } = await upsertStickyComment(github, target, (text) => text.includes(marker), body, {
        skipUnchanged: true,
    });
    return { id, created, url };
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
