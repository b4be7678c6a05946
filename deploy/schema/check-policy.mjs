// Pod security and platform rules on a rendered overlay (deploy/verify runs it on
// prod and dev). Checks, for every pod template:
//  restricted Pod Security Standard: runAsNonRoot true, runAsUser != 0 (pod or every
//  container), seccompProfile RuntimeDefault/Localhost, every container with
//  allowPrivilegeEscalation false, capabilities drop ALL (add at most
//  NET_BIND_SERVICE), not privileged, no host namespaces/ports, only the allowed
//  volume types;
//  ours: readOnlyRootFilesystem true; writable mounts only on declared volumes (PVC
//  or emptyDir); gRPC startup/readiness/liveness probes, liveness on the health
//  service "liveness" (a lagging replica is unready, never restarted); memory
//  requests+limits and cpu requests; no service-account token.
// Also: the namespace enforces `restricted`; two workloads, the writer (StatefulSet
// `dateline`, replicas 1) and the readers (Deployment `dateline-query`, replicas left
// to an HPA targeting it, prod at least 3, spread across nodes); every selector is
// exactly INGEST or QUERY below (a workload's selector is immutable, so no
// environment, part-of or version label may ever get into it, as kustomize's
// commonLabels would do) and no selector matches both kinds of pods; no
// PodDisruptionBudget can block a drain; the NetworkPolicies admit only
// writer-labelled pods to the write port and only query pods to the replication
// port; the replicas replicate from the ingest Service's replication port.
//
//   node check-policy.mjs rendered.yaml
import fs from 'node:fs';
import YAML from 'yaml';

const file = process.argv[2];
const objs = YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter(Boolean);
const errors = [];
let checks = 0;
const expect = (cond, msg) => { checks++; if (!cond) errors.push(msg); };

const INGEST = { 'app.kubernetes.io/name': 'dateline', 'app.kubernetes.io/instance': 'dateline' };
const QUERY = { 'app.kubernetes.io/name': 'dateline-query', 'app.kubernetes.io/instance': 'dateline' };
const WRITE_PORT = 50051;
const REPL_PORT = 50061;
const matches = (sel, labels) => Object.entries(sel ?? {}).every(([k, v]) => labels?.[k] === v);
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
  for (const c of spec.containers ?? []) {
    expect(c.livenessProbe?.grpc?.service === 'liveness',
      `${where} container ${c.name}: livenessProbe must ask the health service "liveness" (got ${JSON.stringify(c.livenessProbe?.grpc?.service)})`);
  }
}
const sts = objs.filter((o) => o.kind === 'StatefulSet');
const deps = objs.filter((o) => o.kind === 'Deployment');
expect(sts.length === 1 && sts[0].metadata?.name === 'dateline', 'exactly one StatefulSet, dateline (the writer)');
expect(deps.length === 1 && deps[0].metadata?.name === 'dateline-query', 'exactly one Deployment, dateline-query (the readers)');
const ingestPods = sts[0]?.spec?.template?.metadata?.labels ?? {};
const queryPods = deps[0]?.spec?.template?.metadata?.labels ?? {};
for (const o of objs) {
  const where = `${o.kind}/${o.metadata?.name}`;
  let sel;
  if (o.kind === 'StatefulSet' || o.kind === 'Deployment' || o.kind === 'PodDisruptionBudget') sel = o.spec?.selector?.matchLabels;
  else if (o.kind === 'Service') sel = o.spec?.selector;
  else if (o.kind === 'NetworkPolicy') sel = o.spec?.podSelector?.matchLabels;
  else continue;
  const want = o.kind === 'StatefulSet' ? [INGEST] : o.kind === 'Deployment' ? [QUERY] : [INGEST, QUERY];
  expect(want.some((w) => sameLabels(sel, w)),
    `${where}: selector must be exactly ${want.map((w) => JSON.stringify(w)).join(' or ')} (immutable on the workloads), got ${JSON.stringify(sel)}`);
  expect(!(matches(sel, ingestPods) && matches(sel, queryPods)), `${where}: selector matches both the ingest and the query pods`);
}
for (const d of deps) {
  const hpas = objs.filter((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.kind === 'Deployment'
    && o.spec?.scaleTargetRef?.name === d.metadata?.name);
  expect(hpas.length === 1, `Deployment/${d.metadata?.name}: exactly one HorizontalPodAutoscaler must target it`);
  expect(d.spec?.replicas === undefined, `Deployment/${d.metadata?.name}: replicas belongs to the HPA (an apply would reset it)`);
  for (const h of hpas) {
    const min = h.spec?.minReplicas ?? 1;
    expect(h.spec?.maxReplicas >= min && min >= 1, `HorizontalPodAutoscaler/${h.metadata?.name}: need 1 <= minReplicas <= maxReplicas`);
    expect((h.spec?.metrics ?? []).some((m) => m.resource?.name === 'cpu'), `HorizontalPodAutoscaler/${h.metadata?.name}: must scale on cpu`);
    const env = objs.find((o) => o.kind === 'Namespace')?.metadata?.labels?.['dateline.io/environment'];
    if (env === 'prod') expect(min >= 3, `HorizontalPodAutoscaler/${h.metadata?.name}: prod needs minReplicas >= 3, got ${min}`);
  }
  const ps = d.spec?.template?.spec ?? {};
  const spread = (ps.topologySpreadConstraints ?? []).some((t) => t.topologyKey === 'kubernetes.io/hostname')
    || (ps.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
      .some((t) => t.podAffinityTerm?.topologyKey === 'kubernetes.io/hostname' && matches(t.podAffinityTerm?.labelSelector?.matchLabels, queryPods));
  expect(spread, `Deployment/${d.metadata?.name}: replicas must spread across nodes (topology spread or anti-affinity on kubernetes.io/hostname)`);
  // The replicas must replicate from the ingest Service's replication port.
  const envOf = (c, n) => (c.env ?? []).find((e) => e.name === n)?.value;
  const ingestSvc = objs.find((o) => o.kind === 'Service' && sameLabels(o.spec?.selector, INGEST));
  const replPort = (ingestSvc?.spec?.ports ?? []).find((p) => p.port === REPL_PORT);
  for (const c of ps.containers ?? []) {
    const from = envOf(c, 'DATELINE_REPLICATE_FROM');
    expect(from === `${ingestSvc?.metadata?.name}:${REPL_PORT}` && replPort !== undefined,
      `Deployment/${d.metadata?.name} container ${c.name}: DATELINE_REPLICATE_FROM must be the ingest Service's replication port ${ingestSvc?.metadata?.name}:${REPL_PORT}, got ${from}`);
  }
  for (const c of sts[0]?.spec?.template?.spec?.containers ?? []) {
    const listen = envOf(c, 'DATELINE_REPLICATION_LISTEN') ?? '';
    expect(listen.endsWith(`:${REPL_PORT}`) && (c.ports ?? []).some((p) => p.containerPort === REPL_PORT),
      `StatefulSet container ${c.name}: must serve replication (DATELINE_REPLICATION_LISTEN, containerPort) on ${REPL_PORT}, got '${listen}'`);
  }
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
const admits = (np, sel) => matches(np.spec?.podSelector?.matchLabels, sel);
expect(nps.some((np) => admits(np, INGEST) && (np.spec?.policyTypes ?? []).includes('Ingress')),
  'a NetworkPolicy must govern ingress to the ingest pods');
expect(nps.some((np) => admits(np, QUERY) && (np.spec?.policyTypes ?? []).includes('Egress')),
  'a NetworkPolicy must govern egress of the query pods');
for (const np of nps) {
  for (const rule of np.spec?.ingress ?? []) {
    const ports = (rule.ports ?? []).map((p) => p.port);
    const from = rule.from ?? [];
    if (ports.length === 0 || ports.includes(WRITE_PORT) || ports.includes('grpc-ingest')) {
      if (admits(np, INGEST)) {
        expect(from.length > 0 && from.every((f) => f.podSelector?.matchLabels?.['dateline.io/writer'] === 'true' && !f.namespaceSelector),
          `NetworkPolicy/${np.metadata?.name}: the ingest port must admit only dateline.io/writer=true pods`);
      }
    }
    if (ports.length === 0 || ports.includes(REPL_PORT) || ports.includes('grpc-repl')) {
      if (admits(np, INGEST)) {
        expect(from.length > 0 && from.every((f) => sameLabels(f.podSelector?.matchLabels, QUERY) && !f.namespaceSelector),
          `NetworkPolicy/${np.metadata?.name}: the replication port must admit only the query pods ${JSON.stringify(QUERY)}`);
      }
    }
  }
}

if (errors.length) {
  for (const e of errors) console.error(`policy: ${e}`);
  console.error(`policy: FAILED ${errors.length} of ${checks} checks on ${file}`);
  process.exit(1);
}
console.log(`policy: ${checks} checks OK on ${file}`);
