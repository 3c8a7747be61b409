#!/bin/bash
# Remove Bursar: services, units and PREFIX. The home (database, documents, models, audit
# trail, keys, backups) is kept unless --purge, which also removes the service user.
#
#   ./uninstall.sh [--prefix /opt/bursar] [--purge]
set -euo pipefail

PREFIX=/opt/bursar
PURGE=0
UNITS="bursar-inbox.service bursar-scheduler.service bursar-worker@.service
  bursar-witness.service bursar-audit-checkpoint.service bursar-audit-checkpoint.timer"

die() { echo "uninstall.sh: $*" >&2; exit 1; }
say() { echo "==> $*"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX=${2:?--prefix needs a folder}; shift 2 ;;
    --purge) PURGE=1; shift ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

[ "$(id -u)" = 0 ] || die "run as root"
[ -f "$PREFIX/bursar.env" ] || die "no Bursar installed in $PREFIX (no bursar.env)"
HOME_DIR=$(sed -n 's/^BURSAR_HOME=//p' "$PREFIX/bursar.env")
SERVICE_USER=$(sed -n 's/^BURSAR_SERVICE_USER=//p' "$PREFIX/bursar.env")

if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
  for unit in $(systemctl list-units --all --plain --no-legend 'bursar-*' | awk '{print $1}'); do
    systemctl disable --now "$unit" || true
  done
  for unit in $UNITS; do
    [ -f "/etc/systemd/system/$unit" ] && rm -f "/etc/systemd/system/$unit"
  done
  systemctl daemon-reload
  say "services stopped and removed"
fi

# PREFIX holds only what install.sh put there; never remove a home that lives inside it.
case "$HOME_DIR/" in "$PREFIX"/*) die "the home $HOME_DIR is inside $PREFIX; move it first" ;; esac
rm -rf "$PREFIX"
say "removed $PREFIX"

if [ "$PURGE" = 1 ]; then
  rm -rf "$HOME_DIR"
  say "purged $HOME_DIR (database, documents, models, audit trail, keys, backups)"
  if [ -n "$SERVICE_USER" ] && [ "$SERVICE_USER" != root ] && id -u "$SERVICE_USER" >/dev/null 2>&1; then
    userdel "$SERVICE_USER" && say "removed user $SERVICE_USER"
  fi
  # The audit checkpoint witness (issue 22) goes with the trail it witnessed.
  rm -rf /var/lib/bursar-witness
  ! id -u bursar-witness >/dev/null 2>&1 || { userdel bursar-witness && say "removed user bursar-witness"; }
else
  say "kept $HOME_DIR (database, documents, models, audit trail, keys, backups);" \
    "uninstall.sh --purge removes it"
fi
