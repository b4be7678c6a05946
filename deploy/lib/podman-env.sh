# shellcheck shell=bash
# Sourced by deploy scripts. Points podman at a private configuration and storage so
# nothing under /etc/containers is touched and image layers survive between runs
# (layer cache = fast rebuilds). Works on Debian 12 without a Docker engine: runc +
# cgroupfs (the default crun/systemd setup fails on these machines, see
# shared/CONTAINERS.md).
DEPLOY_STATE=${DEPLOY_STATE:-/var/tmp/dateline-deploy}
mkdir -p "$DEPLOY_STATE/storage" "$DEPLOY_STATE/run" "$DEPLOY_STATE/cni"
cat >"$DEPLOY_STATE/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
[network]
network_backend = "cni"
network_config_dir = "$DEPLOY_STATE/cni"
CONF
cat >"$DEPLOY_STATE/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$DEPLOY_STATE/storage"
runroot = "$DEPLOY_STATE/run"
CONF
export CONTAINERS_CONF="$DEPLOY_STATE/containers.conf"
export CONTAINERS_STORAGE_CONF="$DEPLOY_STATE/storage.conf"
