import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyGraphql, graphqlOperations, mutationEffect } from '../../src/core/packs/graphql';
import { classifyRequest, parseUrl } from '../../src/core/packs/httpRequests';

describe('graphqlOperations', () => {
  it('reads JSON bodies, batches, form fields and raw documents', () => {
    assert.deepEqual(graphqlOperations('{"query":"mutation { volumeDelete(volumeId: \\"x\\") }"}'), [{ kind: 'mutation', fields: ['volumeDelete'] }]);
    assert.deepEqual(graphqlOperations('[{"query":"{ me { id } }"},{"query":"mutation { a }"}]'), [{ kind: 'query', fields: ['me'] }, { kind: 'mutation', fields: ['a'] }]);
    assert.deepEqual(graphqlOperations('query=mutation%20%7B%20serviceDelete(id%3A%20%22s%22)%20%7D'), [{ kind: 'mutation', fields: ['serviceDelete'] }]);
    assert.deepEqual(graphqlOperations('mutation M($id: String!) { x: projectDelete(id: $id) other: variableUpsert(input: {}) { ok } }'),
      [{ kind: 'mutation', fields: ['projectDelete', 'variableUpsert'] }]);
  });

  it('skips arguments, strings, comments, fragments and nested selections', () => {
    const doc = '# mutation { volumeDelete }\nquery Q { project(id: "mutation { volumeDelete }") { volumes { edges { node { id } } } } }';
    assert.deepEqual(graphqlOperations(doc), [{ kind: 'query', fields: ['project'] }]);
    assert.deepEqual(graphqlOperations('fragment F on Volume { id } mutation { ...F volumeCreate(input: {}) { ...F } }'), [{ kind: 'mutation', fields: ['volumeCreate'] }]);
  });

  it('finds a document written inside a script dict and a body with a hole in it', () => {
    assert.deepEqual(graphqlOperations("{'query': 'mutation { volumeDelete(volumeId: \"v\") }'}"), [{ kind: 'mutation', fields: ['volumeDelete'] }]);
    assert.deepEqual(graphqlOperations('{"query":"mutation { volumeDelete(volumeId: \\"") }"}'), [{ kind: 'mutation', fields: ['volumeDelete'] }]);
  });

  it('says nothing for bodies without GraphQL', () => {
    assert.equal(graphqlOperations('{"query":{"match_all":{}}}'), undefined);
    assert.equal(graphqlOperations('name=ada&role=admin'), undefined);
    assert.equal(graphqlOperations(''), undefined);
  });
});

describe('mutationEffect', () => {
  it('destroys by name, with reversible and cache exceptions', () => {
    for (const name of ['volumeDelete', 'deleteRepository', 'delete_users', 'environmentDelete', 'volumeInstanceBackupRestore', 'databaseReset', 'purgeTopic']) {
      assert.equal(mutationEffect(name), 'destroy', name);
    }
    for (const name of ['variableUpsert', 'serviceInstanceRedeploy', 'deploymentRestart', 'removeReaction', 'purgeServiceCache', 'undeleteItem']) {
      assert.equal(mutationEffect(name), 'write', name);
    }
  });

  it('names the API in the verdict', () => {
    assert.equal(classifyGraphql('{"query":"mutation { volumeDelete(volumeId: \\"x\\") }"}', 'Railway')?.reason,
      "deletes a Railway volume and the data on it through Railway's GraphQL API (mutation volumeDelete)");
    assert.equal(classifyGraphql('{"query":"query { me { id } }"}')?.effect, 'read');
  });
});

describe('parseUrl', () => {
  it('parses schemes, userinfo, ports, IPv6, schemeless hosts and HTTPie shorthand', () => {
    assert.deepEqual(parseUrl('https://u:p@API.Example.com:8443/a/b?x=1'), {
      scheme: 'https', host: 'api.example.com', port: '8443', path: '/a/b', query: 'x=1', segments: ['a', 'b'], schemeless: false,
    });
    assert.equal(parseUrl('http://[::1]:8001/api').host, '::1');
    assert.equal(parseUrl('api.heroku.com/apps/x').host, 'api.heroku.com');
    assert.equal(parseUrl(':3000/users').host, 'localhost');
    assert.equal(parseUrl('/v1/projects/x').host, '');
    assert.equal(parseUrl('apps/x').host, '', 'a relative path is not a host');
  });
});

describe('classifyRequest', () => {
  const verdict = (method: string, url: string, body?: string) => {
    const v = classifyRequest({ method, url, body });
    return `${v.rule} ${v.effect}`;
  };
  it('follows HTTP semantics for unknown hosts', () => {
    assert.equal(verdict('GET', 'https://x.example/a'), 'read read');
    assert.equal(verdict('POST', 'https://x.example/a'), 'write write');
    assert.equal(verdict('DELETE', 'https://x.example/a'), 'delete destroy');
    assert.equal(verdict('?', 'https://x.example/a'), 'dynamic-method unknown');
    assert.equal(verdict('POST', 'https://x.example/tenants/4/reset'), 'path-destroy destroy');
    assert.equal(verdict('POST', 'https://x.example/cache/purge'), 'write write');
  });
  it('knows infrastructure APIs', () => {
    assert.equal(verdict('DELETE', 'https://api.heroku.com/apps/a/dynos'), 'heroku.dyno-restart write');
    assert.equal(verdict('DELETE', 'https://api.github.com/repos/o/r'), 'github.repo-delete destroy');
    assert.equal(verdict('DELETE', 'https://github.acme.internal/api/v3/repos/o/r'), 'github.repo-delete destroy');
    assert.equal(verdict('DELETE', 'http://localhost:8001/api/v1/namespaces/x'), 'kubernetes.namespace-delete destroy');
    assert.equal(verdict('POST', 'http://localhost:3000/api/v1/users'), 'write write', 'an app API under /api/v1 is not Kubernetes');
    assert.equal(verdict('POST', 'https://api.supabase.com/v1/projects/r/database/query', '{"query":"DELETE FROM t"}'), 'sql.destroy destroy');
    assert.equal(verdict('POST', 'https://api.supabase.com/v1/projects/r/database/query', '{"query":"select 1"}'), 'sql.read read');
    assert.equal(verdict('POST', 'http://clickhouse.local:8123/?query=DROP%20TABLE%20events'), 'sql.destroy destroy');
    assert.equal(verdict('POST', 'http://clickhouse.local:8123/?query=SELECT%201'), 'sql.read read');
    assert.equal(verdict('POST', 'https://x.example/admin/wipe?query=show%20all'), 'path-destroy destroy', 'SQL-looking text elsewhere never makes a request laxer');
    assert.equal(verdict('POST', 'https://x.example/notes', '{"query":"select the best plan"}'), 'write write');
  });
});
