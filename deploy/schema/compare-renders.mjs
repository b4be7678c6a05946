// Compares two renders of the same kustomization (deploy/verify runs it when a
// second kubectl is given with DATELINE_KUBECTL_ALT, e.g. Debian 12's kubectl 1.20
// with kustomize v2.0.3 next to a kubectl with kustomize v5).
//
//   node compare-renders.mjs A.yaml B.yaml
//
// The renders must hold the same objects (by apiVersion, kind, namespace, name) with
// the same content, except:
//   - the content-hash suffix of generated ConfigMap/Secret names (each kustomize
//     version hashes differently): `dateline-config-d5db8t8b96` and
//     `dateline-config-9gg4hd26mt` both become `dateline-config-<hash>`, in the
//     object's name and in every reference to it;
//   - empty `metadata.labels: {}` / `metadata.annotations: {}` (kustomize v2 writes
//     `annotations: {}` on a ConfigMap merged by `behavior: merge`), which mean the
//     same as an absent map.
// Everything else (labels, selectors, order of list items) must be identical.
import fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import YAML from 'yaml';

const [fileA, fileB] = process.argv.slice(2);
if (!fileA || !fileB) {
  console.error('usage: compare-renders.mjs A.yaml B.yaml');
  process.exit(2);
}

function load(file) {
  const objs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter(Boolean);
  // Generated names: ConfigMaps/Secrets whose name ends in a 10-character kustomize
  // hash suffix.
  const renames = new Map();
  for (const o of objs) {
    const name = o.metadata?.name ?? '';
    const m = /^(.*)-[a-z0-9]{10}$/.exec(name);
    if ((o.kind === 'ConfigMap' || o.kind === 'Secret') && m) renames.set(name, `${m[1]}-<hash>`);
  }
  const norm = (v) => {
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x)]));
    return typeof v === 'string' && renames.has(v) ? renames.get(v) : v;
  };
  const byKey = new Map();
  for (const o of objs.map(norm)) {
    for (const k of ['labels', 'annotations']) {
      if (o.metadata?.[k] && Object.keys(o.metadata[k]).length === 0) delete o.metadata[k];
    }
    const key = `${o.apiVersion} ${o.kind} ${o.metadata?.namespace ?? '-'}/${o.metadata?.name}`;
    if (byKey.has(key)) throw new Error(`${file}: ${key} twice`);
    byKey.set(key, o);
  }
  return byKey;
}

// First differing paths between a and b (at most `limit`).
function diff(a, b, path, out, limit = 20) {
  if (out.length >= limit || isDeepStrictEqual(a, b)) return;
  const isObj = (x) => x && typeof x === 'object';
  if (isObj(a) && isObj(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) diff(a[k], b[k], `${path}${Array.isArray(a) ? `[${k}]` : `.${k}`}`, out, limit);
    return;
  }
  out.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
}

const a = load(fileA);
const b = load(fileB);
const problems = [];
for (const k of a.keys()) if (!b.has(k)) problems.push(`${k}: only in ${fileA}`);
for (const k of b.keys()) if (!a.has(k)) problems.push(`${k}: only in ${fileB}`);
for (const [k, oa] of a) {
  if (!b.has(k)) continue;
  const out = [];
  diff(oa, b.get(k), '', out);
  for (const d of out) problems.push(`${k} ${d}`);
}
if (problems.length) {
  console.error(`renders differ (${fileA} vs ${fileB}):`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`renders equivalent: ${a.size} objects (generated-name hash suffixes aside)`);
