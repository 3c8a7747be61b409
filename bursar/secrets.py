"""The secrets vault: passwords for ERPs, portals and mailboxes, never in the database.

``get(name)`` reads ``BURSAR_SECRET_<NAME>`` from the environment, else the encrypted file
``BURSAR_HOME/secrets.enc`` (Fernet). The key lives outside the database and outside that
file: ``BURSAR_SECRETS_KEY`` or ``BURSAR_HOME/keys/secrets.key`` (dir 0700, file 0600).

``seal``/``unseal`` encrypt single values kept elsewhere (the users' TOTP secrets and
passkeys in the database) with the same key: a sealed value is ``enc1:<key id>:<Fernet
token>`` (``enc1:<token>`` before key ids); text without the prefix is a value stored in
plain by an older Bursar and is handed back as it is.

Keys rotate: the key file holds ``<id> <key>`` lines, the current key first (a file of one
bare key, from before rotation, is key ``v1``). Every key in the file opens values; only the
current one seals. ``bursar.inbox.keyrotation`` adds a key, re-seals everything under it
and then drops the old ones.

Every value handed out is remembered (in this process only) so that ``redact`` can take it
out of any text before that text reaches a log, an exception, the audit trail or a stored
page: a secret never leaves through an error message.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

from bursar.errors import ConfigError, InputError
from bursar.files import write_atomic

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
_handed_out: set[str] = set()
MASK = "********"
SEALED = "enc1:"


def _home() -> Path:
    from bursar.config import get_settings

    return get_settings().home_dir


def vault_path() -> Path:
    """Return where the encrypted secrets file lives."""
    return _home() / "secrets.enc"


def key_path() -> Path:
    """Return where the vault key lives (unless ``BURSAR_SECRETS_KEY`` is set)."""
    return _home() / "keys" / "secrets.key"


def _check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise InputError(
            "a secret name is a letter then letters, digits or _ (at most 64)", where="secrets"
        )
    return name.lower()


def env_var(name: str) -> str:
    """Return the environment variable that overrides secret ``name``."""
    return "BURSAR_SECRET_" + _check_name(name).upper()


KEY_ID = re.compile(r"^v[0-9]{1,9}$")
_ring_cache: dict[str, object] = {}


def _parse_ring(text: str, where: str) -> list[tuple[str, bytes]]:
    """Return ``(key id, key)`` pairs, current first, from keyring text.

    A line is ``<id> <key>``; a line with the key alone is the single key of a Bursar
    from before rotation, known as ``v1``."""
    ring: list[tuple[str, bytes]] = []
    for line in text.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        kid, key = ("v1", parts[0]) if len(parts) == 1 else (parts[0], parts[1])
        if not KEY_ID.match(kid) or any(kid == k for k, _ in ring):
            raise ConfigError(f"{where}: bad or repeated key id {kid!r}", where="secrets")
        ring.append((kid, key.encode()))
    return ring


def key_ring(create: bool = False) -> list[tuple[str, bytes]]:
    """Return the vault keys as ``(key id, key)``, the current one first (empty: no key).

    From ``BURSAR_SECRETS_KEY`` (a key, or ``id key`` pairs separated by commas), else the
    key file; with ``create``, a first key ``v1`` is made (file 0600, folder 0700)."""
    env = os.environ.get("BURSAR_SECRETS_KEY")
    if env:
        return _parse_ring(env.replace(",", "\n"), "BURSAR_SECRETS_KEY")
    path = key_path()
    try:
        st = path.stat()
    except FileNotFoundError:
        st = None
    if st is not None:
        # a new file (rotation renames one in) has a new inode: the cache never goes stale
        stamp = (str(path), st.st_ino, st.st_mtime_ns, st.st_size)
        if _ring_cache.get("stamp") != stamp:
            _ring_cache.update(stamp=stamp, ring=_parse_ring(path.read_text(), str(path)))
        return list(_ring_cache["ring"])
    if not create:
        return []
    from cryptography.fernet import Fernet

    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    key = Fernet.generate_key()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return _parse_ring(path.read_text(), str(path))
    with os.fdopen(fd, "wb") as fh:
        fh.write(b"v1 " + key + b"\n")
    return [("v1", key)]


def write_ring(ring: list[tuple[str, bytes]]) -> None:
    """Replace the key file by ``ring`` (current first) in one atomic rename, 0600."""
    if os.environ.get("BURSAR_SECRETS_KEY"):
        raise ConfigError(
            "the secrets key comes from BURSAR_SECRETS_KEY: rotate it there (put the new "
            "key first: 'v2 NEWKEY,v1 OLDKEY'), or unset it and keep the keys in "
            f"{key_path()}",
            where="secrets",
        )
    lines = ["# bursar secrets keys: the first is current; the others still open old values"]
    lines += [f"{kid} {key.decode()}" for kid, key in ring]
    key_path().parent.mkdir(parents=True, exist_ok=True)
    os.chmod(key_path().parent, 0o700)
    write_atomic(key_path(), ("\n".join(lines) + "\n").encode(), mode=0o600)


def current_key_id() -> str | None:
    """Return the id of the key that seals new values (None: no key yet)."""
    ring = key_ring()
    return ring[0][0] if ring else None


def _fernets(create: bool) -> list[tuple[str, object]]:
    from cryptography.fernet import Fernet

    try:
        return [(kid, Fernet(key)) for kid, key in key_ring(create)]
    except ValueError as exc:
        raise ConfigError("a secrets key is not a valid Fernet key", where="secrets") from exc


def _encrypt(data: bytes) -> str:
    """Return ``<key id>:<Fernet token>`` of ``data`` under the current key (made on first use)."""
    kid, fernet = _fernets(create=True)[0]
    return f"{kid}:" + fernet.encrypt(data).decode("ascii")  # type: ignore[attr-defined]


def _decrypt(text: str, what: str) -> bytes:
    """Return the plain bytes of ``[<key id>:]<token>``; a token without a key id (sealed
    before rotation existed) is tried with every key."""
    from cryptography.fernet import InvalidToken

    kid, sep, token = text.partition(":")
    if not sep:
        kid, token = "", text
    ring = _fernets(create=False)
    if not ring:
        raise ConfigError(
            f"{what} needs the secrets key (BURSAR_SECRETS_KEY or {key_path()})",
            where="secrets",
        )
    for have, fernet in ring:
        if kid and have != kid:
            continue
        try:
            return fernet.decrypt(token.encode("ascii"))  # type: ignore[attr-defined]
        except (InvalidToken, UnicodeError):
            continue
    missing = f" (sealed with key {kid}, which is not in the key ring)" if kid else ""
    raise ConfigError(f"{what} cannot be decrypted with this secrets key{missing}", where="secrets")


def key_id_of(text: str | None) -> str | None:
    """Return the key id a sealed value or the vault file names (None: none, or sealed
    before key ids existed)."""
    body = str(text or "").removeprefix(SEALED)
    kid, sep, _ = body.partition(":")
    return kid if sep and KEY_ID.match(kid) else None


def _load() -> dict[str, str]:
    path = vault_path()
    if not path.exists():
        return {}
    return json.loads(_decrypt(path.read_text().strip(), f"the secrets file {path}"))


def _save(values: dict[str, str]) -> None:
    """Write the vault under the current key: ``<key id>:<Fernet token>``, 0600."""
    token = _encrypt(json.dumps(values, sort_keys=True).encode())
    write_atomic(vault_path(), token.encode("ascii"), mode=0o600)


def vault_key_id() -> str | None:
    """Return the id of the key the vault file is sealed with (None: no file, or from
    before key ids)."""
    path = vault_path()
    return key_id_of(path.read_text().strip()) if path.exists() else None


def reseal_vault() -> int:
    """Re-encrypt the vault file under the current key when another one sealed it (one
    atomic rename: a crash leaves the old file, still readable); return its entry count."""
    path = vault_path()
    if not path.exists():
        return 0
    values = _load()
    if vault_key_id() != current_key_id():
        _save(values)
    return len(values)


def get(name: str) -> str | None:
    """Return the secret ``name`` from the environment or the vault, or None."""
    key = _check_name(name)
    value = os.environ.get(env_var(key))
    if value is None:
        value = _load().get(key)
    if value:
        _handed_out.add(value)
    return value


def require(name: str, *, what: str) -> str:
    """Return secret ``name``; raise a ``ConfigError`` saying how to set it when missing."""
    value = get(name)
    if not value:
        raise ConfigError(
            f"no secret {name!r} for {what}: run `bursar secrets set {name}` "
            f"or set {env_var(name)}",
            where="secrets",
        )
    return value


def set_secret(name: str, value: str) -> None:
    """Store ``value`` under ``name`` in the encrypted vault."""
    key = _check_name(name)
    if not value:
        raise InputError("an empty secret is not stored", where="secrets")
    values = _load()
    values[key] = value
    _save(values)


def remove(name: str) -> bool:
    """Forget secret ``name``; return whether it was there."""
    key = _check_name(name)
    values = _load()
    if key not in values:
        return False
    del values[key]
    _save(values)
    return True


def names() -> list[tuple[str, str]]:
    """Return ``(name, where)`` for every secret known: ``vault`` or ``env``."""
    found = {n: "vault" for n in _load()}
    for var in os.environ:
        if var.startswith("BURSAR_SECRET_") and var != "BURSAR_SECRETS_KEY":
            found[var.removeprefix("BURSAR_SECRET_").lower()] = "env"
    return sorted(found.items())


def is_sealed(text: str | None) -> bool:
    """True when ``text`` is a value ``seal`` encrypted."""
    return bool(text) and str(text).startswith(SEALED)


def seal(value: str) -> str:
    """Return ``value`` encrypted with the current vault key (made on first use):
    ``enc1:<key id>:<token>``."""
    return SEALED + _encrypt(value.encode())


def needs_reseal(text: str | None) -> bool:
    """True when ``text`` is sealed, but not with the current key (rotation's work)."""
    return is_sealed(text) and key_id_of(text) != current_key_id()


def reseal(text: str) -> str:
    """Return ``text`` (sealed, or plain from an older Bursar) sealed with the current key."""
    return seal(unseal(text))


def unseal(text: str) -> str:
    """Return the value ``seal`` encrypted; text that is not sealed (plain, from an older
    Bursar) comes back unchanged. Raise ``ConfigError`` when the key is missing or wrong."""
    if not is_sealed(text):
        return text
    try:
        return _decrypt(text.removeprefix(SEALED), "an encrypted value").decode()
    except UnicodeError as exc:
        raise ConfigError("an encrypted value is damaged", where="secrets") from exc


def remember(value: str) -> None:
    """Treat ``value`` as a secret for ``redact`` (e.g. a password read elsewhere)."""
    if value:
        _handed_out.add(value)


def redact(text: str | None) -> str | None:
    """Return ``text`` with every secret this process handed out replaced by a mask."""
    if not text:
        return text
    for value in sorted(_handed_out, key=len, reverse=True):
        if value in text:
            text = text.replace(value, MASK)
    return text


class RedactingFilter(logging.Filter):
    """A logging filter that masks secrets in the formatted message."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _handed_out:
            msg = record.getMessage()
            clean = redact(msg)
            if clean != msg:
                record.msg, record.args = clean, None
        return True
