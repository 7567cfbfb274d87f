// Sends the same three requests through Apollo Client 4, urql and graphql-request to
// URL (argv[2]): a valid query, one that fails validation and one with a bad argument.
// Each client must show the data, or the errors with their extensions.code. Exits 1
// on any mismatch.
import { ApolloClient, InMemoryCache, HttpLink, gql, CombinedGraphQLErrors } from '@apollo/client';
import { Client, fetchExchange } from '@urql/core';
import { GraphQLClient } from 'graphql-request';

const url = process.argv[2];
const cases = [
  { name: 'valid', query: '{ __typename }', data: { __typename: 'Query' } },
  { name: 'validation error', query: '{ noSuchField }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'bad argument', query: '{ countries(limit: -1) { id } }', code: 'BAD_USER_INPUT' },
];

const clients = {
  'Apollo Client 4': async (query) => {
    const client = new ApolloClient({ link: new HttpLink({ uri: url }), cache: new InMemoryCache() });
    try {
      const res = await client.query({ query: gql(query), fetchPolicy: 'no-cache' });
      return { data: res.data };
    } catch (err) {
      if (CombinedGraphQLErrors.is(err)) return { errors: err.errors };
      return { failure: String(err) };
    }
  },
  urql: async (query) => {
    const client = new Client({ url, exchanges: [fetchExchange] });
    const res = await client.query(query, {}).toPromise();
    if (res.error) {
      if (res.error.graphQLErrors.length) return { errors: res.error.graphQLErrors };
      return { failure: String(res.error) };
    }
    return { data: res.data };
  },
  'graphql-request': async (query) => {
    const client = new GraphQLClient(url);
    try {
      return { data: await client.request(query) };
    } catch (err) {
      if (err.response?.errors) return { errors: err.response.errors };
      return { failure: String(err) };
    }
  },
};

let failed = 0;
for (const [name, send] of Object.entries(clients)) {
  for (const c of cases) {
    const got = await send(c.query);
    let ok;
    if (c.data) ok = JSON.stringify(got.data) === JSON.stringify(c.data);
    else ok = got.errors?.length > 0 && got.errors[0].extensions?.code === c.code;
    if (!ok) failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${c.name}: ${JSON.stringify(got).slice(0, 300)}`);
  }
}
console.log(`clients: ${Object.keys(clients).length * cases.length - failed} ok, ${failed} failed`);
process.exit(failed ? 1 : 0);
