import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Schema = any;

const SUBSET_URL = new URL('./schema/openapi-subset.json', import.meta.url);
const COMPONENTS_ID = 'github-openapi-components.json';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  operationId: string;
  method: string;
  template: string;
  regex: RegExp;
  pathParams: string[];
  parameters: Parameter[];
  requestBody?: { required?: boolean; schema: Schema };
  responses: Record<string, Schema | undefined>;
}

export interface RouteMatch {
  operation: Operation;
  params: Record<string, string>;
}

function errorsText(errors: ErrorObject[] | null | undefined, prefix: string): string[] {
  return (errors ?? []).map((error) => {
    const where = `${prefix}${error.instancePath}`;
    const extra =
      error.keyword === 'additionalProperties'
        ? ` (${(error.params as { additionalProperty: string }).additionalProperty})`
        : error.keyword === 'enum'
          ? ` (${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
          : '';
    return `${where || prefix || '/'} ${error.message ?? error.keyword}${extra}`;
  });
}

/**
 * Makes an OpenAPI 3.0 schema digestible by Ajv: `nullable` without `type` (nullable allOf/oneOf/$ref) becomes
 * anyOf [schema, null], a nullable enum admits null; with `external`, component refs point at the separately registered components document.
 */
function normalize(node: Schema, external: boolean): Schema {
  if (Array.isArray(node)) return node.map((item) => normalize(item, external));
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && external
        ? `${COMPONENTS_ID}${value}`
        : normalize(value, external);
  }
  // A nullable enum (`state_reason`) takes null too: GitHub sends it.
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null))
    out.enum = [...(out.enum as unknown[]), null];
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _nullable, description: _description, ...rest } = out;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return out;
}

function rewriteRefs(node: Schema): Schema {
  return normalize(node, true);
}

/** GitHub's OpenAPI subset: route matching, request and response validation, and response shaping. */
export class OpenApi {
  readonly operations: Operation[] = [];
  readonly byId = new Map<string, Operation>();
  readonly components: Record<string, Schema>;
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: Schema = JSON.parse(readFileSync(SUBSET_URL, 'utf8'))) {
    this.components = document.components.schemas;
    const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    this.ajv.addFormat('int64', true);
    this.ajv.addFormat('repo.nwo', true);
    // GitHub documents `""` as the default of several uri fields (deployment statuses): accept it as GitHub sends it.
    this.ajv.addFormat('uri', (value: string) => value === '' || /^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(value));
    this.ajv.addSchema({ components: normalize(document.components, false) }, COMPONENTS_ID);
    for (const [template, item] of Object.entries<Schema>(document.paths)) {
      for (const [method, op] of Object.entries<Schema>(item)) {
        const pathParams: string[] = [];
        const pattern = template
          .split(/(\{[^}]+\})/)
          .map((part, index, parts) => {
            const name = /^\{(.+)\}$/.exec(part)?.[1];
            const literal = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
            // A trailing {path} may be empty (the repository root: .../contents).
            if (!name)
              return parts[index + 1] === '{path}' && index + 2 === parts.length - 1
                ? literal(part.replace(/\/$/, ''))
                : literal(part);
            pathParams.push(name);
            if (name === 'path' && index === parts.length - 2) return '(?:/(.*?))?';
            // Refs, branch names and paths may contain slashes (sent raw or as %2F).
            return ['ref', 'path', 'base', 'head', 'basehead'].includes(name) ? '(.+?)' : '([^/]+?)';
          })
          .join('');
        const json = op.requestBody?.content?.['application/json'];
        const operation: Operation = {
          operationId: op.operationId,
          method: method.toUpperCase(),
          template,
          regex: new RegExp(`^${pattern}/?$`),
          pathParams,
          parameters: op.parameters ?? [],
          requestBody: json ? { required: op.requestBody.required, schema: json.schema } : undefined,
          responses: Object.fromEntries(
            Object.entries<Schema>(op.responses).map(([status, response]) => [
              status,
              response.content?.['application/json']?.schema,
            ]),
          ),
        };
        this.operations.push(operation);
        this.byId.set(operation.operationId, operation);
      }
    }
    // Literal paths before templated ones (e.g. /git/ref/{ref} vs nothing ambiguous today, but stay safe).
    this.operations.sort((a, b) => a.pathParams.length - b.pathParams.length);
  }

  match(method: string, path: string): RouteMatch | undefined {
    for (const operation of this.operations) {
      if (operation.method !== method) continue;
      const found = operation.regex.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      operation.pathParams.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { operation, params };
    }
    return undefined;
  }

  private validator(key: string, schema: Schema): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(rewriteRefs(schema));
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** Validates path and query parameters (coercing query strings as GitHub does); returns coerced query and errors. */
  validateParameters(
    operation: Operation,
    params: Record<string, string>,
    query: URLSearchParams,
  ): { query: Record<string, unknown>; errors: string[] } {
    const errors: string[] = [];
    const coerced: Record<string, unknown> = {};
    const known = new Set<string>();
    for (const parameter of operation.parameters) {
      if (parameter.in === 'header') continue;
      known.add(`${parameter.in}:${parameter.name}`);
      const raw = parameter.in === 'path' ? params[parameter.name] : (query.get(parameter.name) ?? undefined);
      if (raw === undefined) {
        if (parameter.required) errors.push(`missing required ${parameter.in} parameter "${parameter.name}"`);
        continue;
      }
      let value: unknown = raw;
      const type = parameter.schema?.type;
      if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) value = Number(raw);
      if (type === 'boolean' && (raw === 'true' || raw === 'false')) value = raw === 'true';
      const validate = this.validator(
        `${operation.operationId}:${parameter.in}:${parameter.name}`,
        parameter.schema ?? {},
      );
      if (!validate(value))
        errors.push(...errorsText(validate.errors, `${parameter.in} parameter "${parameter.name}"`));
      if (parameter.in === 'query') coerced[parameter.name] = value;
    }
    for (const name of new Set(query.keys())) {
      if (!known.has(`query:${name}`))
        errors.push(`query parameter "${name}" is not defined for ${operation.operationId}`);
    }
    return { query: coerced, errors };
  }

  validateBody(operation: Operation, body: unknown): string[] {
    if (!operation.requestBody) {
      return body === undefined ||
        (typeof body === 'object' && body !== null && Object.keys(body).length === 0)
        ? []
        : [`${operation.operationId} takes no request body`];
    }
    if (body === undefined) return operation.requestBody.required ? ['request body is required'] : [];
    const validate = this.validator(`${operation.operationId}:body`, operation.requestBody.schema);
    return validate(body) ? [] : errorsText(validate.errors, 'body');
  }

  /** Top-level body properties the operation does not define: GitHub ignores them, which hides caller bugs. */
  unknownBodyProperties(operation: Operation, body: unknown): string[] {
    const schema = operation.requestBody ? this.resolve(operation.requestBody.schema) : undefined;
    if (!schema?.properties || !body || typeof body !== 'object' || Array.isArray(body)) return [];
    return Object.keys(body)
      .filter((key) => !(key in schema.properties))
      .map((key) => `body property "${key}" is not part of the operation (GitHub ignores it)`);
  }

  responseSchema(operation: Operation, status: number): Schema | undefined {
    return operation.responses[String(status)];
  }

  validateResponse(operation: Operation, status: number, body: unknown): string[] {
    if (!(String(status) in operation.responses)) {
      return [`status ${status} is not a documented response of ${operation.operationId}`];
    }
    const schema = operation.responses[String(status)];
    if (!schema) return [];
    const validate = this.validator(`${operation.operationId}:response:${status}`, schema);
    return validate(body) ? [] : errorsText(validate.errors, 'response');
  }

  /** Validates a value against a named component schema (e.g. 'content-file'). */
  validateComponent(name: string, value: unknown): string[] {
    const validate = this.validator(`component:${name}`, { $ref: `#/components/schemas/${name}` });
    return validate(value) ? [] : errorsText(validate.errors, name);
  }

  resolve(schema: Schema): Schema {
    let current = schema;
    while (current && typeof current.$ref === 'string') {
      current = this.components[current.$ref.replace('#/components/schemas/', '')];
    }
    return current;
  }

  /**
   * Completes a handler's response with every required property the schema demands that the handler did not
   * set (null when nullable, else a neutral value), so handlers only spell out the fields that carry state.
   */
  complete(schema: Schema, value: unknown, name = ''): unknown {
    const resolved = this.resolve(schema);
    if (!resolved) return value;
    if (resolved.allOf) {
      const merged = this.mergeAllOf(resolved);
      return this.complete(merged, value, name);
    }
    if (value === undefined) return this.neutral(resolved, name);
    if (resolved.oneOf || resolved.anyOf) return value;
    if (Array.isArray(value)) {
      return resolved.items ? value.map((item) => this.complete(resolved.items, item, name)) : value;
    }
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const properties: Record<string, Schema> = resolved.properties ?? {};
    for (const [key, propertySchema] of Object.entries(properties)) {
      if (key in out) out[key] = this.complete(propertySchema, out[key], key);
      else if ((resolved.required ?? []).includes(key))
        out[key] = this.neutral(this.resolve(propertySchema), key);
    }
    return out;
  }

  private mergeAllOf(schema: Schema): Schema {
    const parts = (schema.allOf as Schema[]).map((part) => {
      const resolved = this.resolve(part);
      return resolved.allOf ? this.mergeAllOf(resolved) : resolved;
    });
    return {
      type: 'object',
      nullable: schema.nullable,
      properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})),
      required: parts.flatMap((part) => part.required ?? []),
    };
  }

  private neutral(schema: Schema, name: string): unknown {
    if (!schema) return null;
    if (schema.nullable) return null;
    if (schema.allOf) return this.neutral(this.mergeAllOf(schema), name);
    if (schema.oneOf || schema.anyOf)
      return this.neutral(this.resolve((schema.oneOf ?? schema.anyOf)[0]), name);
    if (schema.enum) return schema.enum[0];
    switch (schema.type) {
      case 'object':
        return this.complete(schema, {}, name);
      case 'array':
        return [];
      case 'integer':
      case 'number':
        return schema.minimum ?? 0;
      case 'boolean':
        return false;
      case 'string':
        if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
        if (schema.format === 'uri' || name.endsWith('_url') || name === 'url') return 'https://github.com/';
        if (schema.format === 'email') return 'noreply@github.com';
        return '';
      default:
        return null;
    }
  }
}

let shared: OpenApi | undefined;
/** The subset, parsed and compiled once per process. */
export function openApi(): OpenApi {
  shared ??= new OpenApi();
  return shared;
}
