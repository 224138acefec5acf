// A bounded load client (autocannon): CONNECTIONS clients for SECONDS against one URL,
// cycling through the request bodies in BODIES (a JSON list; empty means GET).
// Usage: node load.mjs URL CONNECTIONS SECONDS BODIES_FILE  -> one JSON line of figures
import autocannon from "autocannon";
import { readFileSync } from "node:fs";

const [url, connections, seconds, bodiesFile] = process.argv.slice(2);
const bodies = JSON.parse(readFileSync(bodiesFile, "utf8"));
let next = 0;
const request = bodies.length
  ? {
      method: "POST",
      headers: { "content-type": "application/json" },
      setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }),
    }
  : { method: "GET" };
const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  requests: [request],
});
console.log(JSON.stringify({
  requests: result.requests.total,
  seconds: result.duration,
  p50: result.latency.p50,
  p99: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors + result.timeouts,
}));
