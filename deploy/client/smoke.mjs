// Minimal gRPC client of deploy/verify (runs from the tool cache, which holds
// node_modules). Uses the standard health proto (Debian package grpc-proto) and the
// project's own protos.
//
//   node smoke.mjs health ADDR [--service NAME] [--want SERVING] [--wait SECONDS]
//   node smoke.mjs ingest ADDR JSON_EVENT_SUBMISSION
//   node smoke.mjs get    ADDR NAME [--token TOKEN] [--wait SECONDS]
//   node smoke.mjs ingest-file ADDR FILE.jsonl [--limit N] [--names-out F]  (bulk)
//   node smoke.mjs get-many ADDR NAMES_FILE [--rounds N] [--concurrency C]
//
// TLS (any command): --cacert CA.pem [--cert CERT.pem --key KEY.pem] connects with
// TLS, verifying the server against CA.pem, with a client certificate for mTLS;
// without them the channel is plaintext. --server-name NAME verifies the server's
// certificate as NAME (e.g. the Service name) whatever ADDR is.
//
// Prints one JSON line on success; exits 1 with the gRPC status on failure.
import fs from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');

const PROTO_DIR = process.env.DATELINE_PROTO_DIR;
const HEALTH_DIR = process.env.GRPC_PROTO_DIR || '/usr/share/grpc-proto';
const [cmd, addr, ...rest] = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : dflt;
};
const positional = rest.filter((a, i) => !a.startsWith('--') && !(i > 0 && rest[i - 1].startsWith('--')));

const load = (file, dirs) => grpc.loadPackageDefinition(loader.loadSync(file, {
  includeDirs: dirs, keepCase: false, longs: String, enums: String, defaults: false, oneofs: true,
}));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const call = (client, method, req, deadlineMs = 5000) => new Promise((resolve, reject) => {
  client[method](req, { deadline: Date.now() + deadlineMs }, (err, res) => (err ? reject(err) : resolve(res)));
});
const fail = (err) => {
  console.error(JSON.stringify({ error: { code: err.code, details: err.details ?? String(err) } }));
  process.exit(1);
};

async function retrying(waitSeconds, fn) {
  const until = Date.now() + waitSeconds * 1000;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() >= until) throw err;
      await sleep(200);
    }
  }
}

const pem = (name) => (opt(name) ? fs.readFileSync(opt(name)) : null);
const creds = opt('cacert') || opt('cert')
  ? grpc.credentials.createSsl(pem('cacert'), pem('key'), pem('cert'))
  : grpc.credentials.createInsecure();
const channelOptions = opt('server-name')
  ? { 'grpc.ssl_target_name_override': opt('server-name'), 'grpc.default_authority': opt('server-name') }
  : {};
try {
  if (cmd === 'health') {
    const { grpc: g } = load('grpc/health/v1/health.proto', [HEALTH_DIR]);
    const client = new g.health.v1.Health(addr, creds, channelOptions);
    const want = opt('want', 'SERVING');
    const res = await retrying(Number(opt('wait', '0')), async () => {
      const r = await call(client, 'Check', { service: opt('service', '') }, 2000);
      if (r.status !== want) throw Object.assign(new Error(`status ${r.status}, want ${want}`), { details: `status ${r.status}` });
      return r;
    });
    console.log(JSON.stringify(res));
  } else if (cmd === 'ingest') {
    const pkg = load(['dateline/v1/ingest_service.proto'], [PROTO_DIR]);
    const client = new pkg.dateline.v1.IngestService(addr, creds, channelOptions);
    const res = await call(client, 'IngestEvent', { event: JSON.parse(positional[0]) }, 10000);
    console.log(JSON.stringify(res));
  } else if (cmd === 'get') {
    const pkg = load(['dateline/v1/query_service.proto'], [PROTO_DIR]);
    const client = new pkg.dateline.v1.QueryService(addr, creds, channelOptions);
    const req = { name: positional[0] };
    if (opt('token')) req.consistencyToken = opt('token');
    const res = await retrying(Number(opt('wait', '0')), () => call(client, 'GetEvent', req, 5000));
    console.log(JSON.stringify(res));
  } else if (cmd === 'ingest-file') {
    const readline = await import('node:readline');
    const pkg = load(['dateline/v1/ingest_service.proto'], [PROTO_DIR]);
    const client = new pkg.dateline.v1.IngestService(addr, creds, channelOptions);
    const limit = Number(opt('limit', 'Infinity'));
    const stream = client.IngestEvents();
    let sent = 0, ok = 0, bad = 0;
    const names = [];
    const done = new Promise((resolve, reject) => {
      stream.on('data', (r) => { if (r.error) bad++; else { ok++; if (names.length < 2000 && ok % 50 === 0) names.push(r.name); } });
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    const t0 = Date.now();
    for await (const line of readline.createInterface({ input: fs.createReadStream(positional[0]) })) {
      if (!line.trim()) continue;
      if (sent >= limit) break;
      if (!stream.write({ event: JSON.parse(line), requestId: `verify-${sent}` })) {
        await new Promise((r) => stream.once('drain', r));
      }
      sent++;
    }
    stream.end();
    await done;
    if (opt('names-out')) fs.writeFileSync(opt('names-out'), names.join('\n'));
    console.log(JSON.stringify({ sent, ok, bad, seconds: (Date.now() - t0) / 1000 }));
  } else if (cmd === 'get-many') {
    const pkg = load(['dateline/v1/query_service.proto'], [PROTO_DIR]);
    const client = new pkg.dateline.v1.QueryService(addr, creds, channelOptions);
    const names = fs.readFileSync(positional[0], 'utf8').split('\n').filter(Boolean);
    let ok = 0, bad = 0;
    const conc = Number(opt('concurrency', '64'));
    for (let r = 0; r < Number(opt('rounds', '1')); r++) {
      let next = 0;
      const worker = async () => {
        while (next < names.length) {
          const n = names[next++];
          await call(client, 'GetEvent', { name: n }, 10000).then(() => ok++, () => bad++);
        }
      };
      await Promise.all(Array.from({ length: conc }, worker));
    }
    console.log(JSON.stringify({ ok, bad }));
  } else {
    console.error('usage: smoke.mjs health|ingest|get ADDR ...');
    process.exit(2);
  }
  process.exit(0);
} catch (err) {
  fail(err);
}
