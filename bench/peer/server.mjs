// @neo4j/graphql (Apollo Server) over the benchmark's graph: the peer bench/api.py measures.
// Usage: node server.mjs PORT BOLT_URI USER PASSWORD
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const [port, uri, user, password] = process.argv.slice(2);
const typeDefs = `#graphql
  type Source @node { id: ID! title: String }
  type Evidence @node { id: ID! summary: String }
  type Critique @node {
    id: ID! kind: String summary: String
    source: [Source!]! @relationship(type: "MAKES", direction: IN)
  }
  type Claim @node {
    id: ID! statement: String
    source: [Source!]! @relationship(type: "MAKES", direction: IN)
    evidence: [Evidence!]! @relationship(type: "SUPPORTED_BY", direction: OUT)
    critiques: [Critique!]! @relationship(type: "TARGETS", direction: IN)
  }
`;
const driver = neo4j.driver(uri, neo4j.auth.basic(user, password));
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(port), host: "127.0.0.1" },
  context: async () => ({}),
});
console.log(url);
