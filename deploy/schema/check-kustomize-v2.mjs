// Keeps the kustomizations renderable by kustomize v2.0.3, the kustomize in Debian
// 12's kubectl 1.20 (package kubernetes-client), which is what deploy/verify installs
// on a machine without kubectl. A kubectl with kustomize v4/v5 accepts everything
// v2.0.3 does, so a render with it alone cannot notice a v2 break; this check does,
// statically, on every machine (deploy/verify runs it in the render stage).
//
//   node check-kustomize-v2.mjs K8S_DIR
//
// For every kustomization.yaml under K8S_DIR:
//   - top-level fields only from the set kustomize v2.0.3 knows (it rejects `labels`,
//     `patches`, `components`, `replacements`, ... as unknown fields);
//   - `resources:` entries are files: v2 fails on a directory ("must be a file"),
//     so directory bases go under `bases:`; `kustomize edit` of kustomize v4+ moves
//     `bases:` into `resources:` when it rewrites a file;
//   - generator entries without `options`/`envs` (v3+);
//   - no `commonLabels`: it also writes into selectors, and a StatefulSet's selector
//     is immutable (the environment label is set by patches instead).
// The field sets below were probed with Debian's kubectl 1.20.2.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

const root = process.argv[2];
if (!root) {
  console.error('usage: check-kustomize-v2.mjs K8S_DIR');
  process.exit(2);
}
const TOP = new Set(['apiVersion', 'kind', 'namePrefix', 'nameSuffix', 'namespace', 'commonAnnotations',
  'resources', 'bases', 'patchesStrategicMerge', 'patchesJson6902', 'configMapGenerator', 'secretGenerator',
  'generatorOptions', 'vars', 'images', 'crds', 'configurations']);
const GENERATOR = new Set(['name', 'namespace', 'behavior', 'literals', 'files', 'env', 'type']);

const problems = [];
let n = 0;
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name === 'kustomization.yaml' || e.name === 'kustomization.yml' || e.name === 'Kustomization') check(p);
  }
};
function check(file) {
  n++;
  const rel = path.relative(root, file);
  const dir = path.dirname(file);
  const k = YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
  for (const key of Object.keys(k)) {
    if (key === 'commonLabels') problems.push(`${rel}: commonLabels also labels selectors (immutable on the StatefulSet); set labels with a patch`);
    else if (!TOP.has(key)) problems.push(`${rel}: field '${key}' is not one kustomize v2.0.3 and v5 both render (see the list in this file)`);
  }
  for (const r of k.resources ?? []) {
    const p = path.resolve(dir, String(r));
    if (!fs.existsSync(p) || !fs.statSync(p).isFile()) {
      problems.push(`${rel}: resources entry '${r}' is not a file (kustomize v2.0.3 takes directories only under bases:)`);
    }
  }
  for (const g of [...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])]) {
    for (const key of Object.keys(g ?? {})) {
      if (!GENERATOR.has(key)) problems.push(`${rel}: generator ${g.name}: field '${key}' is unknown to kustomize v2.0.3`);
    }
  }
  for (const p of k.patchesStrategicMerge ?? []) {
    if (typeof p !== 'string' || !fs.existsSync(path.resolve(dir, p))) {
      problems.push(`${rel}: patchesStrategicMerge entries must be files (kustomize v2.0.3)`);
    }
  }
}
walk(root);
if (n === 0) problems.push(`no kustomization.yaml under ${root}`);
if (problems.length) {
  for (const p of problems) console.error(`kustomize-v2: ${p}`);
  process.exit(1);
}
console.log(`kustomize-v2: ${n} kustomizations use only what kustomize v2.0.3 (kubectl 1.20) renders`);
