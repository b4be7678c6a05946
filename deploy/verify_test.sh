#!/usr/bin/env bash
# Proves that deploy/verify rejects bad manifests: runs its manifest stages on
# copies of deploy/k8s, one clean and one per injected fault, and asserts that the
# clean copy passes and each faulty copy fails in the expected stage with the
# expected message.
#   - livenessProbe.grpcc (misspelled field)          -> schema stage
#   - replicas: "two" (wrong type)                    -> schema stage
#   - allowPrivilegeEscalation: true (restricted PSS) -> policy stage
set -uo pipefail
DEPLOY=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/dateline-verify-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
passed=0 failed=0

# copy NAME: a fresh copy of deploy/k8s at $WORK/NAME, printed.
copy() { cp -r "$DEPLOY/k8s" "$WORK/$1"; echo "$WORK/$1"; }

# expect NAME pass|fail [STAGE_MESSAGE] [DETAIL_MESSAGE]
expect() {
  local name=$1 want=$2 stage_msg=${3:-} detail=${4:-} out rc
  out=$("$DEPLOY/verify" --k8s-dir "$WORK/$name" 2>&1); rc=$?
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

# 1. the manifests as committed pass
copy clean >/dev/null
expect clean pass

# 2. misspelled field: the liveness probe's `grpc:` becomes `grpcc:`
d=$(copy grpcc)
awk '/livenessProbe:/ && !done {print; getline; sub(/grpc:/, "grpcc:"); done=1} {print}' \
  "$d/base/statefulset.yaml" >"$d/s.yaml" && mv "$d/s.yaml" "$d/base/statefulset.yaml"
grep -q 'grpcc:' "$d/base/statefulset.yaml" || { echo "not ok - could not inject grpcc"; exit 1; }
expect grpcc fail "FAIL: schema validation" "'\"grpcc\"' does not exist in type 'Probe'"

# 3. wrong type: replicas: "two"
d=$(copy replicas)
sed -i 's/^  replicas: 1$/  replicas: "two"/' "$d/base/statefulset.yaml"
grep -q 'replicas: "two"' "$d/base/statefulset.yaml" || { echo "not ok - could not inject replicas"; exit 1; }
expect replicas fail "FAIL: schema validation" "Type 'string' is not assignable to type 'number'"

# 4. a restricted-PSS violation that is schema-valid: caught by the policy stage
d=$(copy privesc)
sed -i '0,/allowPrivilegeEscalation: false/s//allowPrivilegeEscalation: true/' "$d/base/statefulset.yaml"
expect privesc fail "FAIL: policy checks" "allowPrivilegeEscalation must be false"

echo "deploy_verify_test: $passed passed, $failed failed"
[ "$failed" = 0 ]
