#!/usr/bin/env bash
# Measures peak RSS (VmHWM) of the two containers under a realistic load: bulk-ingest
# the shared corpus (or its first LIMIT events) into dateline-ingest, let
# dateline-query follow as a secondary, then read a sample of events back. The
# numbers size the requests/limits in deploy/k8s (docs/deploy.md). Needs the images
# (deploy/verify builds them) and the node tools in the cache.
#   deploy/lib/measure-rss.sh [CORPUS.jsonl] [LIMIT]
set -euo pipefail
DEPLOY=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(dirname "$DEPLOY")
CORPUS=${1:-$ROOT/../shared/corpus/portal-2004-2026.jsonl}
LIMIT=${2:-Infinity}
TAG=${DATELINE_IMAGE_TAG:-dev}
CACHE=${DATELINE_DEPLOY_CACHE:-$DEPLOY/.cache}
source "$DEPLOY/lib/podman-env.sh"
RUN=$(mktemp -d "$CACHE/node/measure.XXXXXX")
ID=dateline-measure-$$
cleanup() { podman rm -f -t 0 "$ID-ingest" "$ID-query" >/dev/null 2>&1 || true; podman volume rm -f "$ID" >/dev/null 2>&1 || true; rm -rf "$RUN"; }
trap cleanup EXIT
cp "$DEPLOY/client/smoke.mjs" "$RUN/"
export DATELINE_PROTO_DIR=$ROOT/proto
smoke() { node "$RUN/smoke.mjs" "$@"; }
port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
PI=$(port); PQ=$(port)
podman volume create "$ID" >/dev/null
sec=(--read-only --user 10001:10001 --cap-drop ALL --security-opt no-new-privileges --tmpfs /tmp:rw,size=64m,mode=1777)
podman run -d --name "$ID-ingest" "${sec[@]}" -v "$ID:/var/lib/dateline" -p "127.0.0.1:$PI:50051" "localhost/dateline-ingest:$TAG" >/dev/null
smoke health "127.0.0.1:$PI" --wait 60 >/dev/null
podman run -d --name "$ID-query" "${sec[@]}" -v "$ID:/var/lib/dateline:ro" --tmpfs /var/cache/dateline:rw,size=256m,U \
  -p "127.0.0.1:$PQ:50052" "localhost/dateline-query:$TAG" >/dev/null
smoke health "127.0.0.1:$PQ" --wait 60 >/dev/null
mem() {  # container -> "VmRSS VmHWM" in KiB
  local pid; pid=$(podman inspect --format '{{.State.Pid}}' "$1")
  awk '/^VmRSS|^VmHWM/{printf "%s=%s ", $1, $2}' "/proc/$pid/status"
}
echo "idle:        ingest $(mem "$ID-ingest")| query $(mem "$ID-query")"
echo "ingest: $(smoke ingest-file "127.0.0.1:$PI" "$CORPUS" --limit "$LIMIT" --names-out "$RUN/names")"
echo "after ingest: ingest $(mem "$ID-ingest")| query $(mem "$ID-query")"
sleep 2
for _ in $(seq "${BATCHES:-3}"); do
  echo "reads: $(smoke get-many "127.0.0.1:$PQ" "$RUN/names" --rounds "${ROUNDS:-5}" --concurrency "${CONCURRENCY:-64}")"
  echo "after reads:  ingest $(mem "$ID-ingest")| query $(mem "$ID-query")"
done
echo "store size: $(podman run --rm --network none -v "$ID:/v:ro" --entrypoint /usr/bin/du "localhost/dateline-ingest:$TAG" -sh /v/db | cut -f1)"
# Start time on the populated store: SIGTERM both, start again, time to SERVING.
podman stop -t 40 "$ID-query" "$ID-ingest" >/dev/null
t=$(date +%s%3N); podman start "$ID-ingest" >/dev/null
smoke health "127.0.0.1:$PI" --wait 120 >/dev/null
echo "restart on populated store: ingest SERVING after $(( $(date +%s%3N) - t )) ms"
t=$(date +%s%3N); podman start "$ID-query" >/dev/null
smoke health "127.0.0.1:$PQ" --wait 120 >/dev/null
echo "restart on populated store: query SERVING after $(( $(date +%s%3N) - t )) ms"
echo "after restart: ingest $(mem "$ID-ingest")| query $(mem "$ID-query")"
