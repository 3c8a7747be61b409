"""The secrets vault: passwords for ERPs, portals and mailboxes, never in the database.

``get(name)`` reads ``BURSAR_SECRET_<NAME>`` from the environment, else the encrypted file
``BURSAR_HOME/secrets.enc`` (Fernet). The key lives outside the database and outside that
file: ``BURSAR_SECRETS_KEY`` or ``BURSAR_HOME/keys/secrets.key`` (dir 0700, file 0600).

``seal``/``unseal`` encrypt single values kept elsewhere (the users' TOTP secrets in the
database) with the same key: a sealed value is ``enc1:<Fernet token>``; text without that
prefix is a value stored in plain by an older Bursar and is handed back as it is.

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


def _key(create: bool) -> bytes | None:
    env = os.environ.get("BURSAR_SECRETS_KEY")
    if env:
        return env.encode()
    path = key_path()
    if path.exists():
        return path.read_bytes().strip()
    if not create:
        return None
    from cryptography.fernet import Fernet

    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    key = Fernet.generate_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key + b"\n")
    return key


def _fernet(create: bool):  # type: ignore[no-untyped-def]
    from cryptography.fernet import Fernet

    key = _key(create)
    if key is None:
        return None
    try:
        return Fernet(key)
    except ValueError as exc:
        raise ConfigError("the secrets key is not a valid Fernet key", where="secrets") from exc


def _load() -> dict[str, str]:
    path = vault_path()
    if not path.exists():
        return {}
    fernet = _fernet(create=False)
    if fernet is None:
        raise ConfigError(
            f"{path} exists but its key is missing (BURSAR_SECRETS_KEY or {key_path()})",
            where="secrets",
        )
    from cryptography.fernet import InvalidToken

    try:
        return json.loads(fernet.decrypt(path.read_bytes()))
    except InvalidToken as exc:
        raise ConfigError(
            "the secrets file cannot be decrypted with this key", where="secrets"
        ) from exc


def _save(values: dict[str, str]) -> None:
    fernet = _fernet(create=True)
    token = fernet.encrypt(json.dumps(values, sort_keys=True).encode())
    write_atomic(vault_path(), token, mode=0o600)


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


SEALED = "enc1:"


def is_sealed(text: str | None) -> bool:
    """True when ``text`` is a value ``seal`` encrypted."""
    return bool(text) and str(text).startswith(SEALED)


def seal(value: str) -> str:
    """Return ``value`` encrypted with the vault key (made on first use): ``enc1:<token>``."""
    fernet = _fernet(create=True)
    return SEALED + fernet.encrypt(value.encode()).decode("ascii")


def unseal(text: str) -> str:
    """Return the value ``seal`` encrypted; text that is not sealed (plain, from an older
    Bursar) comes back unchanged. Raise ``ConfigError`` when the key is missing or wrong."""
    if not is_sealed(text):
        return text
    from cryptography.fernet import InvalidToken

    fernet = _fernet(create=False)
    if fernet is None:
        raise ConfigError(
            f"an encrypted value needs the secrets key (BURSAR_SECRETS_KEY or {key_path()})",
            where="secrets",
        )
    try:
        return fernet.decrypt(text.removeprefix(SEALED).encode("ascii")).decode()
    except (InvalidToken, UnicodeError) as exc:
        raise ConfigError(
            "an encrypted value cannot be decrypted with this secrets key", where="secrets"
        ) from exc


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
