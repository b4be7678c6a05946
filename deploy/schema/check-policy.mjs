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
//  requests+limits and cpu requests; no service-account token. Pod templates of
//  Jobs and CronJobs are held to the same rules except the probes and preStop (a
//  run-to-completion pod has neither).
// TLS: a server with DATELINE_TLS_CERT has DATELINE_TLS_KEY, a plaintext health
// port (DATELINE_HEALTH_LISTEN, a containerPort) and all its probes on that port
// (kubelet's gRPC probes cannot do TLS); allow-lists need DATELINE_TLS_CLIENT_CA;
// every certificate/key file lies on a read-only Secret (or projected/CSI) mount;
// the replicas and the datelinectl jobs speak TLS to the ingest exactly when it
// serves TLS, with a client certificate exactly when it requires one; no rendered
// Secret carries a private key.
// Backups: a CronJob running `datelinectl backup` is concurrencyPolicy Forbid with a
// deadline, its pods are writer-labelled (the NetworkPolicy), match no workload
// selector, reach the ingest Service's write port, and back up below the ingest's
// DATELINE_BACKUP_ROOT, which is a PVC of its own (not the store's volume).
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
import path from 'node:path';
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
const BATCH = ['Job', 'CronJob'];
const podTemplates = [];
for (const o of objs) {
  const where = `${o.kind}/${o.metadata?.name}`;
  if (o.kind === 'Pod') podTemplates.push({ where, owner: o, spec: o.spec, labels: o.metadata?.labels ?? {}, claims: [] });
  else if (o.kind === 'CronJob') {
    const t = o.spec?.jobTemplate?.spec?.template;
    podTemplates.push({ where, owner: o, spec: t?.spec ?? {}, labels: t?.metadata?.labels ?? {}, claims: [], batch: true });
  } else if (o.spec?.template?.spec) {
    podTemplates.push({ where, owner: o, spec: o.spec.template.spec, labels: o.spec.template.metadata?.labels ?? {},
      claims: (o.spec.volumeClaimTemplates ?? []).map((c) => c.metadata?.name), batch: BATCH.includes(o.kind) });
  }
}
expect(podTemplates.length > 0, `${file}: no pod templates rendered`);

for (const { where, owner, spec, claims, batch } of podTemplates) {
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
      for (const probe of batch ? [] : ['startupProbe', 'readinessProbe', 'livenessProbe']) {
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
  if (batch) {
    expect(spec.restartPolicy === 'Never' || spec.restartPolicy === 'OnFailure',
      `${where}: restartPolicy must be Never or OnFailure`);
  }
  for (const c of batch ? [] : spec.containers ?? []) {
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

// ---------------------------------------------------------------- TLS and backups
// setting(c, flag): what the binary in container c sees for --flag: a `--flag=V`
// argument, else DATELINE_<FLAG> from env, else from an envFrom ConfigMap.
const configMaps = Object.fromEntries(objs.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata?.name, o.data ?? {}]));
const setting = (c, flag) => {
  for (const a of [...(c.command ?? []), ...(c.args ?? [])]) {
    if (typeof a === 'string' && a.startsWith(`--${flag}=`)) return a.slice(flag.length + 3);
  }
  const name = `DATELINE_${flag.toUpperCase()}`;
  const e = (c.env ?? []).find((x) => x.name === name);
  if (e) return e.value;
  for (const f of c.envFrom ?? []) {
    const v = configMaps[f.configMapRef?.name]?.[name];
    if (v !== undefined) return v;
  }
  return undefined;
};
const portOf = (hostPort) => { const m = /:(\d+)$/.exec(hostPort ?? ''); return m ? Number(m[1]) : undefined; };
const inside = (file, dir) => dir === '/' || file === dir || file.startsWith(`${dir.replace(/\/+$/, '')}/`);
// The mount of container c holding `file` (the deepest one).
const mountOf = (c, file) => (c.volumeMounts ?? []).filter((m) => inside(file, m.mountPath))
  .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
const TLS_FILES = ['tls_cert', 'tls_key', 'tls_client_ca', 'upstream_cacert', 'upstream_cert', 'upstream_key', 'cacert', 'cert', 'key'];
const PROBES = ['startupProbe', 'readinessProbe', 'livenessProbe'];
const ingestC = (sts[0]?.spec?.template?.spec?.containers ?? [])[0];
const ingestSvcName = objs.find((o) => o.kind === 'Service' && sameLabels(o.spec?.selector, INGEST))?.metadata?.name;
const ingestTls = ingestC !== undefined && !!setting(ingestC, 'tls_cert');
const ingestMtls = ingestC !== undefined && !!setting(ingestC, 'tls_client_ca');
// A client of the ingest (replica: prefix 'upstream_'; datelinectl: ''): TLS exactly
// when the ingest serves TLS, a client certificate when the ingest requires one.
const clientOfIngest = (w, c, prefix, vars) => {
  const tls = ['cacert', 'cert', 'key'].some((f) => setting(c, prefix + f));
  if (ingestTls) {
    expect(tls && setting(c, `${prefix}cacert`), `${w}: the ingest serves TLS: set ${vars}CACERT (its CA)`);
  } else {
    expect(!tls, `${w}: speaks TLS to an ingest that serves plaintext (${vars}* set, the ingest has no DATELINE_TLS_CERT)`);
  }
  if (ingestMtls) {
    expect(setting(c, `${prefix}cert`) && setting(c, `${prefix}key`),
      `${w}: the ingest requires client certificates (DATELINE_TLS_CLIENT_CA): set ${vars}CERT and ${vars}KEY`);
  }
};
for (const { where, owner, spec, labels, batch } of podTemplates) {
  const volumes = Object.fromEntries((spec.volumes ?? []).map((v) => [v.name, v]));
  for (const c of spec.containers ?? []) {
    const w = `${where} container ${c.name}`;
    // Certificates and keys come from Secrets, mounted read-only.
    for (const f of TLS_FILES) {
      const file = setting(c, f);
      if (!file) continue;
      const m = mountOf(c, file);
      const v = m && volumes[m.name];
      expect(m?.readOnly === true && v && (v.secret || v.projected || v.csi),
        `${w}: DATELINE_${f.toUpperCase()}=${file} must be on a read-only Secret (or projected/CSI) mount`);
    }
    if (batch) continue;
    const cert = setting(c, 'tls_cert');
    expect(!cert === !setting(c, 'tls_key'), `${w}: DATELINE_TLS_CERT and DATELINE_TLS_KEY go together`);
    expect(!setting(c, 'tls_client_ca') || cert, `${w}: DATELINE_TLS_CLIENT_CA needs DATELINE_TLS_CERT and DATELINE_TLS_KEY`);
    for (const f of ['allowed_writers', 'allowed_replicas']) {
      expect(!setting(c, f) || setting(c, 'tls_client_ca'),
        `${w}: DATELINE_${f.toUpperCase()} needs client certificates (DATELINE_TLS_CLIENT_CA); the ingest refuses to start without`);
    }
    if (cert) {
      // kubelet's gRPC probes cannot do TLS: they must ask the plaintext health port.
      const hp = portOf(setting(c, 'health_listen'));
      expect(hp !== undefined, `${w}: serves TLS, so it needs the plaintext health port DATELINE_HEALTH_LISTEN for its probes`);
      expect(hp === undefined || (c.ports ?? []).some((p) => p.containerPort === hp),
        `${w}: the health port ${hp} must be a containerPort`);
      for (const probe of PROBES) {
        expect(c[probe]?.grpc?.port === hp,
          `${w}: ${probe} must use the plaintext health port ${hp} (the other ports serve TLS, which kubelet gRPC probes cannot do), got ${c[probe]?.grpc?.port}`);
      }
    }
    if (owner.kind === 'Deployment' && setting(c, 'replicate_from')) clientOfIngest(w, c, 'upstream_', 'DATELINE_UPSTREAM_');
  }
  if (owner.kind === 'StatefulSet' && ingestC) {
    // Backups must outlive the store's volume: a claim of their own.
    const root = setting(ingestC, 'backup_root');
    const db = setting(ingestC, 'db') ?? '';
    if (root) {
      const m = mountOf(ingestC, root);
      const v = m && volumes[m.name];
      expect(m && !m.readOnly && v?.persistentVolumeClaim && m.name !== mountOf(ingestC, db)?.name,
        `${where}: DATELINE_BACKUP_ROOT=${root} must be on a writable PersistentVolumeClaim volume of its own (not the store's ${mountOf(ingestC, db)?.name ?? 'volume'}, not an emptyDir)`);
      const claim = v?.persistentVolumeClaim?.claimName;
      expect(!claim || objs.some((o) => o.kind === 'PersistentVolumeClaim' && o.metadata?.name === claim),
        `${where}: the backup volume's claim ${claim} is not rendered`);
    }
  }
  if (!batch) continue;
  expect(!matches(INGEST, labels) && !matches(QUERY, labels),
    `${where}: its pods must not carry the workloads' selector labels (Services, PDBs and NetworkPolicies would pick them up)`);
  for (const c of spec.containers ?? []) {
    const w = `${where} container ${c.name}`;
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    if (!String(argv[0] ?? '').endsWith('datelinectl')) continue;
    const sub = argv.slice(1).find((a) => !String(a).startsWith('-'));
    if (!['backup', 'import'].includes(sub)) continue;
    expect(setting(c, 'ingest') === `${ingestSvcName}:${WRITE_PORT}`,
      `${w}: datelinectl ${sub} must reach the ingest Service's write port ${ingestSvcName}:${WRITE_PORT} (DATELINE_INGEST), got ${setting(c, 'ingest')}`);
    expect(labels['dateline.io/writer'] === 'true',
      `${w}: datelinectl ${sub} calls the write port: its pods need the label dateline.io/writer: "true" (the ingest's NetworkPolicy)`);
    clientOfIngest(w, c, '', 'DATELINE_');
    if (sub !== 'backup') continue;
    const root = ingestC && setting(ingestC, 'backup_root');
    const to = setting(c, 'to');
    expect(root, `${w}: datelinectl backup, but the ingest has no DATELINE_BACKUP_ROOT (backups are off)`);
    const dir = to && root ? path.posix.resolve(root, to) : undefined;
    expect(dir && dir !== path.posix.resolve(root) && inside(dir, path.posix.resolve(root)),
      `${w}: datelinectl backup --to=${to} must be below the ingest's DATELINE_BACKUP_ROOT=${root}`);
    if (owner.kind === 'CronJob') {
      const js = owner.spec?.jobTemplate?.spec ?? {};
      expect(owner.spec?.concurrencyPolicy === 'Forbid', `${where}: concurrencyPolicy must be Forbid (one backup at a time)`);
      expect(Number.isInteger(js.activeDeadlineSeconds) && js.activeDeadlineSeconds > 0, `${where}: jobTemplate needs activeDeadlineSeconds`);
      expect(Number.isInteger(js.backoffLimit), `${where}: jobTemplate needs backoffLimit`);
    }
  }
}
// Key material never comes with the manifests.
for (const sec of objs.filter((o) => o.kind === 'Secret')) {
  const values = [...Object.values(sec.data ?? {}).map((v) => Buffer.from(String(v), 'base64').toString('latin1')),
    ...Object.values(sec.stringData ?? {}).map(String)];
  expect(!values.some((v) => v.includes('PRIVATE KEY')) && !('tls.key' in (sec.data ?? {})) && !('tls.key' in (sec.stringData ?? {})),
    `Secret/${sec.metadata?.name}: private keys must not be part of the manifests (cert-manager or the operator creates the Secret)`);
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
