#!/usr/bin/env bash
# Proves that deploy/verify rejects bad manifests: runs its manifest stages on
# copies of deploy/k8s, one clean and one per injected fault, and asserts that the
# clean copy passes and each faulty copy fails in the expected stage with the
# expected message.
#   - livenessProbe.grpcc (misspelled field)          -> schema stage
#   - replicas: "two" (wrong type)                    -> schema stage
#   - allowPrivilegeEscalation: true (restricted PSS) -> policy stage
#   - the environment label patched into the StatefulSet selector (immutable)
#                                                     -> policy stage
#   - the replication port opened to every pod        -> policy stage
#   - replicas set on the query Deployment (the HPA owns it) -> policy stage
#   - a query liveness probe on the overall health (a lagging replica would be
#     restarted instead of taken out of the Service)  -> policy stage
#   - the ingest's probes on its main port, which serves TLS in prod (kubelet gRPC
#     probes cannot do TLS)                           -> policy stage
#   - the backup CronJob's pods without dateline.io/writer (the ingest's
#     NetworkPolicy would drop them)                  -> policy stage
#   - the backup CronJob writing outside the ingest's DATELINE_BACKUP_ROOT
#                                                     -> policy stage
#   - a Secret with a private key in the prod overlay -> policy stage
#   - a kustomization kustomize v2.0.3 (Debian 12's kubectl 1.20) cannot render:
#     the base under resources: (what `kustomize edit` writes), a labels: field
#                                                     -> render stage (static check)
#   - kubectl printing a warning other than the two known kustomize deprecation
#     notices                                         -> render stage
#   - a second kubectl (DATELINE_KUBECTL_ALT) rendering different objects
#                                                     -> render stage
# The kubectl stand-ins for the last two wrap the real kubectl (nothing is
# downloaded). With DATELINE_KUBECTL_ALT set (e.g. to Debian 12's kubectl 1.20), the
# clean copy is also rendered and compared with that second kubectl.
set -uo pipefail
DEPLOY=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/dateline-verify-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
passed=0 failed=0

# copy NAME: a fresh copy of deploy/k8s at $WORK/NAME, printed.
copy() { cp -r "$DEPLOY/k8s" "$WORK/$1"; echo "$WORK/$1"; }

# expect NAME pass|fail [STAGE_MESSAGE] [DETAIL_MESSAGE]; verify runs with the
# environment assignments in run_env added.
run_env=()
expect() {
  local name=$1 want=$2 stage_msg=${3:-} detail=${4:-} out rc
  out=$(env "${run_env[@]}" "$DEPLOY/verify" --k8s-dir "$WORK/$name" 2>&1); rc=$?
  local ok=1
  if [ "$want" = pass ]; then
    [ $rc = 0 ] || ok=0
  else
    [ $rc != 0 ] || ok=0
    [ -z "$stage_msg" ] || grep -qF -- "$stage_msg" <<<"$out" || ok=0
    [ -z "$detail" ] || grep -qF -- "$detail" <<<"$out" || ok=0
  fi
  if [ $ok = 1 ]; then
    passed=$((passed + 1)); echo "ok - $name: verify ${want}ed as expected"
  else
    failed=$((failed + 1)); echo "not ok - $name: want $want ($stage_msg / $detail), got exit $rc"
    sed 's/^/    | /' <<<"$out" | tail -25
  fi
}

# 1. the manifests as committed pass (and, with DATELINE_KUBECTL_ALT, render the
#    same objects with both kubectls)
copy clean >/dev/null
expect clean pass
[ -n "${DATELINE_KUBECTL_ALT:-}" ] || echo "# clean: no second kubectl compared (DATELINE_KUBECTL_ALT unset)"

# 2. misspelled field: the liveness probe's `grpc:` becomes `grpcc:`
d=$(copy grpcc)
awk '/livenessProbe:/ && !done {print; getline; sub(/grpc:/, "grpcc:"); done=1} {print}' \
  "$d/base/ingest-statefulset.yaml" >"$d/s.yaml" && mv "$d/s.yaml" "$d/base/ingest-statefulset.yaml"
grep -q 'grpcc:' "$d/base/ingest-statefulset.yaml" || { echo "not ok - could not inject grpcc"; exit 1; }
expect grpcc fail "FAIL: schema validation" "'\"grpcc\"' does not exist in type 'Probe'"

# 3. wrong type: replicas: "two"
d=$(copy replicas)
sed -i 's/^  replicas: 1$/  replicas: "two"/' "$d/base/ingest-statefulset.yaml"
grep -q 'replicas: "two"' "$d/base/ingest-statefulset.yaml" || { echo "not ok - could not inject replicas"; exit 1; }
expect replicas fail "FAIL: schema validation" "Type 'string' is not assignable to type 'number'"

# 4. a restricted-PSS violation that is schema-valid: caught by the policy stage
d=$(copy privesc)
sed -i '0,/allowPrivilegeEscalation: false/s//allowPrivilegeEscalation: true/' "$d/base/ingest-statefulset.yaml"
expect privesc fail "FAIL: policy checks" "allowPrivilegeEscalation must be false"

# 5. an overlay patches its environment label into the StatefulSet's selector
d=$(copy selector)
awk '{print} /^spec:$/ && !done {print "  selector:\n    matchLabels:\n      dateline.io/environment: dev"; done=1}' \
  "$d/overlays/dev/statefulset-patch.yaml" >"$d/p.yaml" && mv "$d/p.yaml" "$d/overlays/dev/statefulset-patch.yaml"
expect selector fail "FAIL: policy checks" "StatefulSet/dateline: selector must be exactly"

# 5b. the replication port opened to every pod of the namespace
d=$(copy repl-open)
perl -0pi -e 's/- podSelector:\n *matchLabels:\n *app.kubernetes.io\/name: dateline-query\n *app.kubernetes.io\/instance: dateline\n/- podSelector: {}\n/' \
  "$d/base/ingest-networkpolicy.yaml"
grep -q 'podSelector: {}' "$d/base/ingest-networkpolicy.yaml" || { echo "not ok - could not open the replication port"; exit 1; }
expect repl-open fail "FAIL: policy checks" "the replication port must admit only the query pods"

# 5c. replicas on the Deployment, which the HPA owns
d=$(copy deploy-replicas)
sed -i 's/^  revisionHistoryLimit: 5$/  replicas: 3\n  revisionHistoryLimit: 5/' "$d/base/query-deployment.yaml"
grep -q '^  replicas: 3$' "$d/base/query-deployment.yaml" || { echo "not ok - could not inject replicas"; exit 1; }
expect deploy-replicas fail "FAIL: policy checks" "replicas belongs to the HPA"

# 5d. the query's liveness probe on the overall health service
d=$(copy liveness)
sed -i '/^              service: liveness$/d' "$d/base/query-deployment.yaml"
grep -q 'service: liveness' "$d/base/query-deployment.yaml" && { echo "not ok - could not drop the liveness service"; exit 1; }
expect liveness fail "FAIL: policy checks" 'Deployment/dateline-query container query: livenessProbe must ask the health service "liveness"'

# 5e. the ingest probed on 50051, which serves TLS in prod: dev (plaintext) would
#     pass, prod must not
d=$(copy tls-probes)
sed -i 's/^              port: 8081$/              port: 50051/' "$d/base/ingest-statefulset.yaml"
grep -q '^              port: 50051$' "$d/base/ingest-statefulset.yaml" || { echo "not ok - could not move the probes"; exit 1; }
expect tls-probes fail "FAIL: policy checks on prod" \
  "StatefulSet/dateline container ingest: startupProbe must use the plaintext health port 8081"

# 5f. the backup CronJob's pods not labelled as writers
d=$(copy backup-label)
sed -i '/^            dateline.io\/writer: "true"$/d' "$d/overlays/prod/backup-cronjob.yaml"
grep -q '^ *dateline.io/writer: "true"$' "$d/overlays/prod/backup-cronjob.yaml" && { echo "not ok - could not drop the writer label"; exit 1; }
expect backup-label fail "FAIL: policy checks on prod" 'its pods need the label dateline.io/writer: "true"'

# 5g. the backup written outside the ingest's backup root (the ingest would refuse)
d=$(copy backup-root)
sed -i 's|--to=/backup/dateline|--to=/var/lib/dateline/backup|' "$d/overlays/prod/backup-cronjob.yaml"
grep -q -- '--to=/var/lib/dateline/backup' "$d/overlays/prod/backup-cronjob.yaml" || { echo "not ok - could not move --to"; exit 1; }
expect backup-root fail "FAIL: policy checks on prod" "must be below the ingest's DATELINE_BACKUP_ROOT=/backup"

# 5h. key material committed: a Secret with a private key in the prod overlay
d=$(copy secret-key)
printf 'secretGenerator:\n  - name: dateline-ingest-tls\n    literals:\n      - tls.key=-----BEGIN PRIVATE KEY-----\n' \
  >>"$d/overlays/prod/kustomization.yaml"
expect secret-key fail "FAIL: policy checks on prod" "private keys must not be part of the manifests"

# 6. what `kustomize edit` (kustomize v4+) makes of an overlay: bases moved into
#    resources; and a `labels:` field. Both render with kustomize v5, not with v2.0.3.
d=$(copy kustomize-edit)
awk '/^bases:$/ {skip=1; next} skip && /^  - / {base=$0; next} {skip=0; print} /^resources:$/ {print base}' \
  "$DEPLOY/k8s/overlays/prod/kustomization.yaml" >"$d/overlays/prod/kustomization.yaml"
if ! grep -q '^  - \.\./\.\./base$' "$d/overlays/prod/kustomization.yaml" || grep -q '^bases:' "$d/overlays/prod/kustomization.yaml"; then
  echo "not ok - could not move the base into resources"; exit 1
fi
expect kustomize-edit fail "not renderable by kustomize v2.0.3" "resources entry '../../base' is not a file"
d=$(copy labels-field)
printf 'labels:\n  - pairs:\n      team: dateline\n' >>"$d/overlays/dev/kustomization.yaml"
expect labels-field fail "not renderable by kustomize v2.0.3" "field 'labels' is not one kustomize v2.0.3"

# fake_kubectl DIR SED_SCRIPT [STDERR_LINE]: DIR/kubectl runs the real kubectl; the
# output of `kubectl kustomize` goes through SED_SCRIPT, STDERR_LINE goes to stderr.
REAL_KUBECTL=$(command -v kubectl) || { echo "not ok - no kubectl after verify ran"; exit 1; }
fake_kubectl() {
  mkdir -p "$1"
  # shellcheck disable=SC2016  # $1 and $@ belong to the generated script
  {
    echo '#!/usr/bin/env bash'
    echo 'set -o pipefail'
    printf 'if [ "$1" = kustomize ]; then\n'
    printf '  %q "$@" | sed -e %q || exit\n' "$REAL_KUBECTL" "$2"
    [ -z "${3:-}" ] || printf '  echo %q >&2\n' "$3"
    printf '  exit 0\nfi\n'
    printf 'exec %q "$@"\n' "$REAL_KUBECTL"
  } >"$1/kubectl"
  chmod +x "$1/kubectl"
}

# 7. kubectl prints another warning (here: kustomize v5's notice for commonLabels, a
#    field the manifests must not use: it would put labels into selectors)
copy warning >/dev/null
fake_kubectl "$WORK/bin-warning" '' \
  "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically."
run_env=("PATH=$WORK/bin-warning:$PATH")
expect warning fail "printed warnings" "'commonLabels' is deprecated"

# 8. a second kubectl that renders a different volume size
copy alt-differs >/dev/null
fake_kubectl "$WORK/bin-alt" 's/storage: 50Gi/storage: 40Gi/'
run_env=("DATELINE_KUBECTL_ALT=$WORK/bin-alt/kubectl")
expect alt-differs fail "renders differently" \
  '.spec.volumeClaimTemplates[0].spec.resources.requests.storage: "50Gi" vs "40Gi"'
run_env=()

echo "deploy_verify_test: $passed passed, $failed failed"
[ "$failed" = 0 ]
