"""Passkeys (WebAuthn, with py_webauthn): register several per user, sign in with one as the
second factor after the password.

* A challenge is a ``webauthn_challenge`` row bound to one session (registration: the
  signed-in session; sign-in: a pending-sign-in token in a strict cookie), used once (the row
  is deleted when its answer arrives, right or wrong) and expiring after ``CHALLENGE_SECONDS``.
* The relying party is the inbox's own address: ``inbox_url`` (``BURSAR_INBOX_URL``) gives
  the origin and RP ID; unset, the address the request came to.
* The credential id, public key and sign counter are sealed with the vault key, with the
  owner's name inside; the row keeps only a sha256 of the credential id to find it.
* The sign counter must grow: an answer whose counter is not above the stored one (a cloned
  authenticator, or a replay) is refused and audited ``user.passkey_counter_regressed``.
* Audit events carry the passkey's row id and label, never key material.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import Session, col, select

from bursar import audit
from bursar.errors import InputError
from bursar.records import Passkey, WebAuthnChallenge
from bursar.secrets import seal, unseal
from bursar.types import utcnow

CHALLENGE_SECONDS = 300
MAX_PASSKEYS = 10
RP_NAME = "Bursar"


@dataclass(frozen=True)
class RelyingParty:
    """Where passkeys belong: the RP ID (a host name) and the origin the browser reports."""

    id: str
    origin: str


def relying_party(inbox_url: str | None, request_base: str) -> RelyingParty:
    """Return the relying party for ``inbox_url`` (the setting), else the request's base URL."""
    parts = urlsplit((inbox_url or request_base).rstrip("/"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"inbox_url must be an http(s) address, got {inbox_url!r}")
    return RelyingParty(id=parts.hostname, origin=f"{parts.scheme}://{parts.netloc}")


def handle_of(credential_id: bytes) -> str:
    """Return the row's lookup key for a credential id (its sha256)."""
    return hashlib.sha256(credential_id).hexdigest()


def _challenge_key(purpose: str, token: str) -> str:
    return hashlib.sha256(f"{purpose}:{token}".encode()).hexdigest()


def _user_id(name: str) -> bytes:
    # WebAuthn's user handle must not be personal data; a hash of the name is stable per user
    return hashlib.sha256(b"bursar-user:" + name.encode()).digest()[:32]


def user_passkeys(session: Session, name: str) -> list[Passkey]:
    """Return the user's passkeys, oldest first."""
    rows = session.exec(
        select(Passkey).where(Passkey.user_name == name).order_by(col(Passkey.id))
    ).all()
    return list(rows)


def has_passkeys(session: Session, name: str) -> bool:
    """True when the user called ``name`` has at least one passkey."""
    found = session.exec(select(Passkey.id).where(Passkey.user_name == name)).first()
    return found is not None


def _open(row: Passkey) -> dict[str, Any]:
    """Return a row's sealed data; refuse one whose seal names another user or credential
    (moved or edited in the database)."""
    data = json.loads(unseal(row.sealed))
    cred = bytes.fromhex(data.get("credential_id", ""))
    if data.get("user") != row.user_name or handle_of(cred) != row.handle:
        raise InputError("a passkey's sealed data does not belong to its row", code="tampered")
    return data


def _seal(name: str, credential_id: bytes, public_key: bytes, count: int, transports: Any) -> str:
    return seal(
        json.dumps(
            {
                "user": name,
                "credential_id": credential_id.hex(),
                "public_key": public_key.hex(),
                "sign_count": count,
                "transports": transports or [],
            },
            sort_keys=True,
        )
    )


def _store_challenge(
    session: Session, purpose: str, token: str, name: str, challenge: bytes
) -> None:
    from webauthn.helpers import bytes_to_base64url

    key = _challenge_key(purpose, token)
    row = session.get(WebAuthnChallenge, key) or WebAuthnChallenge(
        id=key, purpose=purpose, user_name=name, challenge=""
    )
    row.user_name, row.challenge = name, bytes_to_base64url(challenge)
    row.expires_at = utcnow() + timedelta(seconds=CHALLENGE_SECONDS)
    session.add(row)


def take_challenge(session: Session, purpose: str, token: str) -> WebAuthnChallenge | None:
    """Return and delete the challenge bound to ``token`` (single use); None when there is
    none or it expired."""
    row = session.get(WebAuthnChallenge, _challenge_key(purpose, token))
    if row is None:
        return None
    session.delete(row)
    session.flush()
    if row.expires_at is None or utcnow() >= row.expires_at:
        return None
    return row


def peek_challenge(session: Session, purpose: str, token: str) -> WebAuthnChallenge | None:
    """Return the live challenge bound to ``token`` without using it up."""
    row = session.get(WebAuthnChallenge, _challenge_key(purpose, token))
    if row is None or row.expires_at is None or utcnow() >= row.expires_at:
        return None
    return row


# --- registration ------------------------------------------------------------------------------


def registration_options(session: Session, name: str, sid: str, rp: RelyingParty) -> str:
    """Return the JSON options for ``navigator.credentials.create``; the challenge is bound
    to the session ``sid``."""
    from webauthn import generate_registration_options, options_to_json
    from webauthn.helpers.structs import (
        AuthenticatorSelectionCriteria,
        PublicKeyCredentialDescriptor,
        ResidentKeyRequirement,
        UserVerificationRequirement,
    )

    have = user_passkeys(session, name)
    if len(have) >= MAX_PASSKEYS:
        raise InputError(f"at most {MAX_PASSKEYS} passkeys per user; remove one first")
    exclude = [
        PublicKeyCredentialDescriptor(id=bytes.fromhex(_open(p)["credential_id"])) for p in have
    ]
    options = generate_registration_options(
        rp_id=rp.id,
        rp_name=RP_NAME,
        user_name=name,
        user_id=_user_id(name),
        exclude_credentials=exclude,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    _store_challenge(session, "register", sid, name, options.challenge)
    return options_to_json(options)


def _check_label(label: str) -> str:
    label = " ".join((label or "").split())
    if not label or len(label) > 64:
        raise InputError("name the passkey (1-64 characters), e.g. 'laptop' or 'security key'")
    return label


def register(
    session: Session, name: str, sid: str, label: str, credential: Any, rp: RelyingParty
) -> Passkey:
    """Verify the browser's answer to the session's registration challenge and store the
    passkey sealed (audited ``user.passkey_added`` with the labels before and after)."""
    from webauthn import verify_registration_response
    from webauthn.helpers.exceptions import WebAuthnException

    label = _check_label(label)
    if not isinstance(credential, dict):
        raise InputError("no passkey in the request", code="bad_passkey")
    pending = take_challenge(session, "register", sid)
    if pending is None or pending.user_name != name:
        raise InputError("the passkey request expired; start again", code="expired")
    from webauthn.helpers import base64url_to_bytes

    try:
        done = verify_registration_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(pending.challenge),
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"the passkey was not accepted: {exc}", code="bad_passkey") from exc
    handle = handle_of(done.credential_id)
    if session.exec(select(Passkey.id).where(Passkey.handle == handle)).first() is not None:
        raise InputError("this passkey is already registered", code="exists")
    before = [p.label for p in user_passkeys(session, name)]
    said = credential.get("response", {}).get("transports")  # verified above: a dict
    transports = [t for t in said if isinstance(t, str)][:8] if isinstance(said, list) else []
    row = Passkey(
        user_name=name,
        label=label,
        handle=handle,
        sealed=_seal(
            name, done.credential_id, done.credential_public_key, done.sign_count, transports
        ),
    )
    session.add(row)
    session.flush()
    audit.append(
        session, name, "user.passkey_added", f"user/{name}",
        {"passkey": {"id": row.id, "label": label},
         "before": {"passkeys": before}, "after": {"passkeys": [*before, label]}},
    )  # fmt: skip
    return row


def remove(
    session: Session, name: str, passkey_id: int, *, actor: str, keep: str | None = None
) -> Passkey:
    """Delete one of ``name``'s passkeys (audited ``user.passkey_removed``, before/after);
    every other session of the user ends (but ``keep``, the session that removed it), as
    when a TOTP secret changes: a lost device's sessions go with it."""
    from bursar.inbox.security import revoke_sessions

    row = session.get(Passkey, passkey_id)
    if row is None or row.user_name != name:
        raise InputError(f"no passkey {passkey_id} of {name}", code="not_found")
    before = [p.label for p in user_passkeys(session, name)]
    after = [p.label for p in user_passkeys(session, name) if p.id != row.id]
    session.delete(row)
    ended = revoke_sessions(session, name, "passkey_removed", keep=keep)
    audit.append(
        session, actor, "user.passkey_removed", f"user/{name}",
        {"passkey": {"id": passkey_id, "label": row.label}, "sessions_ended": ended,
         "before": {"passkeys": before}, "after": {"passkeys": after}},
    )  # fmt: skip
    return row


# --- sign-in (the second factor) ----------------------------------------------------------------

SIGNIN = "signin"
SIGNIN_WRONG = "signin-x"  # the password was wrong: the step runs, then refuses


def begin_signin(session: Session, name: str, *, password_ok: bool) -> str:
    """Start the passkey step for ``name``; return the pending token for its cookie."""
    from webauthn.helpers import generate_challenge

    token = secrets.token_urlsafe(32)
    purpose = SIGNIN if password_ok else SIGNIN_WRONG
    _store_challenge(session, purpose, token, name, generate_challenge())
    return token


def _pending(session: Session, token: str, *, take: bool) -> tuple[WebAuthnChallenge | None, bool]:
    """Return the pending sign-in for ``token`` and whether its password was right."""
    get = take_challenge if take else peek_challenge
    for purpose, ok in ((SIGNIN, True), (SIGNIN_WRONG, False)):
        row = get(session, purpose, token)
        if row is not None:
            return row, ok
    return None, False


def pending_user(session: Session, token: str) -> str | None:
    """Return the user name of the live pending sign-in ``token`` (None: none)."""
    row, _ = _pending(session, token, take=False)
    return row.user_name if row is not None else None


def signin_options(session: Session, token: str, rp: RelyingParty) -> str | None:
    """Return the JSON options for ``navigator.credentials.get`` of the pending sign-in
    (None when it expired or was used)."""
    from webauthn import generate_authentication_options, options_to_json
    from webauthn.helpers import base64url_to_bytes
    from webauthn.helpers.structs import PublicKeyCredentialDescriptor, UserVerificationRequirement

    row, _ = _pending(session, token, take=False)
    if row is None:
        return None
    allow = []
    for p in user_passkeys(session, row.user_name):
        try:
            allow.append(PublicKeyCredentialDescriptor(id=bytes.fromhex(_open(p)["credential_id"])))
        except InputError:
            continue  # a tampered row is left out; the audit records it when it is used
    options = generate_authentication_options(
        rp_id=rp.id,
        challenge=base64url_to_bytes(row.challenge),
        allow_credentials=allow,
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    return options_to_json(options)


@dataclass(frozen=True)
class SigninResult:
    """The passkey step's outcome: the user signed in, or who was refused and why."""

    user: str | None
    name: str | None
    reason: str = ""


def finish_signin(
    session: Session, token: str, credential: Any, rp: RelyingParty, ip: str
) -> SigninResult:
    """Verify the browser's answer for the pending sign-in ``token``; refusals audited."""
    row, password_ok = _pending(session, token, take=True)
    if row is None:
        return SigninResult(None, None, "expired")
    name = row.user_name
    result = _verify(session, row, credential, rp)
    if result.reason == "" and not password_ok:
        result = SigninResult(None, name, "wrong_password")
    if result.user is None:
        audit.append(session, "anonymous", "user.passkey_refused", f"user/{name}",
                     {"reason": result.reason, "ip": ip[:64]})  # fmt: skip
    return result


def _verify(
    session: Session, pending: WebAuthnChallenge, credential: Any, rp: RelyingParty
) -> SigninResult:
    from webauthn import verify_authentication_response
    from webauthn.helpers import base64url_to_bytes
    from webauthn.helpers.exceptions import WebAuthnException

    name = pending.user_name
    try:
        raw_id = base64url_to_bytes(str(credential["rawId"]))
    except (KeyError, TypeError, ValueError):
        return SigninResult(None, name, "malformed")
    row = session.exec(select(Passkey).where(Passkey.handle == handle_of(raw_id))).first()
    if row is None or row.user_name != name:
        return SigninResult(None, name, "unknown_credential")
    try:
        data = _open(row)
    except InputError:
        return SigninResult(None, name, "tampered")
    try:
        done = verify_authentication_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(pending.challenge),
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            credential_public_key=bytes.fromhex(data["public_key"]),
            credential_current_sign_count=0,  # checked below, once the signature holds
        )
    except (WebAuthnException, ValueError, KeyError, TypeError, AttributeError):
        return SigninResult(None, name, "invalid_response")
    stored = int(data.get("sign_count") or 0)
    if (done.new_sign_count or stored) and done.new_sign_count <= stored:
        audit.append(
            session, "anonymous", "user.passkey_counter_regressed", f"user/{name}",
            {"passkey": {"id": row.id, "label": row.label},
             "stored_count": stored, "presented_count": done.new_sign_count},
        )  # fmt: skip
        return SigninResult(None, name, "counter_regressed")
    row.sealed = _seal(
        name, raw_id, bytes.fromhex(data["public_key"]), done.new_sign_count, data.get("transports")
    )
    row.last_used_at = utcnow()
    session.add(row)
    return SigninResult(name, name)
