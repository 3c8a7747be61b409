"""PostgreSQL roles that keep the application away from the audit table's triggers.

The owner role owns every table and runs migrations. The application role may read
and write the business tables, but on ``audit_event`` only INSERT and SELECT: as it
does not own the table it cannot drop or disable the append-only triggers, and it has
no UPDATE, DELETE, TRUNCATE or TRIGGER privilege. ``bursar doctor`` warns when the
application connects as the table's owner or as a superuser.
"""

from __future__ import annotations

import re
from typing import Any

from bursar.config import Settings
from bursar.errors import InputError

_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_DML = "SELECT, INSERT, UPDATE, DELETE"


def _psycopg_conninfo(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _objects(cur: Any) -> list[tuple[str, str]]:
    """Return (kind, qualified name) of what lives in schema public, for ALTER ... OWNER."""
    cur.execute(
        """SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                  WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, c.oid::regclass::text
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid
                             AND d.deptype IN ('a', 'i', 'e') AND c.relkind = 'S')
           ORDER BY c.relkind DESC"""
    )
    found = list(cur.fetchall())
    cur.execute(
        """SELECT 'ROUTINE', p.oid::regprocedure::text FROM pg_proc p
           JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')"""
    )
    found += cur.fetchall()
    cur.execute(
        """SELECT 'TYPE', t.oid::regtype::text FROM pg_type t
           JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r', 'm')
             AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')"""
    )
    return found + cur.fetchall()


def create_roles(
    admin_url: str,
    owner: str,
    app: str,
    owner_password: str | None = None,
    app_password: str | None = None,
) -> dict[str, Any]:
    """Create (or bring up to date) the two roles in the database of ``admin_url``."""
    import psycopg
    from psycopg import sql

    for name in (owner, app):
        if not _NAME.fullmatch(name):
            raise InputError(f"role name {name!r}: use lower-case letters, digits and _")
    if owner == app:
        raise InputError("the owner and the application role must differ")
    with psycopg.connect(_psycopg_conninfo(admin_url), autocommit=False) as conn:
        cur = conn.cursor()
        cur.execute("SELECT current_database()")
        database = cur.fetchone()[0]  # type: ignore[index]
        for name, password in ((owner, owner_password), (app, app_password)):
            cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,))
            verb = "ALTER" if cur.fetchone() else "CREATE"
            stmt = sql.SQL(verb + " ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE").format(
                sql.Identifier(name)
            )
            if password:
                stmt += sql.SQL(" PASSWORD {}").format(sql.Literal(password))
            cur.execute(stmt)
        o, a, db = sql.Identifier(owner), sql.Identifier(app), sql.Identifier(database)
        cur.execute(sql.SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}, {}").format(db, o, a))
        cur.execute(sql.SQL("GRANT USAGE, CREATE ON SCHEMA public TO {}").format(o))
        cur.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(a))
        cur.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        # extensions the migrations use: made here, where the privilege to make them is
        # (the owner role may not create extensions; migration 0010 finds it present)
        cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        owned = 0
        for kind, name in _objects(cur):
            cur.execute(sql.SQL(f"ALTER {kind} {name} OWNER TO {{}}").format(o))  # type: ignore[arg-type]
            owned += 1
        _grant_app(cur, o, a)
        conn.commit()
    return {"database": database, "owner": owner, "app": app, "owned": owned}


def _grant_app(cur: Any, o: Any, a: Any) -> None:
    from psycopg import sql

    cur.execute(sql.SQL(f"GRANT {_DML} ON ALL TABLES IN SCHEMA public TO {{}}").format(a))
    cur.execute(
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}").format(a)
    )
    cur.execute("SELECT to_regclass('public.audit_event'), to_regclass('public.alembic_version')")
    audit_table, versions = cur.fetchone()
    if audit_table:
        cur.execute(sql.SQL("REVOKE ALL ON audit_event FROM {}").format(a))
        cur.execute(sql.SQL("GRANT SELECT, INSERT ON audit_event TO {}").format(a))
    if versions:
        cur.execute(sql.SQL("REVOKE ALL ON alembic_version FROM {}").format(a))
        cur.execute(sql.SQL("GRANT SELECT ON alembic_version TO {}").format(a))
    # Tables the owner makes later (migrations) are the app's to use as well ...
    cur.execute(
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public "
            f"GRANT {_DML} ON TABLES TO {{}}"
        ).format(o, a)
    )
    cur.execute(
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA public "
            "GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {}"
        ).format(o, a)
    )


# --- bursar doctor --------------------------------------------------------------------------------


def role_problem(url: str) -> str | None:
    """Say why the role of ``url`` could rewrite the audit table, or None when it cannot."""
    from sqlalchemy import text

    from bursar.db import get_engine

    with get_engine(url).connect() as conn:
        row = conn.execute(
            text(
                """SELECT current_user, r.rolsuper, t.tableowner,
                          has_table_privilege('audit_event', 'UPDATE, DELETE, TRUNCATE, TRIGGER')
                   FROM pg_roles r LEFT JOIN pg_tables t
                     ON t.schemaname = 'public' AND t.tablename = 'audit_event'
                   WHERE r.rolname = current_user"""
            )
        ).one()
    user, superuser, table_owner, can_change = row
    if superuser:
        return f"the application connects as {user}, a superuser: it can drop the audit triggers"
    if table_owner == user:
        return f"the application role {user} owns audit_event: it can drop or disable its triggers"
    if can_change:
        return f"the application role {user} may UPDATE, DELETE or TRUNCATE audit_event"
    return None


def doctor_checks(settings: Settings, check: Any) -> list[Any]:
    """Return doctor's checks of the audit trail (``check`` is doctor's Check class)."""
    import time

    from bursar.audit import checkpoints as audit_checkpoints
    from bursar.audit import keys as audit_keys

    out = []
    try:
        key = audit_keys.load_signing_key(settings)
    except Exception as exc:  # a broken key file must show here, not as a traceback
        key = None
        out.append(check("audit key", "missing", str(exc), "restore the key file"))
    else:
        if key is None:
            out.append(check("audit key", "warn", "no signing key yet", "run `bursar init`"))
        else:
            trusted = len(audit_keys.read_keyring(audit_keys.keyring_path(settings)))
            out.append(check("audit key", "ok", f"signing key {key.key_id}; {trusted} trusted"))
    log = audit_checkpoints.log_path(settings)
    if log.exists():
        age = int(time.time() - log.stat().st_mtime)
        mirror = settings.audit_witness_socket or settings.audit_mirror_dir or settings.audit_syslog
        out.append(
            check(
                "audit checkpoints",
                "ok" if mirror else "warn",
                f"{log}, last written {age} s ago"
                + (f"; second copy: {mirror}" if mirror else "; no second destination"),
                "" if mirror else "set audit_mirror_dir (another share) or audit_syslog",
            )
        )
    elif key is not None:
        out.append(check("audit checkpoints", "missing", f"{log} is missing", "investigate"))
    out += _anchor_checks(settings, check, key)
    if settings.is_sqlite:
        out.append(
            check(
                "audit role",
                "ok",
                "SQLite: file access is the boundary; signatures and checkpoints protect the trail",
            )
        )
        return out
    try:
        problem = role_problem(settings.db_url)
    except Exception as exc:
        return out + [check("audit role", "warn", f"not checked: {type(exc).__name__}")]
    if problem:
        out.append(check("audit role", "warn", problem, "run `bursar db roles` (README)"))
    else:
        out.append(check("audit role", "ok", "the app may only INSERT and SELECT on audit_event"))
    return out


def _anchor_checks(settings: Settings, check: Any, key: Any) -> list[Any]:
    """Doctor's view of the trust anchors (issue 22): pinned keys and the witness."""
    import os

    from bursar.audit import keys as audit_keys
    from bursar.audit import witness as audit_witness

    out = []
    pins = settings.audit_trusted_keys
    if pins is None:
        out.append(
            check(
                "audit anchors",
                "warn",
                "trusted keys not pinned: whoever holds BURSAR_HOME can bring a key of their own",
                "as root: `bursar audit pin --file /opt/bursar/etc/audit-trusted-keys.pem` "
                "and set audit_trusted_keys (README, audit trust anchors)",
            )
        )
    else:
        pinned = audit_keys.pinned_keys(settings) or {}
        state, fix = "ok", ""
        if key is not None and key.key_id not in pinned:
            state, fix = "missing", "restore the pinned signing key (nothing can be signed)"
        elif os.access(pins.expanduser(), os.W_OK) and os.geteuid() != 0:
            state, fix = "warn", f"make {pins} root's: the service user must not write it"
        out.append(check("audit pinned keys", state, f"{len(pinned)} pinned in {pins}", fix))
    if settings.audit_witness_dir is None:
        return out
    held = audit_witness.describe(settings.audit_witness_dir)
    state = "ok" if held["lines"] else "missing"
    out.append(
        check(
            "audit witness",
            state,
            f"{held['log']}: {held['lines']} lines, up to seq {held['seq']} at {held['at']}",
            "" if state == "ok" else "start bursar-witness.service, then `bursar audit checkpoint`",
        )
    )
    return out
