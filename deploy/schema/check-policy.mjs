// Pod security and platform rules on a rendered overlay (deploy/verify runs it on
// prod and dev). Checks, for every pod template:
//  restricted Pod Security Standard: runAsNonRoot true, runAsUser != 0 (pod or every
//  container), seccompProfile RuntimeDefault/Localhost, every container with
//  allowPrivilegeEscalation false, capabilities drop ALL (add at most
//  NET_BIND_SERVICE), not privileged, no host namespaces/ports, only the allowed
//  volume types;
//  ours: readOnlyRootFilesystem true; writable mounts only on declared volumes (PVC
//  or emptyDir); gRPC startup/readiness/liveness probes; memory requests+limits and
//  cpu requests; no service-account token.
// Also: the namespace enforces `restricted`, the PodDisruptionBudget cannot block a
// drain, the NetworkPolicy admits only writer-labelled pods to the ingest port, and
// every selector of the pods is exactly SELECTOR below: a StatefulSet's selector is
// immutable, so no environment, part-of or version label may ever get into it (as
// kustomize's commonLabels would do).
//
//   node check-policy.mjs rendered.yaml
import fs from 'node:fs';
import YAML from 'yaml';

const file = process.argv[2];
const objs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter(Boolean);
const errors = [];
let checks = 0;
const expect = (cond, msg) => { checks++; if (!cond) errors.push(msg); };

const SELECTOR = { 'app.kubernetes.io/name': 'dateline', 'app.kubernetes.io/instance': 'dateline' };
const sameLabels = (a, b) => JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b).sort());
const ALLOWED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const podTemplates = [];
for (const o of objs) {
  const where = `${o.kind}/${o.metadata?.name}`;
  if (o.kind === 'Pod') podTemplates.push({ where, owner: o, spec: o.spec, claims: [] });
  else if (o.spec?.template?.spec) {
    podTemplates.push({ where, owner: o, spec: o.spec.template.spec, claims: (o.spec.volumeClaimTemplates ?? []).map((c) => c.metadata?.name) });
  }
}
expect(podTemplates.length > 0, `${file}: no pod templates rendered`);

for (const { where, owner, spec, claims } of podTemplates) {
  const psc = spec.securityContext ?? {};
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) expect(!spec[f], `${where}: ${f} must not be set`);
  expect(spec.automountServiceAccountToken === false, `${where}: automountServiceAccountToken must be false`);
  expect(Number.isInteger(spec.terminationGracePeriodSeconds) && spec.terminationGracePeriodSeconds > 0,
    `${where}: terminationGracePeriodSeconds must be set`);
  const volumes = Object.fromEntries((spec.volumes ?? []).map((v) => [v.name, v]));
  for (const v of spec.volumes ?? []) {
    const types = Object.keys(v).filter((k) => k !== 'name');
    expect(types.every((t) => ALLOWED_VOLUMES.includes(t)), `${where}: volume ${v.name} type ${types} not allowed by restricted`);
  }
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  const graceNeeded = [];
  for (const c of containers) {
    const w = `${where} container ${c.name}`;
    const sc = c.securityContext ?? {};
    const eff = (k) => (sc[k] !== undefined ? sc[k] : psc[k]);
    expect(eff('runAsNonRoot') === true, `${w}: runAsNonRoot must be true`);
    expect(Number.isInteger(eff('runAsUser')) && eff('runAsUser') !== 0, `${w}: runAsUser must be a non-zero uid`);
    const seccomp = eff('seccompProfile')?.type;
    expect(seccomp === 'RuntimeDefault' || seccomp === 'Localhost', `${w}: seccompProfile must be RuntimeDefault (got ${seccomp})`);
    expect(sc.allowPrivilegeEscalation === false, `${w}: allowPrivilegeEscalation must be false`);
    expect(sc.privileged !== true, `${w}: must not be privileged`);
    expect((sc.capabilities?.drop ?? []).includes('ALL'), `${w}: capabilities.drop must include ALL`);
    expect((sc.capabilities?.add ?? []).every((a) => a === 'NET_BIND_SERVICE'), `${w}: only NET_BIND_SERVICE may be added`);
    expect(sc.readOnlyRootFilesystem === true, `${w}: readOnlyRootFilesystem must be true`);
    expect(!(sc.procMount && sc.procMount !== 'Default'), `${w}: procMount must be Default`);
    for (const p of c.ports ?? []) expect(!p.hostPort, `${w}: hostPort not allowed`);
    for (const m of c.volumeMounts ?? []) {
      const v = volumes[m.name];
      expect(v !== undefined || claims.includes(m.name), `${w}: mount ${m.name} has no volume`);
      if (v && !m.readOnly) {
        expect(v.emptyDir !== undefined || v.persistentVolumeClaim !== undefined || v.ephemeral !== undefined,
          `${w}: writable mount ${m.name} must be an emptyDir or a claim`);
      }
    }
    if (!(spec.initContainers ?? []).includes(c)) {
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        expect(Number.isInteger(c[probe]?.grpc?.port), `${w}: ${probe} must be a native gRPC probe`);
      }
      const r = c.resources ?? {};
      expect(r.requests?.memory && r.limits?.memory, `${w}: memory request and limit required`);
      expect(r.requests?.cpu, `${w}: cpu request required`);
      const sleep = c.lifecycle?.preStop?.sleep?.seconds ?? 0;
      graceNeeded.push(sleep);
    }
  }
  expect(Math.max(0, ...graceNeeded) < (spec.terminationGracePeriodSeconds ?? 30),
    `${where}: preStop sleep must be shorter than terminationGracePeriodSeconds`);
  if (owner.kind === 'StatefulSet') {
    expect(owner.spec.replicas === 1, `${where}: the single writer must have replicas: 1`);
  }
}
for (const o of objs) {
  const where = `${o.kind}/${o.metadata?.name}`;
  let sel;
  if (o.kind === 'StatefulSet' || o.kind === 'PodDisruptionBudget') sel = o.spec?.selector?.matchLabels;
  else if (o.kind === 'Service') sel = o.spec?.selector;
  else if (o.kind === 'NetworkPolicy') sel = o.spec?.podSelector?.matchLabels;
  else continue;
  expect(sameLabels(sel, SELECTOR),
    `${where}: selector must be exactly ${JSON.stringify(SELECTOR)} (immutable on the StatefulSet), got ${JSON.stringify(sel)}`);
}

const ns = objs.filter((o) => o.kind === 'Namespace');
expect(ns.length === 1 && ns[0].metadata?.labels?.['pod-security.kubernetes.io/enforce'] === 'restricted',
  'Namespace must exist and enforce pod-security restricted');
for (const pdb of objs.filter((o) => o.kind === 'PodDisruptionBudget')) {
  const s = pdb.spec ?? {};
  const blocks = s.minAvailable !== undefined ? !(s.minAvailable === 0 || s.minAvailable === '0%')
    : !(s.maxUnavailable === undefined ? false : (s.maxUnavailable !== 0 && s.maxUnavailable !== '0%'));
  expect(!blocks, `PodDisruptionBudget/${pdb.metadata?.name}: would block node drains of a single replica`);
}
expect(objs.some((o) => o.kind === 'PodDisruptionBudget'), 'a PodDisruptionBudget is required');
const nps = objs.filter((o) => o.kind === 'NetworkPolicy');
expect(nps.length > 0, 'a NetworkPolicy is required');
for (const np of nps) {
  for (const rule of np.spec?.ingress ?? []) {
    if ((rule.ports ?? []).some((p) => p.port === 50051 || p.port === 'grpc-ingest')) {
      expect((rule.from ?? []).length > 0 && rule.from.every((f) => f.podSelector?.matchLabels?.['dateline.io/writer'] === 'true'),
        `NetworkPolicy/${np.metadata?.name}: the ingest port must admit only dateline.io/writer=true pods`);
    }
  }
}

if (errors.length) {
  for (const e of errors) console.error(`policy: ${e}`);
  console.error(`policy: FAILED ${errors.length} of ${checks} checks on ${file}`);
  process.exit(1);
}
console.log(`policy: ${checks} checks OK on ${file}`);
