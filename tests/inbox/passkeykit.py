"""A software WebAuthn authenticator (ES256, attestation "none") for tests that talk to the
server without a browser, and helpers that walk the passkey pages with a TestClient.

It builds the same bytes an authenticator does (authenticator data, COSE key, CBOR
attestation object, client data JSON) and signs with a real P-256 key, so py_webauthn on
the server checks it exactly as it checks Chromium's virtual authenticator.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import re
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from inboxkit import PASSWORD


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class SoftAuthenticator:
    """One credential on one authenticator; ``clone()`` copies it with its counter."""

    def __init__(self, origin: str, rp_id: str):
        self.origin, self.rp_id = origin, rp_id
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.count = 0

    def clone(self) -> SoftAuthenticator:
        twin = copy.copy(self)
        return twin

    def _client_data(self, kind: str, challenge: str) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": False}
        ).encode()

    def _cose(self) -> bytes:
        nums = self.key.public_key().public_numbers()
        return cbor2.dumps(
            {1: 2, 3: -7, -1: 1, -2: nums.x.to_bytes(32, "big"), -3: nums.y.to_bytes(32, "big")}
        )

    def create(self, options: dict[str, Any]) -> dict[str, Any]:
        """Answer ``navigator.credentials.create`` options: a registration credential."""
        client = self._client_data("webauthn.create", options["challenge"])
        cid = self.credential_id
        auth = (
            hashlib.sha256(self.rp_id.encode()).digest()
            + bytes([0x45])  # user present, user verified, attested credential data
            + self.count.to_bytes(4, "big")
            + bytes(16)  # AAGUID
            + len(cid).to_bytes(2, "big")
            + cid
            + self._cose()
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth})
        return {
            "id": b64u(cid),
            "rawId": b64u(cid),
            "type": "public-key",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": b64u(client),
                "attestationObject": b64u(attestation),
                "transports": ["internal"],
            },
        }

    def get(self, options: dict[str, Any]) -> dict[str, Any]:
        """Answer ``navigator.credentials.get`` options: a signed assertion, counter + 1."""
        self.count += 1
        client = self._client_data("webauthn.get", options["challenge"])
        auth = (
            hashlib.sha256(self.rp_id.encode()).digest()
            + bytes([0x05])
            + self.count.to_bytes(4, "big")
        )
        signature = self.key.sign(auth + hashlib.sha256(client).digest(), ec.ECDSA(hashes.SHA256()))
        return {
            "id": b64u(self.credential_id),
            "rawId": b64u(self.credential_id),
            "type": "public-key",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": b64u(client),
                "authenticatorData": b64u(auth),
                "signature": b64u(signature),
            },
        }


def page_csrf(client: Any, path: str = "/account/passkeys") -> str:
    page = client.get(path)
    return re.search(r'data-csrf="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]


def add_passkey(client: Any, auth: SoftAuthenticator, label: str, password: str = PASSWORD) -> Any:
    """Register ``auth`` on the signed-in ``client``'s account (confirming with the
    password); return the last response."""
    csrf = page_csrf(client)
    options = client.post(
        "/account/passkeys/options", json={"password": password}, headers={"X-CSRF-Token": csrf}
    )
    if options.status_code != 200:
        return options
    body = {"label": label, "credential": auth.create(options.json())}
    return client.post("/account/passkeys", json=body, headers={"X-CSRF-Token": csrf})


def password_step(client: Any, name: str, password: str, code: str = "") -> Any:
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    form = {"username": name, "password": password, "code": code, "csrf": token}
    return client.post("/login", data=form, follow_redirects=False)


def passkey_step(client: Any, auth: SoftAuthenticator) -> Any:
    """Answer the pending sign-in's challenge with ``auth``; return the server's answer."""
    options = client.post("/login/passkey/options")
    if options.status_code != 200:
        return options
    return client.post(
        "/login/passkey", json={"next": "/inbox", "credential": auth.get(options.json())}
    )
