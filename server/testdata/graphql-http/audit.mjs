// audit.mjs runs graphql-http's GraphQL over HTTP server audits against the
// URL given as its only argument and prints one JSON object:
// {"total": n, "ok": n, "results": [{"id", "name", "status", "reason"}]}.
// server/graphqlhttp_test.go runs it and judges the results.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://127.0.0.1:PORT/graphql');
  process.exit(2);
}
const results = await auditServer({ url });
const out = results.map((r) => ({
  id: r.id,
  name: r.name,
  status: r.status,
  reason: r.status === 'ok' ? '' : r.reason,
}));
console.log(JSON.stringify({
  total: out.length,
  ok: out.filter((r) => r.status === 'ok').length,
  results: out,
}));
