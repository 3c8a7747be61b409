#!/bin/bash
# Install, upgrade or roll back Bursar from this offline bundle. Run as root. Idempotent.
#
#   ./install.sh [--prefix /opt/bursar] [--home /var/lib/bursar] [--config FILE]
#                [--user bursar] [--with-services] [--with-system-deps]
#   ./install.sh --rollback [--prefix /opt/bursar]
#
# Nothing is downloaded: SHA256SUMS is checked first, then pip installs the wheelhouse with
# --no-index --require-hashes into a venv per version (PREFIX/releases/VERSION/venv);
# PREFIX/current points at the active one. Installing a newer bundle backs up the database
# (SQLite copy or pg_dump), the config and the keys into HOME/backups/ before migrating;
# --rollback returns to the previous version's venv and that backup.
set -euo pipefail
umask 022

BUNDLE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PREFIX=/opt/bursar
HOME_DIR=/var/lib/bursar
CONFIG=""
SERVICE_USER=bursar
WITH_SERVICES=0
WITH_SYSTEM_DEPS=0
ROLLBACK=0
HOME_GIVEN=0
USER_GIVEN=0
UNITS="bursar-inbox.service bursar-scheduler.service bursar-worker@.service
  bursar-witness.service bursar-audit-checkpoint.service bursar-audit-checkpoint.timer"
ENABLED_UNITS="bursar-witness.service bursar-inbox.service bursar-scheduler.service
  bursar-audit-checkpoint.timer"
# Issue 22: the audit trail's anchors, where the service user cannot write. The witness keeps
# the checkpoints in its own user's folder; root's pinned file lists the trusted keys.
WITNESS_USER=bursar-witness
WITNESS_DIR=/var/lib/bursar-witness
WITNESS_SOCKET=/run/bursar-witness/witness.sock
AUDIT_GRACE_S=600
APT_PACKAGES="python3-venv tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra
  poppler-utils chromium xvfb xauth fonts-dejavu-core"

die() { echo "install.sh: $*" >&2; exit 1; }
say() { echo "==> $*"; }
usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX=${2:?--prefix needs a folder}; shift 2 ;;
    --home) HOME_DIR=${2:?--home needs a folder}; HOME_GIVEN=1; shift 2 ;;
    --config) CONFIG=${2:?--config needs a file}; shift 2 ;;
    --user) SERVICE_USER=${2:?--user needs a name}; USER_GIVEN=1; shift 2 ;;
    --with-services) WITH_SERVICES=1; shift ;;
    --with-system-deps) WITH_SYSTEM_DEPS=1; shift ;;
    --rollback) ROLLBACK=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage 2 ;;
  esac
done

[ "$(id -u)" = 0 ] || die "run as root: it creates the service user and sets ownership"
case "$PREFIX" in /*) ;; *) PREFIX=$(pwd)/$PREFIX ;; esac
case "$HOME_DIR" in /*) ;; *) HOME_DIR=$(pwd)/$HOME_DIR ;; esac
[ -z "$CONFIG" ] || [ -f "$CONFIG" ] || die "--config $CONFIG: no such file"
STATE="$PREFIX/state"
PINNED_KEYS="$PREFIX/etc/audit-trusted-keys.pem"

# An existing install knows its home and user; the command line may only repeat them.
if [ -f "$PREFIX/bursar.env" ]; then
  old_home=$(sed -n 's/^BURSAR_HOME=//p' "$PREFIX/bursar.env")
  old_user=$(sed -n 's/^BURSAR_SERVICE_USER=//p' "$PREFIX/bursar.env")
  [ "$HOME_GIVEN" = 0 ] || [ "$old_home" = "$HOME_DIR" ] ||
    die "$PREFIX is installed with --home $old_home; uninstall first to move it"
  [ "$USER_GIVEN" = 0 ] || [ "$old_user" = "$SERVICE_USER" ] ||
    die "$PREFIX is installed with --user $old_user; uninstall first to change it"
  HOME_DIR=$old_home
  SERVICE_USER=$old_user
fi

systemd_running() { [ -d /run/systemd/system ] && command -v systemctl >/dev/null; }

as_user() { # run a command as the service user with the installed environment
  if [ "$SERVICE_USER" = root ]; then "$@"; else runuser -u "$SERVICE_USER" -- "$@"; fi
}

bursar_cmd() { as_user "$PREFIX/bin/bursar" "$@"; }

stop_services() {
  systemd_running || return 0
  local unit
  for unit in $(systemctl list-units --plain --no-legend 'bursar-*' 2>/dev/null | awk '{print $1}'); do
    systemctl stop "$unit" && echo "stopped $unit" >>"$STATE/stopped-units"
  done
}

start_stopped_services() {
  [ -f "$STATE/stopped-units" ] || return 0
  systemd_running && xargs -r systemctl start <"$STATE/stopped-units" || true
  rm -f "$STATE/stopped-units"
}

db_url() { # the database URL the installed version uses
  as_user "$PREFIX/current/venv/bin/python" -c \
    'from bursar.config import get_settings; print(get_settings().db_url)' | tail -n 1
}

with_env() { # run with PREFIX/bursar.env exported
  (set -a; . "$PREFIX/bursar.env"; set +a; "$@")
}

# --- verify -------------------------------------------------------------------------------
verify_bundle() {
  [ -f "$BUNDLE/SHA256SUMS" ] && [ -f "$BUNDLE/VERSION" ] ||
    die "$BUNDLE is not a complete Bursar bundle (SHA256SUMS or VERSION missing); refusing to install"
  local failed
  if ! failed=$(cd "$BUNDLE" && sha256sum --strict -c SHA256SUMS 2>/dev/null); then
    failed=$(echo "$failed" | sed -n 's/: FAILED.*$//p' | paste -sd, -)
    die "bundle is damaged or tampered: ${failed:-SHA256SUMS is malformed} does not match \
SHA256SUMS; refusing to install (nothing was changed)"
  fi
  local wheel
  for wheel in "$BUNDLE"/wheelhouse/*.whl; do
    grep -q "  wheelhouse/${wheel##*/}\$" "$BUNDLE/SHA256SUMS" ||
      die "bundle is tampered: wheelhouse/${wheel##*/} is not listed in SHA256SUMS; refusing to install"
  done
  say "bundle $(cat "$BUNDLE/VERSION") verified against SHA256SUMS"
}

# --- system -------------------------------------------------------------------------------
system_deps() {
  if [ "$WITH_SYSTEM_DEPS" = 1 ]; then
    say "installing Debian packages"
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $APT_PACKAGES
  fi
  # The system's Python 3.11 (the wheels are cp311), one the service user can run: not a
  # pyenv or conda interpreter under root's home.
  local candidate
  PYTHON=""
  for candidate in /usr/bin/python3.11 /usr/bin/python3 "$(command -v python3 || true)"; do
    [ -x "$candidate" ] || continue
    "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || continue
    PYTHON=$candidate
    break
  done
  [ -n "$PYTHON" ] || die "Python 3.11 is missing (the wheels are cp311): rerun with --with-system-deps"
  "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null ||
    die "python3-venv is missing: rerun with --with-system-deps (or apt-get install python3-venv)"
}

service_user() {
  if [ "$WITH_SERVICES" = 1 ] && ! id -u "$WITNESS_USER" >/dev/null 2>&1; then
    useradd --system --home-dir "$WITNESS_DIR" --no-create-home --shell /usr/sbin/nologin \
      "$WITNESS_USER"
    say "created system user $WITNESS_USER (the audit checkpoint witness)"
  fi
  [ "$SERVICE_USER" = root ] && return 0
  if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
    useradd --system --home-dir "$HOME_DIR" --no-create-home --shell /usr/sbin/nologin \
      "$SERVICE_USER"
    say "created system user $SERVICE_USER"
  fi
}

layout() {
  install -d -m 0755 "$PREFIX" "$PREFIX/releases" "$PREFIX/bin" "$PREFIX/etc" "$PREFIX/systemd"
  install -d -m 0700 "$STATE"
  # HOME: the service user's; keys (audit signing key, secrets key) readable by it only.
  install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_USER" "$HOME_DIR"
  install -d -m 0700 -o "$SERVICE_USER" -g "$SERVICE_USER" "$HOME_DIR/keys"
  install -d -m 0700 "$HOME_DIR/backups"
  chown "$SERVICE_USER:$SERVICE_USER" "$HOME_DIR" "$HOME_DIR/keys"
  chmod 0750 "$HOME_DIR"
  chmod 0700 "$HOME_DIR/keys"
  find "$HOME_DIR/keys" -type f -exec chmod 0600 {} +
  local cfg="$PREFIX/etc/bursar.toml"
  if [ -n "$CONFIG" ]; then
    install -m 0640 -g "$SERVICE_USER" "$CONFIG" "$cfg"
  elif [ ! -f "$cfg" ]; then
    install -m 0640 -g "$SERVICE_USER" "$BUNDLE/bursar.toml" "$cfg"
  fi
  write_env
  cat >"$PREFIX/bin/bursar" <<EOF
#!/bin/sh
# Bursar with the installed environment; as root it runs as $SERVICE_USER.
set -a; . "$PREFIX/bursar.env"; set +a
if [ "\$(id -u)" = 0 ] && [ "$SERVICE_USER" != root ]; then
  exec runuser -u "$SERVICE_USER" -- "$PREFIX/current/venv/bin/bursar" "\$@"
fi
exec "$PREFIX/current/venv/bin/bursar" "\$@"
EOF
  chmod 0755 "$PREFIX/bin/bursar"
  install -m 0755 "$BUNDLE/uninstall.sh" "$PREFIX/uninstall.sh"
  install -m 0755 "$BUNDLE/install.sh" "$PREFIX/install.sh"
}

write_env() { # PREFIX/bursar.env; the audit anchors only once they exist (issue 22)
  cat >"$PREFIX/bursar.env" <<EOF
BURSAR_HOME=$HOME_DIR
BURSAR_CONFIG=$PREFIX/etc/bursar.toml
BURSAR_TEMPLATES=$PREFIX/current/templates
BURSAR_SERVICE_USER=$SERVICE_USER
HF_HUB_OFFLINE=1
TRANSFORMERS_OFFLINE=1
OMP_THREAD_LIMIT=1
EOF
  [ ! -f "$PINNED_KEYS" ] || echo "BURSAR_AUDIT_TRUSTED_KEYS=$PINNED_KEYS" >>"$PREFIX/bursar.env"
  if [ -f /etc/systemd/system/bursar-witness.service ]; then
    printf '%s\n' "BURSAR_AUDIT_WITNESS_SOCKET=$WITNESS_SOCKET" \
      "BURSAR_AUDIT_WITNESS_DIR=$WITNESS_DIR" \
      "BURSAR_AUDIT_CHECKPOINT_GRACE_SECONDS=$AUDIT_GRACE_S" >>"$PREFIX/bursar.env"
  fi
}

pin_audit_keys() { # root pins the signing key `bursar init` made, once; later keys by id
  if [ ! -f "$PINNED_KEYS" ]; then
    with_env "$PREFIX/current/venv/bin/bursar" audit pin --file "$PINNED_KEYS" ||
      die "could not pin the audit signing key in $PINNED_KEYS"
  fi
  chown root:root "$PINNED_KEYS"
  chmod 0644 "$PINNED_KEYS"
  write_env
}

# --- the release --------------------------------------------------------------------------
make_release() { # PREFIX/releases/VERSION with its venv; skipped when already complete
  local rel="$PREFIX/releases/$VERSION" sums
  sums=$(sha256sum <"$BUNDLE/SHA256SUMS" | cut -d' ' -f1)
  if [ -f "$rel/.complete" ] && [ "$(cat "$rel/.complete")" = "$sums" ]; then
    say "release $VERSION already installed"
    return 0
  fi
  rm -rf "$rel"
  say "creating the venv for $VERSION (offline, hash-checked)"
  "$PYTHON" -m venv "$rel/venv"
  as_user "$rel/venv/bin/python" -c '' 2>/dev/null ||
    die "$SERVICE_USER cannot run $PYTHON (under a private home?); install Debian's python3"
  # Only the wheelhouse: no index, no pip config or PIP_* variables from this machine.
  env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_CONSTRAINT \
    PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 \
    "$rel/venv/bin/python" -m pip install --quiet --no-index --find-links "$BUNDLE/wheelhouse" \
    --require-hashes --only-binary=:all: -r "$BUNDLE/requirements.lock" ||
    die "pip could not install the wheelhouse into $rel/venv"
  cp -r "$BUNDLE/templates" "$rel/templates"
  cp "$BUNDLE/VERSION" "$BUNDLE/manifest.json" "$BUNDLE/SHA256SUMS" "$rel/"
  echo "$sums" >"$rel/.complete"
}

current_version() { # the active release's version, or nothing
  [ -L "$PREFIX/current" ] && basename "$(readlink "$PREFIX/current")" || true
}

switch_to() { # atomically point PREFIX/current at releases/$1
  ln -sfn "releases/$1" "$PREFIX/current.new"
  mv -T "$PREFIX/current.new" "$PREFIX/current"
}

backup() { # HOME/backups/STAMP-FROM-to-TO: database, config, keys; prints the folder
  local from=$1 to=$2 dir url
  dir="$HOME_DIR/backups/$(date -u +%Y%m%dT%H%M%SZ)-$from-to-$to"
  install -d -m 0700 "$dir"
  url=$(with_env db_url)
  case "$url" in
    sqlite:///*)
      local db=${url#sqlite:///}
      if [ -f "$db" ]; then
        # The SQLite online backup API: a consistent copy even with WAL files beside it.
        "$PYTHON" -c 'import sqlite3, sys
src = sqlite3.connect(sys.argv[1]); dst = sqlite3.connect(sys.argv[2])
src.backup(dst); dst.close(); src.close()' "$db" "$dir/bursar.db"
        echo "sqlite $db" >"$dir/database"
      fi ;;
    postgresql*)
      command -v pg_dump >/dev/null || die "pg_dump is missing: apt-get install postgresql-client"
      pg_dump --format=custom --file="$dir/database.pgdump" "${url/+psycopg/}" ||
        die "pg_dump failed; nothing was changed"
      echo "postgresql" >"$dir/database" ;;
  esac
  cp -p "$PREFIX/etc/bursar.toml" "$dir/bursar.toml"
  cp -a "$HOME_DIR/keys" "$dir/keys"
  # The audit checkpoint log matches this database: a rollback must take both back.
  [ ! -d "$HOME_DIR/audit" ] || cp -a "$HOME_DIR/audit" "$dir/audit"
  printf 'FROM=%s\nTO=%s\nBACKUP=%s\n' "$from" "$to" "$dir" >"$STATE/last-upgrade"
  echo "$dir"
}

restore() { # put back the database, config and keys saved in backup folder $1
  local dir=$1 url
  url=$(with_env db_url)
  case "$(cut -d' ' -f1 "$dir/database" 2>/dev/null)" in
    sqlite)
      local db=${url#sqlite:///}
      rm -f "$db-wal" "$db-shm"
      install -m 0640 -o "$SERVICE_USER" -g "$SERVICE_USER" "$dir/bursar.db" "$db" ;;
    postgresql)
      pg_restore --clean --if-exists --no-owner --dbname="${url/+psycopg/}" \
        "$dir/database.pgdump" || die "pg_restore failed: restore $dir by hand" ;;
  esac
  install -m 0640 -g "$SERVICE_USER" "$dir/bursar.toml" "$PREFIX/etc/bursar.toml"
  rm -rf "$HOME_DIR/keys"
  cp -a "$dir/keys" "$HOME_DIR/keys"
  if [ -f "$WITNESS_DIR/checkpoints.log" ]; then
    # The witness saw the events this restore takes back: keep its log for the record and
    # let it start again from the restored trail, or verify would call the restore a cut.
    mv "$WITNESS_DIR/checkpoints.log" \
      "$WITNESS_DIR/checkpoints.log.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
    ! systemd_running || systemctl try-restart bursar-witness.service || true
  fi
  if [ -d "$dir/audit" ]; then
    # Keep the newer checkpoints for the record, beside the backup they replaced.
    [ ! -d "$HOME_DIR/audit" ] || mv "$HOME_DIR/audit" "$dir/audit-replaced-$(date -u +%Y%m%dT%H%M%SZ)"
    cp -a "$dir/audit" "$HOME_DIR/audit"
  fi
}

migrate() { # bursar init (create or migrate) under a lock, as the service user
  local lock="$HOME_DIR/.migrate.lock"
  touch "$lock"
  chown "$SERVICE_USER:$SERVICE_USER" "$lock"
  say "migrating the database"
  as_user flock --timeout 600 "$lock" "$PREFIX/bin/bursar" init
}

migrate_or_die() {
  migrate || die "bursar init failed (see above); the database is as it was before"
}

services() {
  local unit
  for unit in $UNITS; do
    sed -e "s|@PREFIX@|$PREFIX|g" -e "s|@HOME@|$HOME_DIR|g" -e "s|@USER@|$SERVICE_USER|g" \
      "$BUNDLE/systemd/$unit" >"$PREFIX/systemd/$unit"
  done
  [ "$WITH_SERVICES" = 1 ] || return 0
  if ! systemd_running; then
    say "systemd is not running on this machine: services NOT registered" \
      "(units are in $PREFIX/systemd/ for when it is)"
    return 0
  fi
  for unit in $UNITS; do
    install -m 0644 "$PREFIX/systemd/$unit" "/etc/systemd/system/$unit"
  done
  systemctl daemon-reload
  write_env # the app hands its checkpoints to the witness from now on
  # shellcheck disable=SC2086
  systemctl enable --now $ENABLED_UNITS
  # Running services read bursar.env again; the witness gets its first line now.
  systemctl try-restart bursar-inbox.service bursar-scheduler.service 'bursar-worker@*' || true
  bursar_cmd audit checkpoint --reason "witness started" >/dev/null ||
    echo "install.sh: the first checkpoint for the witness failed: see bursar doctor" >&2
  say "services enabled and started: $ENABLED_UNITS" \
    "(workers, PostgreSQL only: systemctl enable --now bursar-worker@ingest bursar-worker@ocr)"
}

prune() { # keep the current and the previous release only (each venv is ~2 GB)
  local keep_cur keep_prev rel
  keep_cur=$(current_version)
  keep_prev=$([ -L "$PREFIX/previous" ] && basename "$(readlink "$PREFIX/previous")" || true)
  for rel in "$PREFIX"/releases/*; do
    [ -d "$rel" ] || continue
    case "${rel##*/}" in "$keep_cur"|"$keep_prev") ;; *) rm -rf "$rel"; say "removed old release ${rel##*/}" ;; esac
  done
}

# --- rollback -----------------------------------------------------------------------------
rollback() {
  [ -f "$STATE/last-upgrade" ] || die "nothing to roll back: no upgrade recorded in $STATE"
  local FROM TO BACKUP
  # shellcheck disable=SC1091
  . "$STATE/last-upgrade"
  [ -f "$PREFIX/releases/$FROM/.complete" ] || die "the previous release $FROM is gone"
  [ "$(current_version)" = "$TO" ] || die "current version is $(current_version), not $TO"
  say "rolling back $TO -> $FROM with the backup $BACKUP"
  stop_services
  switch_to "$FROM"
  restore "$BACKUP"
  mv "$STATE/last-upgrade" "$STATE/rolled-back-$(date -u +%Y%m%dT%H%M%SZ)"
  rm -f "$PREFIX/previous"
  start_stopped_services
  say "Bursar $FROM is active again; release $TO stays in $PREFIX/releases/"
}

main() {
  local lockfile=/run/lock/bursar-install.lock
  [ -d /run/lock ] || lockfile=/tmp/bursar-install.lock
  exec 9>>"$lockfile"
  flock -n 9 || die "another install.sh is running"
  if [ "$ROLLBACK" = 1 ]; then
    [ -f "$PREFIX/bursar.env" ] || die "no Bursar installed in $PREFIX"
    rollback
    return 0
  fi
  verify_bundle
  VERSION=$(cat "$BUNDLE/VERSION")
  system_deps
  service_user
  layout
  local old started
  started=$(date +%s)
  old=$(current_version)
  if [ -n "$old" ] && [ "$old" != "$VERSION" ] &&
    [ "$(printf '%s\n%s\n' "$old" "$VERSION" | sort -V | tail -n 1)" = "$old" ]; then
    die "$VERSION is older than the installed $old: use install.sh --rollback to go back"
  fi
  make_release
  if [ -n "$old" ] && [ "$old" != "$VERSION" ]; then
    say "upgrading $old -> $VERSION"
    stop_services
    local dir
    dir=$(backup "$old" "$VERSION" | tail -n 1)
    say "backed up database, config and keys to $dir"
    ln -sfn "releases/$old" "$PREFIX/previous"
    switch_to "$VERSION"
    if ! migrate; then
      echo "install.sh: migration to $VERSION failed; returning to $old" >&2
      switch_to "$old"
      restore "$dir"
      start_stopped_services
      exit 1
    fi
  else
    switch_to "$VERSION"
    migrate_or_die
  fi
  pin_audit_keys
  services
  start_stopped_services
  prune
  say "Bursar $VERSION installed in $PREFIX (home $HOME_DIR) in $(($(date +%s) - started)) s"
  say "readiness:"
  bursar_cmd doctor || echo "(bursar doctor lists what is missing above)"
}

# Sourced (the tests call backup and restore on their own), it only defines the functions.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main
fi
