// The Neo4j GraphQL Library (@neo4j/graphql) with Apollo Server, serving the annotated
// model of schema/model.graphqls, for the three-way benchmark (bench/cmd/bench).
//
//   node server.mjs   (env: TYPEDEFS=path of the SDL, NEO4J_URI, PORT; listens on 127.0.0.1)
//
// The runner writes TYPEDEFS from schema/model.graphqls (directives.graphqls left out:
// the library declares @node, @relationship… itself). `provenance` is a
// @customResolver, given here as a user of the library would: from the node's
// `sources` and `quotes`, with the Source nodes read by id.
//
// GET /stats answers {"requests": N, "cypher": M}: M counts the Cypher statements the
// library sent (every tx.run / session.run through the driver), so the runner can
// report Cypher round trips per request.
import fs from "node:fs";
import http from "node:http";
import { ApolloServer } from "@apollo/server";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const typeDefs = fs.readFileSync(process.env.TYPEDEFS, "utf8");
const port = Number(process.env.PORT || 4000);
const rawDriver = neo4j.driver(process.env.NEO4J_URI || "bolt://127.0.0.1:7687", neo4j.auth.basic("neo4j", process.env.NEO4J_PASSWORD || "neo4j"), {
  maxConnectionPoolSize: 100,
  disableLosslessIntegers: false,
});

const stats = { requests: 0, cypher: 0 };

// Counting proxies around the driver: every run() on a session or transaction is one
// round trip.
function countRuns(obj) {
  return new Proxy(obj, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (typeof v !== "function") return v;
      if (prop === "run") {
        return (...args) => {
          stats.cypher++;
          return v.apply(target, args);
        };
      }
      if (prop === "executeRead" || prop === "executeWrite" || prop === "readTransaction" || prop === "writeTransaction") {
        return (work, ...rest) => v.call(target, (tx) => work(countRuns(tx)), ...rest);
      }
      if (prop === "beginTransaction") {
        return (...args) => countRuns(v.apply(target, args));
      }
      return v.bind(target);
    },
  });
}
const driver = new Proxy(rawDriver, {
  get(target, prop) {
    const v = Reflect.get(target, prop);
    if (prop === "session") return (...args) => countRuns(v.apply(target, args));
    if (prop === "executeQuery") {
      return (...args) => {
        stats.cypher++;
        return v.apply(target, args);
      };
    }
    return typeof v === "function" ? v.bind(target) : v;
  },
});

const provenance = async (parent) => {
  const ids = parent.sources || [];
  if (ids.length === 0) return [];
  stats.cypher++;
  const res = await rawDriver.executeQuery("MATCH (s:Source) WHERE s.id IN $ids RETURN s", { ids }, { routing: "READ" });
  const byId = new Map(res.records.map((r) => [r.get("s").properties.id, r.get("s").properties]));
  return ids.map((id, i) => ({ source: byId.get(id), quote: parent.quotes[i] })).filter((p) => p.source);
};
const nodeTypes = [...typeDefs.matchAll(/^type (\w+) implements Entity/gm)].map((m) => m[1]);
const resolvers = Object.fromEntries(nodeTypes.map((t) => [t, { provenance }]));

const lib = new Neo4jGraphQL({ typeDefs, driver, resolvers });
const schema = await lib.getSchema();
const server = new ApolloServer({ schema, introspection: true });
await server.start();

// A bare node:http front end (no Express): parse JSON, execute, answer JSON.
const httpServer = http.createServer(async (req, res) => {
  if (req.method === "GET" && req.url === "/stats") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(stats));
    return;
  }
  if (req.method === "GET" && req.url === "/healthz") {
    res.writeHead(200);
    res.end("ok");
    return;
  }
  if (req.method !== "POST") {
    res.writeHead(405);
    res.end();
    return;
  }
  const chunks = [];
  for await (const c of req) chunks.push(c);
  stats.requests++;
  let body;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    res.writeHead(400);
    res.end();
    return;
  }
  const result = await server.executeOperation(
    { query: body.query, variables: body.variables, operationName: body.operationName },
    { contextValue: {} },
  );
  const single = result.body.kind === "single" ? result.body.singleResult : { errors: [{ message: "incremental delivery" }] };
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(single));
});
httpServer.keepAliveTimeout = 120_000;
httpServer.listen(port, "127.0.0.1", () => {
  console.log(`READY http://127.0.0.1:${port}/graphql (@neo4j/graphql ${process.env.npm_package_dependencies__neo4j_graphql || ""})`);
});
const stop = async () => {
  httpServer.close();
  await server.stop();
  await rawDriver.close();
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
