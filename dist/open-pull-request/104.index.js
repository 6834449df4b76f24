export const id = 104;
export const ids = [104];
export const modules = {

/***/ 104:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  fileChangeSet: () => (/* binding */ fileChangeSet),
  readCheckoutFiles: () => (/* binding */ readCheckoutFiles)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/paths.ts
var lib_paths = __webpack_require__(9927);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/image-tag/key-path.ts

/**
 * Parses `image.tag`, `images[name=backend].newTag`, `containers[0].image`, `"dotted.key".tag` and
 * `[kind=Deployment].spec.template.spec.containers[name=app].image` (leading selectors pick documents).
 */
function key_path_parseKeyPath(text, inputName = 'key') {
    const fail = (why) => {
        throw new ConfigurationError(`Input '${inputName}': '${text}' is not a key path (${why}). Write dotted keys with list selectors, e.g. 'image.tag' or 'images[name=backend].newTag'.`);
    };
    const documentSteps = [];
    const steps = [];
    let i = 0;
    let expectKey = true;
    const readQuoted = () => {
        const quote = text[i];
        let out = '';
        for (i++; i < text.length; i++) {
            const c = text[i];
            if (c === '\\' && quote === '"' && i + 1 < text.length)
                out += text[++i];
            else if (c === quote) {
                if (quote === "'" && text[i + 1] === "'") {
                    out += "'";
                    i++;
                }
                else {
                    i++;
                    return out;
                }
            }
            else
                out += c;
        }
        return fail('unterminated quote');
    };
    while (i < text.length) {
        const c = text[i];
        if (c === '[') {
            const end = findClosingBracket(text, i);
            if (end < 0)
                fail("'[' without ']'");
            const inner = text.slice(i + 1, end).trim();
            let step;
            if (inner === '*')
                step = { kind: 'all' };
            else if (/^\d+$/.test(inner))
                step = { kind: 'index', index: Number(inner) };
            else {
                const eq = inner.indexOf('=');
                if (eq <= 0)
                    return fail(`'[${inner}]' is neither an index, '*', nor field=value`);
                step = {
                    kind: 'select',
                    field: inner.slice(0, eq).trim(),
                    value: unquote(inner.slice(eq + 1).trim()),
                };
            }
            (steps.length === 0 ? documentSteps : steps).push(step);
            i = end + 1;
            expectKey = false;
            continue;
        }
        if (c === '.') {
            if (i === 0 || text[i - 1] === '.' || i === text.length - 1)
                fail('empty key');
            i++;
            expectKey = true;
            continue;
        }
        if (!expectKey)
            fail(`expected '.' or '[' at position ${i + 1}`);
        let name;
        if (c === '"' || c === "'")
            name = readQuoted();
        else {
            const start = i;
            while (i < text.length && text[i] !== '.' && text[i] !== '[')
                i++;
            name = text.slice(start, i).trim();
        }
        if (name === '')
            fail('empty key');
        steps.push({ kind: 'key', name });
        expectKey = false;
    }
    if (steps.length === 0)
        fail('no key');
    return { text, documentSteps, steps };
}
function findClosingBracket(text, open) {
    let quote;
    for (let i = open + 1; i < text.length; i++) {
        const c = text[i];
        if (quote) {
            if (c === quote)
                quote = undefined;
        }
        else if (c === '"' || c === "'")
            quote = c;
        else if (c === ']')
            return i;
    }
    return -1;
}
function unquote(value) {
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
        return value.slice(1, -1);
    }
    return value;
}
function key_path_formatStep(step) {
    switch (step.kind) {
        case 'key':
            return /[.[\]"']/.test(step.name) ? JSON.stringify(step.name) : step.name;
        case 'index':
            return `[${step.index}]`;
        case 'select':
            return `[${step.field}=${step.value}]`;
        case 'all':
            return '[*]';
    }
}
/** Renders steps back into a path, e.g. for error messages and outputs. */
function key_path_formatPath(steps) {
    let out = '';
    for (const step of steps) {
        const part = key_path_formatStep(step);
        out += step.kind === 'key' && out !== '' ? `.${part}` : part;
    }
    return out;
}

;// CONCATENATED MODULE: ./src/image-tag/references.ts

/** OCI distribution spec tag grammar. */
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** A sha256 content digest, the only algorithm registries accept in practice. */
const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;
/** Repository name, optionally with a registry host and port (`host:5000/org/app`). */
const NAME_PATTERN = /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
function references_isValidTag(tag) {
    return TAG_PATTERN.test(tag);
}
function references_isDigest(value) {
    return DIGEST_PATTERN.test(value);
}
function isValidImageName(name) {
    return NAME_PATTERN.test(name);
}
function assertTag(tag, inputName = 'tag') {
    if (!references_isValidTag(tag)) {
        throw new ConfigurationError(`Input '${inputName}': '${tag}' is not a valid image tag (up to 128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-').`);
    }
}
function assertDigest(digest, inputName = 'digest') {
    if (!references_isDigest(digest)) {
        throw new ConfigurationError(`Input '${inputName}': '${digest}' is not a digest; write 'sha256:' followed by 64 lowercase hex digits.`);
    }
}
/** Splits `registry:5000/org/app:v1@sha256:…` into name, tag and digest. */
function references_splitImageReference(reference) {
    let rest = reference;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
    }
    const slash = rest.lastIndexOf('/');
    const colon = rest.lastIndexOf(':');
    let tag;
    if (colon > slash) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
    }
    return { name: rest, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}
function references_formatImageReference(reference) {
    return `${reference.name}${reference.tag ? `:${reference.tag}` : ''}${reference.digest ? `@${reference.digest}` : ''}`;
}

;// CONCATENATED MODULE: ./src/image-tag/rewrite.ts




const FORMATS = (/* unused pure expression or super */ null && (['auto', 'helm', 'kustomize', 'flux-marker']));
const FLUX_MARKER = /#\s*\{\s*"\$imagepolicy"\s*:\s*"([^"]*)"\s*\}/g;
/**
 * Sets image tags in one YAML file without re-serialising it: the file is parsed only to find the
 * source range of each target scalar, and the new value is spliced into the original text in the
 * quoting style the old value used. Every other byte (comments, blank lines, indentation, anchors,
 * document separators, CRLF, BOM, a missing final newline) is kept.
 */
function rewrite_rewriteImageTag(text, options) {
    const file = options.file;
    const lineCounter = new LineCounter();
    const docs = parseAllDocuments(text, { keepSourceTokens: true, lineCounter, prettyErrors: true });
    const documents = Array.isArray(docs) ? docs : [];
    for (const doc of documents) {
        const error = doc.errors[0];
        if (error) {
            const pos = error.linePos?.[0];
            const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
            throw new ConfigurationError(`${where}: invalid YAML: ${error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}. Fix the file before updating its image tag.`);
        }
    }
    const keys = options.keys ?? [];
    const format = options.format && options.format !== 'auto' ? options.format : detectFormat(text, documents, file, keys);
    const warnings = [];
    const insertions = [];
    let targets;
    if (format === 'flux-marker')
        targets = fluxTargets(text, documents, keys, file, warnings);
    else if (format === 'kustomize')
        targets = kustomizeTargets(documents, keys, file, options.values, insertions);
    else
        targets = (keys.length > 0 ? keys : ['image.tag']).flatMap((key) => pathTargets(documents, parseKeyPath(key), file));
    const edits = [];
    const changes = [];
    const seen = new Set();
    for (const target of targets) {
        const start = target.node.range?.[0] ?? 0;
        if (seen.has(start))
            continue;
        seen.add(start);
        const oldValue = scalarText(target.node);
        const newValue = target.optional && target.kind === 'digest' && !hasDigest(options.values)
            ? undefined
            : newValueFor(target, oldValue, options.values, file);
        if (newValue === undefined)
            continue;
        const pos = lineCounter.linePos(start);
        const changed = oldValue !== newValue;
        changes.push({
            file,
            key: target.key,
            kind: target.kind,
            line: pos.line,
            column: pos.col,
            oldValue,
            newValue,
            changed,
        });
        if (changed)
            edits.push(spliceEdit(text, target, newValue, file, pos.line));
    }
    for (const insertion of insertions) {
        const newValue = newValueFor({ ...insertion, node: undefined }, '', options.values, file);
        if (newValue === undefined)
            continue;
        const edit = insertEdit(text, insertion, newValue);
        const pos = lineCounter.linePos(edit.start);
        changes.push({
            file,
            key: insertion.key,
            kind: insertion.kind,
            line: pos.line + 1,
            column: 1,
            oldValue: '',
            newValue,
            changed: true,
        });
        edits.push(edit);
    }
    edits.sort((a, b) => b.start - a.start);
    let out = text;
    for (const edit of edits)
        out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    return { file, format, text: out, changes, changed: edits.length > 0, warnings };
}
/** Flux markers win; then Kustomize (`kind: Kustomization` or a kustomization.yaml file); else Helm values. */
function detectFormat(text, documents, file, keys = []) {
    const pathLike = keys.length > 0 && keys.every((key) => /[.[]/.test(key) && !/^images\[/.test(key));
    if (!pathLike && text.includes('$imagepolicy') && new RegExp(FLUX_MARKER.source).test(text))
        return 'flux-marker';
    if (pathLike)
        return 'helm';
    if (/(^|[\\/])kustomization\.ya?ml$/i.test(file))
        return 'kustomize';
    for (const doc of documents) {
        const root = doc.contents;
        if (isMap(root) &&
            String(root.get('kind') ?? '') === 'Kustomization' &&
            isSeq(root.get('images', true))) {
            return 'kustomize';
        }
    }
    return 'helm';
}
/* ---------------------------------------------------------------- key paths */
class PathError extends errors/* ConfigurationError */.j1 {
    depth;
    constructor(message, depth) {
        super(message);
        this.depth = depth;
    }
}
function pathTargets(documents, path, file) {
    const roots = documents.map((doc, index) => ({ doc, index }));
    const where = (index) => (documents.length > 1 ? ` (document ${index + 1})` : '');
    let selected = roots;
    for (const step of path.documentSteps)
        selected = selectDocuments(selected, step, file);
    const explicit = path.documentSteps.length > 0;
    const found = [];
    let best;
    for (const { doc, index } of selected) {
        try {
            const nodes = walk(doc.contents, path.steps, 0, file, path.text);
            for (const node of nodes)
                found.push({ key: path.text, kind: kindForPath(path, node), node });
            if (!explicit && found.length > 0 && nodes.length > 0 && found.length > nodes.length) {
                throw new ConfigurationError(`${file}: key '${path.text}' is in several documents${where(index)}; pick one by putting a document selector first, e.g. '[${index}].${path.text}' or '[kind=Deployment].${path.text}', or '[*].${path.text}' for all.`);
            }
        }
        catch (error) {
            if (!(error instanceof PathError))
                throw error;
            if (explicit)
                throw error;
            if (!best || error.depth > best.depth)
                best = error;
        }
    }
    if (found.length === 0) {
        if (best)
            throw best;
        throw new ConfigurationError(`${file}: key '${path.text}' not found: the file has no YAML documents.`);
    }
    return found;
}
function selectDocuments(docs, step, file) {
    if (step.kind === 'all')
        return docs;
    if (step.kind === 'index') {
        const doc = docs[step.index];
        if (!doc)
            throw new ConfigurationError(`${file}: there is no document [${step.index}]; the file has ${docs.length} (counted from 0).`);
        return [doc];
    }
    if (step.kind === 'select') {
        const match = docs.filter(({ doc }) => isMap(doc.contents) && scalarEquals(doc.contents.get(step.field, true), step.value));
        if (match.length === 0)
            throw new ConfigurationError(`${file}: no document has ${step.field}=${step.value}.`);
        if (match.length > 1) {
            throw new ConfigurationError(`${file}: ${match.length} documents have ${step.field}=${step.value}, where one was expected; use an index ([0]) or '[*]' for all.`);
        }
        return match;
    }
    return docs;
}
function walk(node, steps, depth, file, full) {
    const trail = formatPath(steps.slice(0, depth)) || '(the document root)';
    if (isAlias(node)) {
        throw new PathError(`${file}: '${trail}' is an alias (*${node.source}); the value belongs to the anchor &${node.source}, shared by every alias. Set the anchored key instead.`, depth);
    }
    if (depth === steps.length) {
        if (isScalar(node))
            return [node];
        const what = isMap(node) ? 'a map' : isSeq(node) ? 'a list' : 'empty';
        throw new PathError(`${file}: key '${full}' is ${what}, not a scalar${isMap(node) ? ` (its keys: ${mapKeys(node).join(', ')})` : ''}. Point the key at the tag itself.`, depth + 1);
    }
    const step = steps[depth];
    if (step.kind === 'key') {
        if (!isMap(node)) {
            throw new PathError(`${file}: key '${full}' not found: '${trail}' is ${describe(node)}, not a map${isSeq(node) ? '; select an item with [0] or [name=…]' : ''}.`, depth);
        }
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === step.name);
        if (!pair) {
            const keys = mapKeys(node);
            const merge = keys.includes('<<')
                ? " It inherits keys through '<<' (a merge key); set the key in the anchored map or add it here."
                : '';
            throw new PathError(`${file}: key '${full}' not found: ${depth === 0 ? 'the top level' : `'${trail}'`} has ${keys.length > 0 ? `keys ${keys.map((key) => `'${key}'`).join(', ')}` : 'no keys'}.${merge}`, depth);
        }
        return walk(pair.value, steps, depth + 1, file, full);
    }
    if (!isSeq(node)) {
        throw new PathError(`${file}: key '${full}' not found: '${trail}' is ${describe(node)}, not a list, so '${formatStep(step)}' does not apply.`, depth);
    }
    if (step.kind === 'index') {
        if (step.index >= node.items.length) {
            throw new PathError(`${file}: key '${full}' not found: '${trail}' has ${node.items.length} items (counted from 0).`, depth);
        }
        return walk(node.items[step.index], steps, depth + 1, file, full);
    }
    if (step.kind === 'all')
        return node.items.flatMap((item) => walk(item, steps, depth + 1, file, full));
    const matches = node.items.filter((item) => isMap(item) && scalarEquals(item.get(step.field, true), step.value));
    if (matches.length === 0) {
        const values = node.items
            .map((item) => (isMap(item) ? item.get(step.field, true) : undefined))
            .filter((value) => isScalar(value))
            .map((value) => `'${String(value.value)}'`);
        throw new PathError(`${file}: key '${full}' not found: no item of '${trail}' has ${step.field}=${step.value}${values.length > 0 ? ` (${step.field} values: ${values.join(', ')})` : ''}.`, depth);
    }
    if (matches.length > 1) {
        throw new ConfigurationError(`${file}: key '${full}': ${matches.length} items of '${trail}' have ${step.field}=${step.value}, where one was expected. Use an index ([0]) or '[*]' for all of them.`);
    }
    return walk(matches[0], steps, depth + 1, file, full);
}
function kindForPath(path, node) {
    const last = [...path.steps].reverse().find((step) => step.kind === 'key');
    const name = last?.kind === 'key' ? last.name : '';
    if (/digest$/i.test(name))
        return 'digest';
    if (/^newName$/.test(name))
        return 'name';
    const old = scalarText(node);
    if (!isDigest(old) && /[/:]/.test(old))
        return 'image';
    return 'tag';
}
/* ---------------------------------------------------------------- kustomize */
function kustomizeTargets(documents, keys, file, values, insertions) {
    const doc = documents.find((candidate) => isMap(candidate.contents) && isSeq(candidate.contents.get('images', true)));
    if (!doc)
        throw new ConfigurationError(`${file}: no 'images:' list found; it is not a Kustomization with images (set 'format' if it is another kind of file).`);
    const images = doc.contents.get('images', true);
    if (!isSeq(images))
        return [];
    const entries = images.items.filter(isMap);
    const names = entries
        .map((entry) => entry.get('name', true))
        .filter(isScalar)
        .map((value) => String(value.value));
    let chosen;
    const paths = keys.filter((key) => /^images[[.]/.test(key));
    if (paths.length > 0) {
        return paths.flatMap((key) => pathTargets([doc], parseKeyPath(key), file));
    }
    if (keys.length === 0) {
        if (entries.length !== 1) {
            throw new ConfigurationError(`${file}: 'images' has ${entries.length} entries (${names.join(', ')}); name the image to set in 'key', one per line.`);
        }
        chosen = [{ name: names[0] ?? '', entry: entries[0] }];
    }
    else {
        chosen = keys.map((name) => {
            const matches = entries.filter((entry) => scalarEquals(entry.get('name', true), name));
            if (matches.length === 0) {
                throw new ConfigurationError(`${file}: no entry of 'images' has name=${name} (names: ${names.map((n) => `'${n}'`).join(', ')}).`);
            }
            if (matches.length > 1)
                throw new ConfigurationError(`${file}: ${matches.length} entries of 'images' have name=${name}, where one was expected.`);
            return { name, entry: matches[0] };
        });
    }
    const targets = [];
    const tagIsDigest = values.tag !== undefined && isDigest(values.tag);
    for (const { name, entry } of chosen) {
        const fields = [];
        if (values.tag !== undefined && !tagIsDigest)
            fields.push(['newTag', 'tag']);
        if (values.digest !== undefined || tagIsDigest)
            fields.push(['digest', 'digest']);
        if (values.name !== undefined)
            fields.push(['newName', 'name']);
        for (const [field, kind] of fields) {
            const steps = [
                { kind: 'key', name: 'images' },
                { kind: 'select', field: 'name', value: name },
                { kind: 'key', name: field },
            ];
            const value = entry.get(field, true);
            if (value === undefined) {
                if (entry.flow) {
                    throw new ConfigurationError(`${file}: the 'images' entry name=${name} has no '${field}' (its keys: ${mapKeys(entry).join(', ')}); add '${field}:' to it once by hand.`);
                }
                insertions.push({ key: formatPath(steps), kind, entry, field });
                continue;
            }
            const nodes = walk(value, steps, steps.length, file, formatPath(steps));
            for (const node of nodes)
                targets.push({ key: formatPath(steps), kind, node });
        }
    }
    return targets;
}
/* ---------------------------------------------------------------- flux markers */
function fluxTargets(text, documents, keys, file, warnings) {
    const scalars = [];
    for (const doc of documents) {
        visit(doc, {
            Scalar(_key, node) {
                if (node.range)
                    scalars.push(node);
            },
        });
    }
    scalars.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
    const lineOf = (offset) => text.slice(0, offset).split('\n').length;
    const targets = [];
    const policies = new Set();
    for (const match of text.matchAll(FLUX_MARKER)) {
        const at = match.index ?? 0;
        const policy = match[1] ?? '';
        const inside = scalars.find((node) => (node.range?.[0] ?? 0) < at && at < (node.range?.[1] ?? 0));
        if (inside) {
            warnings.push(`${file}:${lineOf(at)}: the $imagepolicy marker is inside a ${inside.type === 'BLOCK_LITERAL' || inside.type === 'BLOCK_FOLDED' ? 'block scalar' : 'string'}, not a YAML comment; it was ignored.`);
            continue;
        }
        let node;
        for (const candidate of scalars) {
            const end = candidate.range?.[1] ?? 0;
            if ((candidate.range?.[0] ?? 0) >= at)
                break;
            if (/^[ \t]*$/.test(text.slice(end, at)))
                node = candidate;
        }
        if (!node) {
            warnings.push(`${file}:${lineOf(at)}: the $imagepolicy marker is not on the same line as a value; it was ignored.`);
            continue;
        }
        const parts = policy.split(':');
        const suffix = parts.length >= 3 ? parts[2] : undefined;
        const kind = suffix === 'tag' ? 'tag' : suffix === 'name' ? 'name' : suffix === 'digest' ? 'digest' : 'image';
        const policyName = parts.slice(0, 2).join(':');
        if (keys.length > 0 && !keys.some((key) => key === policyName || key === policy || key === parts[1]))
            continue;
        policies.add(policyName);
        targets.push({ key: `$imagepolicy ${policy}`, kind, node, optional: true });
    }
    if (targets.length === 0) {
        throw new ConfigurationError(keys.length > 0
            ? `${file}: no $imagepolicy marker for ${keys.map((key) => `'${key}'`).join(', ')}.`
            : `${file}: no $imagepolicy marker next to a value.`);
    }
    if (keys.length === 0 && policies.size > 1) {
        throw new ConfigurationError(`${file}: markers of ${policies.size} image policies (${[...policies].join(', ')}), where one was expected; name the policy in 'key'.`);
    }
    return targets;
}
/* ---------------------------------------------------------------- values and splicing */
function newValueFor(target, oldValue, values, file) {
    const tagIsDigest = values.tag !== undefined && isDigest(values.tag);
    const digest = values.digest ?? (tagIsDigest ? values.tag : undefined);
    const tag = tagIsDigest ? undefined : values.tag;
    const fail = (message) => {
        throw new ConfigurationError(`${file}: ${target.key}: ${message}`);
    };
    switch (target.kind) {
        case 'tag':
            if (tag === undefined)
                return fail(`holds a tag; give a tag (${values.tag ? `'${values.tag}' is a digest` : 'none given'}).`);
            if (!isValidTag(tag))
                return fail(`'${tag}' is not a valid image tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-').`);
            return tag;
        case 'digest':
            if (digest === undefined)
                return fail(`holds a digest; give 'sha256:' followed by 64 hex digits, not '${values.tag ?? ''}'.`);
            if (!isDigest(digest))
                return fail(`'${digest}' is not a digest ('sha256:' followed by 64 lowercase hex digits).`);
            return digest;
        case 'name':
            return values.name;
        case 'image': {
            const old = splitImageReference(oldValue);
            if (tag !== undefined && !isValidTag(tag))
                return fail(`'${tag}' is not a valid image tag.`);
            return formatImageReference({
                name: values.name ?? old.name,
                ...(tag !== undefined ? { tag } : {}),
                ...(digest !== undefined ? { digest } : {}),
            });
        }
    }
}
function hasDigest(values) {
    return values.digest !== undefined || (values.tag !== undefined && isDigest(values.tag));
}
/** Adds `field: value` as a new line after the last key of a block-style Kustomize images entry. */
function insertEdit(text, insertion, value) {
    const entry = insertion.entry;
    const first = entry.items[0]?.key;
    const last = entry.items.at(-1);
    const firstStart = first?.range?.[0] ?? entry.range?.[0] ?? 0;
    const lineStart = text.lastIndexOf('\n', firstStart - 1) + 1;
    const indent = ' '.repeat(firstStart - lineStart);
    const lastEnd = last?.value?.range?.[1] ??
        last?.key?.range?.[1] ??
        firstStart;
    let at = text.indexOf('\n', lastEnd);
    const crlf = at > 0 && text[at - 1] === '\r';
    if (at < 0)
        at = text.length;
    else if (crlf)
        at -= 1;
    const eol = crlf || (at === text.length && text.includes('\r\n')) ? '\r\n' : '\n';
    const written = plainIsString(value) ? value : JSON.stringify(value);
    return { start: at, end: at, text: `${eol}${indent}${insertion.field}: ${written}` };
}
function scalarText(node) {
    const token = node.srcToken;
    if (token && 'type' in token && token.type === 'scalar')
        return token.source;
    return node.value === null || node.value === undefined ? '' : String(node.value);
}
const plainCache = new Map();
/** True when the text, written without quotes, reads back as the same string in YAML 1.1 and 1.2. */
function plainIsString(value) {
    let ok = plainCache.get(value);
    if (ok === undefined) {
        try {
            ok =
                value !== '' &&
                    parse(value, { version: '1.2' }) === value &&
                    parse(value, { version: '1.1' }) === value;
        }
        catch {
            ok = false;
        }
        if (plainCache.size > 10_000)
            plainCache.clear();
        plainCache.set(value, ok);
    }
    return ok;
}
function spliceEdit(text, target, value, file, line) {
    const node = target.node;
    const [start, end] = node.range ?? [0, 0];
    const token = node.srcToken;
    const type = token && 'type' in token ? token.type : undefined;
    if (type === 'single-quoted-scalar')
        return { start, end, text: `'${value.replace(/'/g, "''")}'` };
    if (type === 'double-quoted-scalar')
        return { start, end, text: JSON.stringify(value) };
    if (type === 'block-scalar') {
        throw new ConfigurationError(`${file}:${line}: ${target.key} is a block scalar ('|' or '>'); write the value on the key's line, plain or quoted.`);
    }
    const written = plainIsString(value) ? value : JSON.stringify(value);
    if (start === end) {
        // An empty value (`tag:`): add the separating space, and one before a following comment.
        const before = text[start - 1] === ':' ? ' ' : '';
        const after = text[start] === '#' ? ' ' : '';
        return { start, end, text: `${before}${written}${after}` };
    }
    return { start, end, text: written };
}
function scalarEquals(node, value) {
    return isScalar(node) && String(node.value) === value;
}
function mapKeys(node) {
    return node.items.map((item) => (isScalar(item.key) ? String(item.key.value) : String(item.key)));
}
function describe(node) {
    if (isMap(node))
        return 'a map';
    if (isSeq(node))
        return 'a list';
    if (isScalar(node))
        return node.value === null ? 'empty' : `the scalar '${String(node.value)}'`;
    return 'empty';
}

;// CONCATENATED MODULE: ./src/image-tag/update.ts






/**
 * Computes every edit before anything is written: a failure in any file (missing, invalid YAML, key not
 * found, bad tag) throws, and no file is touched.
 */
function planImageTagUpdate(files, request) {
    const results = [];
    for (const { path, text } of files) {
        if (text === null) {
            throw new ConfigurationError(`Input 'files': '${path}' does not exist. Check the path (relative to the repository root, or to 'path' with pull-request: false).`);
        }
        results.push(rewriteImageTag(text, {
            file: path,
            format: request.format,
            keys: request.keys,
            values: request.values,
        }));
    }
    const changed = results.filter((result) => result.changed);
    const oldTags = {};
    for (const result of results) {
        const first = result.changes.find((change) => change.kind === 'tag' || change.kind === 'image') ?? result.changes[0];
        if (first)
            oldTags[result.file] = first.oldValue;
    }
    return {
        results,
        changedFiles: changed.map((result) => result.file),
        newTexts: new Map(changed.map((result) => [result.file, result.text])),
        changes: results.flatMap((result) => result.changes),
        oldTags,
        warnings: results.flatMap((result) => result.warnings),
    };
}
const GLOB_CHARS = /[*?[\]{}!]/;
function isGlob(pattern) {
    return GLOB_CHARS.test(pattern);
}
/** Rejects absolute paths and paths leaving the root, so patterns cannot reach outside `path`. */
function checkRelativePattern(pattern, inputName = 'files') {
    const cleaned = pattern.replace(/^\.\//, '');
    if ((0,external_node_path_.isAbsolute)(cleaned) || (0,external_node_path_.normalize)(cleaned).split(external_node_path_.sep).includes('..')) {
        throw new errors/* ConfigurationError */.j1(`Input '${inputName}': '${pattern}' must be relative to 'path' and stay inside it.`);
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
            const exists = all ? all.includes(pattern) : (0,external_node_fs_.existsSync)((0,external_node_path_.join)(listOrRoot, pattern));
            if (!exists)
                throw new errors/* ConfigurationError */.j1(`Input '${inputName}': '${pattern}' does not exist. Check the path (relative to 'path').`);
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
                .map((file) => file.split(external_node_path_.sep).join('/'))
                .sort();
        }
        const isMatch = picomatch(pattern, { dot: true });
        const matched = all.filter((file) => isMatch(file));
        if (matched.length === 0)
            throw new errors/* ConfigurationError */.j1(`Input '${inputName}': the glob '${pattern}' matches no file.`);
        for (const file of matched)
            files.add(file);
    }
    return [...files];
}
/** Reads, plans and writes the files in a local checkout. Nothing is written unless every file succeeds. */
async function updateLocalFiles(root, patterns, request) {
    const paths = await expandPatterns(patterns, root);
    const files = await Promise.all(paths.map(async (path) => ({
        path,
        text: decodeUtf8(path, await readFile(confinePath(root, path, 'files')).catch(() => null)),
    })));
    const plan = planImageTagUpdate(files, request);
    await writeFilesAtomically(root, plan.newTexts);
    return plan;
}
/** Decodes a file as UTF-8, refusing bytes that would not survive the round trip. */
function decodeUtf8(path, bytes) {
    if (bytes === null)
        return null;
    const text = bytes.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(bytes)) {
        throw new errors/* ConfigurationError */.j1(`'${path}' is not UTF-8 text; YAML files must be UTF-8.`);
    }
    return text;
}
/** Writes each file to a temporary sibling first, then renames them all, so no file is ever half-written. */
async function writeFilesAtomically(root, texts) {
    const staged = [];
    try {
        for (const [path, text] of texts) {
            const target = join(root, path);
            const temp = `${target}.${process.pid}.tmp`;
            const { mode } = await stat(target).catch(() => ({ mode: 0o644 }));
            await writeFile(temp, text, { encoding: 'utf8', mode });
            staged.push([temp, target]);
        }
    }
    catch (error) {
        const { rm } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 1455, 23));
        await Promise.all(staged.map(([temp]) => rm(temp, { force: true })));
        throw error;
    }
    for (const [temp, target] of staged)
        await rename(temp, target);
}
function relativeTo(root, file) {
    return relative(root, file).split(sep).join('/');
}

;// CONCATENATED MODULE: ./src/pull-request/checkout-files.ts
// The files of a checkout to commit (open-pull-request): paths and globs confined to the checkout, symbolic
// links included, read as UTF-8 text.




/** Wanted contents by path (null deletes), read from `root`; throws before any API call on a bad path. */
async function readCheckoutFiles(root, files, deleted) {
    const paths = files.length > 0 ? await expandPatterns(files, root) : [];
    const contents = new Map();
    for (const path of paths) {
        const real = (0,lib_paths/* confinePath */.e)(root, path, 'files');
        if ((await (0,promises_.stat)(real)).isDirectory()) {
            throw new errors/* ConfigurationError */.j1(`Input 'files': '${path}' is a directory; name its files, or a glob such as '${path.replace(/\/+$/, '')}/**'.`);
        }
        contents.set(path, decodeUtf8(path, await (0,promises_.readFile)(real)));
    }
    for (const path of deleted)
        contents.set(checkRelativePattern(path, 'deleted-files'), null);
    return contents;
}
/** A change set that writes `contents` as they are, with one body row per changed file. */
function fileChangeSet(contents) {
    return {
        paths: [...contents.keys()],
        apply: (current) => ({
            files: contents,
            rows: [...contents.keys()]
                .filter((path) => current.get(path) !== contents.get(path))
                .map((file) => ({ file })),
        }),
    };
}


/***/ })

};
