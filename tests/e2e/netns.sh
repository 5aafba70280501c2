#!/usr/bin/env bash
# Runs a command (make test-e2e: `node --test tests/e2e`) in a network namespace of its own, as any user may:
#
#   tests/e2e/netns.sh COMMAND [ARG...]
#
# The end-to-end tests let real clients reach the edge on the ports they use in production (443, 80), which only
# root may bind on the host. In a new user namespace (the caller mapped to root there) with a new network namespace
# the process holds CAP_NET_BIND_SERVICE over that namespace's own loopback and nothing else: no privilege on the
# host, nothing granted by hand, and no port shared with any other run (parallel runs never collide).
# tests/e2e/README.md explains the choice.
#
# Sets E2E_NETWORK for the command: `namespace`, or `host` in the one fallback (below). Where no namespace can be
# made, prints why and how to enable it, and exits 1: the suite then counts as failed, never as skipped.
set -euo pipefail

# Inside the namespaces: bring loopback up, then run the command.
if [ "${1:-}" = --inside ]; then
  shift
  if command -v ip > /dev/null; then
    ip link set lo up
  else
    # Debian's minimal container images lack iproute2 (ip); perl-base is Essential, so it is always there.
    # SIOCGIFFLAGS (0x8913), then SIOCSIFFLAGS (0x8914) with IFF_UP (0x1); struct ifreq is 40 bytes on Linux.
    perl -e 'socket(my $s, 2, 2, 0) or die "socket: $!\n";
      my $ifr = pack("Z16 x24", "lo"); ioctl($s, 0x8913, $ifr) or die "SIOCGIFFLAGS lo: $!\n";
      my $flags = unpack("x16 s", $ifr) | 0x1;
      $ifr = pack("Z16 s x22", "lo", $flags); ioctl($s, 0x8914, $ifr) or die "SIOCSIFFLAGS lo: $!\n";'
  fi
  [ $# -gt 0 ] || exit 0   # the probe below: only loopback
  export E2E_NETWORK=namespace
  exec "$@"
fi

[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARG...]" >&2; exit 2; }
self=$(readlink -f "$0")

why_not=""
if ! command -v unshare > /dev/null; then
  why_not="the unshare command is missing (Debian: apt-get install util-linux)"
elif probe=$(unshare --user --map-root-user --net -- "$self" --inside 2>&1); then
  exec unshare --user --map-root-user --net -- "$self" --inside "$@"
else
  why_not="\`unshare --user --map-root-user --net\` failed: ${probe:-no message}"
fi

# Root can make a network namespace without a user namespace (a host or container that forbids user namespaces).
if [ "$(id -u)" = 0 ] && unshare --net -- "$self" --inside > /dev/null 2>&1; then
  echo "e2e network: user namespaces are not available ($why_not); root: a network namespace alone"
  exec unshare --net -- "$self" --inside "$@"
fi

# Root in a container that may make no namespace at all can still bind the ports on the host's loopback; the
# suite then shares the host's ports with anything else listening there.
if [ "$(id -u)" = 0 ]; then
  echo "e2e network: no namespace could be made ($why_not); root: on the host's loopback, ports 443 and 80 shared"
  export E2E_NETWORK=host
  exec "$@"
fi

# Nothing works: say exactly why and what would enable it.
{
  echo "e2e network: FAILED: the end-to-end tests need their own network namespace and could not make one."
  echo "  why: $why_not"
  clone=/proc/sys/kernel/unprivileged_userns_clone
  max=/proc/sys/user/max_user_namespaces
  apparmor=/proc/sys/kernel/apparmor_restrict_unprivileged_userns
  if [ -r "$clone" ] && [ "$(cat "$clone")" = 0 ]; then
    echo "  $clone is 0 (unprivileged user namespaces are off). Enable: sudo sysctl -w kernel.unprivileged_userns_clone=1"
  fi
  if [ -r "$max" ] && [ "$(cat "$max")" = 0 ]; then
    echo "  $max is 0. Enable: sudo sysctl -w user.max_user_namespaces=15000"
  fi
  if [ -r "$apparmor" ] && [ "$(cat "$apparmor")" = 1 ]; then
    echo "  $apparmor is 1 (AppArmor, Ubuntu 23.10 and later, denies unprivileged user namespaces)."
    echo "  Enable: sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0, or an AppArmor profile that allows"
    echo "  userns for /usr/bin/unshare (see tests/e2e/README.md)"
  fi
  if [ -f /.dockerenv ] || grep -qa container= /proc/1/environ 2>/dev/null; then
    echo "  in a container: its seccomp profile may forbid unshare(2); run the container with"
    echo "  --security-opt seccomp=unconfined, or run the tests as root inside it"
  fi
  echo "  Or run them as root (make test-e2e as root binds the ports directly). See tests/e2e/README.md."
} >&2
exit 1
