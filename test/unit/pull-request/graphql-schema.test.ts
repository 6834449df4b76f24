import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildClientSchema, parse, validate, type IntrospectionQuery } from 'graphql';
import {
  AUTO_MERGE_MUTATION,
  COMMIT_MUTATION,
  stateQuery,
} from '../../../src/pull-request/github-pull-request-api.js';

const schemaFile = join(process.cwd(), 'node_modules/@octokit/graphql-schema/schema.json');
const schema = buildClientSchema(JSON.parse(readFileSync(schemaFile, 'utf8')) as IntrospectionQuery);

describe('GraphQL documents', () => {
  it.each([
    ['state with base', stateQuery('main', 'platform-actions/prod/api', ['a.yaml', 'dir/b "c".yaml'])],
    ['state without base', stateQuery(undefined, 'x', ['a.yaml'])],
    ['createCommitOnBranch', COMMIT_MUTATION],
    ['enablePullRequestAutoMerge', AUTO_MERGE_MUTATION],
  ])('%s validates against the GitHub schema', (_name, document) => {
    expect(validate(schema, parse(document)).map((error) => error.message)).toEqual([]);
  });
});
