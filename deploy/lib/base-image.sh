#!/usr/bin/env bash
# Builds localhost/debian:bookworm (debootstrap --variant=minbase, then podman import)
# unless it already exists in the deploy podman storage. Registries are unreachable
# here, so every FROM must be local. Set REBUILD_BASE=1 to rebuild it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/podman-env.sh"
IMAGE=${BASE_IMAGE:-localhost/debian:bookworm}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
if [ "${REBUILD_BASE:-0}" != 1 ] && podman image exists "$IMAGE"; then
  echo "base-image: $IMAGE present (cached)" >&2
  exit 0
fi
rootfs=$(mktemp -d "$DEPLOY_STATE/rootfs.XXXXXX")
trap 'rm -rf "$rootfs"' EXIT
echo "base-image: debootstrap minbase bookworm from $MIRROR" >&2
debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >"$DEPLOY_STATE/debootstrap.log" 2>&1 \
  || { tail -20 "$DEPLOY_STATE/debootstrap.log" >&2; exit 1; }
# Same suites as a stock Debian image: point releases and security updates, so the
# runtime libraries match what the host builds against.
cat >"$rootfs/etc/apt/sources.list" <<SRC
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb $SECURITY_MIRROR bookworm-security main
SRC
# Keep images small: no docs/man pages/apt caches from later installs.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/01-dateline-nodoc" <<CFG
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
CFG
cat >"$rootfs/etc/apt/apt.conf.d/01-dateline-clean" <<CFG
APT::Install-Recommends "false";
APT::Install-Suggests "false";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };
CFG
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/man/*
find "$rootfs/usr/share/doc" -type f ! -name copyright -delete
tar --numeric-owner -C "$rootfs" -c . \
  | podman import -q --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' - "$IMAGE" >/dev/null
echo "base-image: imported $IMAGE" >&2
