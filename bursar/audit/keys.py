"""Signing keys of the audit trail: Ed25519, kept outside the database.

The active private key is a PEM file (``BURSAR_HOME/keys/audit-signing.key``, mode 0600,
folder 0700), or ``audit_key_file``, or the text of ``BURSAR_AUDIT_KEY``. Every public
key that ever signed is kept in the keyring ``BURSAR_HOME/keys/audit-public.pem``: that
file, not the database, is what verification trusts, so a database user without the
private key can neither forge an event nor bring a key of their own.

Where the service user can write that keyring, it could also bring a key of its own
(issue 22). ``audit_trusted_keys`` pins the trusted keys in a file it cannot write
(``bursar audit pin``, run as root): once set, verification trusts that file only, and
the app never makes or adds a key; a missing or replaced signing key stops signing.

A key id is the first 16 hex digits of the sha256 of the raw public key.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import fcntl
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bursar.config import Settings
from bursar.errors import ConfigError, InputError, SystemError_

EVENT_DOMAIN = b"bursar.audit.event.v1:"
CHECKPOINT_DOMAIN = b"bursar.audit.checkpoint.v1:"
_PEM_BEGIN = "-----BEGIN PUBLIC KEY-----"
_PEM_END = "-----END PUBLIC KEY-----"


@dataclass(frozen=True)
class SigningKey:
    """The private key that signs new events and checkpoints."""

    key_id: str
    private: Ed25519PrivateKey
    source: str  # where it was read from, for messages (never the key itself)

    def sign(self, message: bytes) -> str:
        """Return the base64 Ed25519 signature of ``message``."""
        return base64.b64encode(self.private.sign(message)).decode("ascii")

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()


def key_id(public: Ed25519PublicKey) -> str:
    """Return the id of a public key (16 hex digits)."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_pem(public: Ed25519PublicKey) -> str:
    """Return a public key as PEM text."""
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def verify_signature(public: Ed25519PublicKey, message: bytes, sig: str) -> bool:
    """True when ``sig`` (base64) is ``public``'s signature of ``message``."""
    try:
        public.verify(base64.b64decode(sig, validate=True), message)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


# --- where keys live ----------------------------------------------------------------------------


_paths: dict[tuple, tuple[Path, Path, Path]] = {}


def _key_paths(settings: Settings) -> tuple[Path, Path, Path]:
    # Resolving BURSAR_HOME costs syscalls; appends ask on every event, so remember it.
    where = (settings.home, settings.audit_key_file, os.getcwd())
    if where not in _paths:
        keys = settings.home_dir / "keys"
        active = (settings.audit_key_file or keys / "audit-signing.key").expanduser()
        _paths[where] = (keys, active, keys / "audit-public.pem")
    return _paths[where]


def keys_dir(settings: Settings) -> Path:
    return _key_paths(settings)[0]


def signing_key_path(settings: Settings) -> Path:
    return _key_paths(settings)[1]


def keyring_path(settings: Settings) -> Path:
    return _key_paths(settings)[2]


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(PermissionError):  # a folder we do not own keeps its mode
        os.chmod(path, 0o700)


@contextlib.contextmanager
def _locked(path: Path, mode: str = "a+") -> Iterator:
    """Open ``path`` with an exclusive lock held (across processes) while in use."""
    with path.open(mode, encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield fh
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# --- the signing key ------------------------------------------------------------------------------

_cache: dict[tuple, SigningKey] = {}


def _parse_private(text: str, source: str) -> SigningKey:
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_private_key(text.encode("ascii"), password=None)
        else:
            key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(text))
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"not an Ed25519 private key (PEM or 64 hex digits): {source}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError(f"not an Ed25519 private key: {source}")
    return SigningKey(key_id(key.public_key()), key, source)


def load_signing_key(settings: Settings) -> SigningKey | None:
    """Return the active signing key, or None when none exists yet."""
    env = os.environ.get("BURSAR_AUDIT_KEY")
    if env:
        cache_key: tuple = ("env", hashlib.sha256(env.encode()).hexdigest())
        if cache_key not in _cache:
            _cache[cache_key] = _parse_private(env, "BURSAR_AUDIT_KEY")
        return _cache[cache_key]
    path = signing_key_path(settings)
    try:
        st = path.stat()
    except FileNotFoundError:
        if settings.audit_key_file is not None:  # named explicitly: never invent one there
            raise ConfigError(
                f"audit_key_file {path} does not exist; restore it or run `bursar init`"
            ) from None
        return None
    cache_key = (str(path), st.st_ino, st.st_mtime_ns, st.st_size)
    if cache_key not in _cache:
        try:
            text = path.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            raise SystemError_(f"cannot read the audit signing key {path}: {exc}") from exc
        _cache[cache_key] = _parse_private(text, str(path))
    return _cache[cache_key]


def _write_private(path: Path, key: Ed25519PrivateKey, *, replace: bool) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, 0o600)
    try:
        if replace:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails when another process made one first: keep theirs
    finally:
        tmp.unlink(missing_ok=True)


def create_signing_key(settings: Settings) -> tuple[SigningKey, bool]:
    """Create the signing key file when there is none; return (key, created)."""
    existing = load_signing_key_or_none(settings)
    if existing is not None:
        return existing, False
    path = signing_key_path(settings)
    try:
        _write_private(path, Ed25519PrivateKey.generate(), replace=False)
        created = True
    except FileExistsError:
        created = False
    except OSError as exc:
        raise SystemError_(f"cannot write the audit signing key {path}: {exc}") from exc
    key = load_signing_key_or_none(settings)
    assert key is not None
    trust(settings, key.public)
    return key, created


def load_signing_key_or_none(settings: Settings) -> SigningKey | None:
    """Like ``load_signing_key``, but a missing explicitly named file is None too."""
    if not os.environ.get("BURSAR_AUDIT_KEY") and not signing_key_path(settings).exists():
        return None
    return load_signing_key(settings)


def rotate_signing_key(settings: Settings) -> tuple[SigningKey, SigningKey]:
    """Put a new key in place of the active one; return (old, new). Old public key stays."""
    if os.environ.get("BURSAR_AUDIT_KEY"):
        raise InputError("the signing key comes from BURSAR_AUDIT_KEY: change it there")
    old = load_signing_key(settings)
    if old is None:
        raise InputError("there is no signing key to rotate yet; run `bursar init`")
    if settings.audit_trusted_keys is not None:
        return old, _rotate_pinned(settings)
    new = Ed25519PrivateKey.generate()
    trust(settings, new.public_key())  # trusted before it signs anything
    _write_private(signing_key_path(settings), new, replace=True)
    return old, SigningKey(key_id(new.public_key()), new, str(signing_key_path(settings)))


def _rotate_pinned(settings: Settings) -> SigningKey:
    """With pinned keys, rotating takes two runs: the new key waits in ``.next`` until pinned."""
    active = signing_key_path(settings)
    nxt = active.with_name(active.name + ".next")
    if not nxt.exists():
        with contextlib.suppress(FileExistsError):
            _write_private(nxt, Ed25519PrivateKey.generate(), replace=False)
    new = _parse_private(nxt.read_text(encoding="ascii"), str(active))
    trust(settings, new.public)
    if new.key_id not in (pinned_keys(settings) or {}):
        raise InputError(
            f"the new audit key {new.key_id} is ready ({nxt}) but not pinned: as root run "
            f"`bursar audit pin --key-id {new.key_id}`, then `bursar audit rotate-key` again"
        )
    os.replace(nxt, active)
    return new


# --- the keyring of trusted public keys -----------------------------------------------------------


def parse_public_keys(text: str, source: str) -> dict[str, Ed25519PublicKey]:
    """Return every PEM public key in ``text`` by key id (a bad block is an InputError)."""
    keys: dict[str, Ed25519PublicKey] = {}
    for block in text.split(_PEM_BEGIN)[1:]:
        body = _PEM_BEGIN + block.split(_PEM_END)[0] + _PEM_END + "\n"
        try:
            key = serialization.load_pem_public_key(body.encode("ascii"))
        except (ValueError, UnicodeEncodeError) as exc:
            raise InputError(f"not a readable public key in {source}") from exc
        if not isinstance(key, Ed25519PublicKey):
            raise InputError(f"not an Ed25519 public key in {source}")
        keys[key_id(key)] = key
    return keys


def read_keyring(path: Path) -> dict[str, Ed25519PublicKey]:
    """Return the trusted public keys in ``path`` (none when it does not exist)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError as exc:
        raise InputError(f"not a public key file: {path}") from exc
    return parse_public_keys(text, str(path))


def trust(settings: Settings, public: Ed25519PublicKey) -> bool:
    """Add ``public`` to the keyring; return True when it was not there yet."""
    path = keyring_path(settings)
    _private_dir(path.parent)
    kid = key_id(public)
    with _locked(path) as fh:
        with contextlib.suppress(PermissionError):  # keys/ holds nothing others may read
            os.chmod(path, 0o600)
        fh.seek(0)
        if kid in parse_public_keys(fh.read(), str(path)):
            return False
        fh.seek(0, os.SEEK_END)
        fh.write(f"# audit key {kid}\n{public_pem(public)}")
        fh.flush()
        os.fsync(fh.fileno())
    return True


# --- pinned trusted keys (issue 22) ---------------------------------------------------------------

_pinned: dict[tuple, dict[str, Ed25519PublicKey]] = {}


def trusted_path(settings: Settings) -> Path:
    """Return the file verification trusts: the pinned keys when set, else the keyring."""
    pinned = settings.audit_trusted_keys
    return pinned.expanduser() if pinned is not None else keyring_path(settings)


def pinned_keys(settings: Settings) -> dict[str, Ed25519PublicKey] | None:
    """Return the pinned keys (empty when the file is missing), or None when not pinned."""
    if settings.audit_trusted_keys is None:
        return None
    path = settings.audit_trusted_keys.expanduser()
    try:
        st = path.stat()
    except FileNotFoundError:
        return {}
    where = (str(path), st.st_ino, st.st_mtime_ns, st.st_size)
    if where not in _pinned:  # appends ask on every event: one stat() when unchanged
        _pinned.clear()
        _pinned[where] = read_keyring(path)
    return _pinned[where]


def require_pinned(settings: Settings, key: SigningKey) -> None:
    """Refuse to sign with a key that is not pinned (only when keys are pinned)."""
    pinned = pinned_keys(settings)
    if pinned is None or key.key_id in pinned:
        return
    where = trusted_path(settings)
    if not where.exists():
        raise ConfigError(
            f"audit_trusted_keys {where} does not exist: pin the signing key {key.key_id} "
            "as root (`bursar audit pin`) before anything is signed"
        )
    raise ConfigError(
        f"the audit signing key {key.key_id} ({key.source}) is not pinned in {where}: "
        "restore the pinned key from the backup; a new key is never trusted by itself"
    )


def missing_pinned_key(settings: Settings) -> ConfigError:
    """The error for a signing key gone while keys are pinned (never make a new one then)."""
    return ConfigError(
        f"the audit signing key {signing_key_path(settings)} is missing and the trusted keys "
        f"are pinned in {trusted_path(settings)}: restore the key from the backup "
        "(a new key would not be trusted)"
    )


def pin(path: Path, publics: dict[str, Ed25519PublicKey]) -> list[str]:
    """Append the keys not yet in ``path`` (created 0644); return the ids added."""
    path.parent.mkdir(parents=True, exist_ok=True)
    added = []
    with _locked(path) as fh:
        os.chmod(path, 0o644)  # public keys: everyone may read, only its owner (root) write
        fh.seek(0)
        have = parse_public_keys(fh.read(), str(path))
        fh.seek(0, os.SEEK_END)
        for kid, public in publics.items():
            if kid not in have:
                fh.write(f"# audit key {kid}\n{public_pem(public)}")
                added.append(kid)
        fh.flush()
        os.fsync(fh.fileno())
    return added
