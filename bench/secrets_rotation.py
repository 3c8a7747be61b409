"""Key rotation figures: how long ``bursar secrets rotate`` takes for N sealed TOTP seeds and
N passkeys (plus the vault), and what a passkey sign-in's verification costs.

Prints figures; asserts nothing. SQLite in a temporary home.
Usage: python bench/secrets_rotation.py [--users N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BURSAR_HOME"] = str(Path(tmp) / "home")
        os.environ["BURSAR_CONFIG"] = str(Path(tmp) / "absent.toml")
        os.environ.pop("BURSAR_DATABASE_URL", None)
        os.environ.pop("BURSAR_SECRETS_KEY", None)
        from bursar import secrets
        from bursar.config import reset_settings
        from bursar.db import session_scope, upgrade
        from bursar.inbox import keyrotation, passkeys
        from bursar.records import Passkey, User

        reset_settings()
        upgrade()
        secrets.set_secret("ldap_bind_password", "bench-only")
        start = time.perf_counter()
        with session_scope(write=True) as session:
            for n in range(args.users):
                name = f"user{n:05d}"
                session.add(User(name=name, role="approver", password_hash="x",  # noqa: S106
                                 totp_secret=secrets.seal("JBSWY3DPEHPK3PXP")))  # fmt: skip
                cred = os.urandom(32)
                sealed = passkeys._seal(name, cred, os.urandom(77), n, ["internal"])
                session.add(Passkey(user_name=name, label="key", handle=passkeys.handle_of(cred),
                                    sealed=sealed))  # fmt: skip
        seeded = time.perf_counter() - start
        start = time.perf_counter()
        done = keyrotation.rotate(actor="bench")
        took = time.perf_counter() - start
        values = done.totp_seeds + done.passkeys + done.vault_entries
        print(f"seeded {args.users} users with a TOTP seed and a passkey in {seeded:.2f} s")
        print(
            f"rotate: {values} values ({done.totp_seeds} TOTP seeds, {done.passkeys} passkeys, "
            f"{done.vault_entries} vault entries) in {took:.2f} s = {values / took:,.0f} values/s"
        )


if __name__ == "__main__":
    main()
