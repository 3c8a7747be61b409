"""The OpenID Connect back end (``authlib``): authorisation code flow with PKCE (S256),
``state`` and ``nonce``, the ID token checked against the provider's JWKS (signature,
issuer, audience, expiry, nonce, ``at_hash``), the groups claim mapped to a role.

Re-check: at later requests (through a cache of ``recheck_seconds``) the provider's
userinfo endpoint is asked with the sign-in's access token; when that token has expired
the refresh token (if the provider gave one) is used. A refused token, a disabled account
or a person no longer in a mapped group ends the session.
"""

from __future__ import annotations

import hmac
import threading
import time
from typing import Any

from bursar import secrets
from bursar.config import OidcSettings, SigninGroup
from bursar.errors import SystemError_

from .mapping import Verdict, verdict_for

MFA_AMR = frozenset({"mfa", "otp", "hwk", "swk", "sc", "fpt", "face", "iris", "retina"})


class Refused(Exception):
    """The provider's answer does not sign anyone in (the message says why, one line)."""


class OidcBackend:
    """One OpenID provider and Bursar's client registration there."""

    source = "oidc"
    METADATA_TTL = 3600.0

    def __init__(self, cfg: OidcSettings, mapping: list[SigninGroup]):
        self.cfg, self.mapping = cfg, mapping
        self.issuer = cfg.issuer.rstrip("/")
        self._lock = threading.Lock()
        self._meta: tuple[float, dict[str, Any]] | None = None
        self._jwks: dict[str, Any] | None = None

    # --- the provider's documents ----------------------------------------------------------

    def _get(self, url: str, **kwargs: Any) -> Any:
        import httpx

        try:
            return httpx.get(url, timeout=self.cfg.timeout, **kwargs)
        except httpx.HTTPError as exc:
            raise SystemError_(
                f"the identity provider cannot be reached ({type(exc).__name__})", where="oidc"
            ) from None

    def metadata(self) -> dict[str, Any]:
        """Return the provider's discovery document (cached for an hour)."""
        with self._lock:
            if self._meta and time.monotonic() - self._meta[0] < self.METADATA_TTL:
                return self._meta[1]
        resp = self._get(self.issuer + "/.well-known/openid-configuration")
        if resp.status_code != 200:
            raise SystemError_(
                f"the identity provider's discovery document answered {resp.status_code}",
                where="oidc",
            )
        meta = resp.json()
        if str(meta.get("issuer", "")).rstrip("/") != self.issuer:
            raise SystemError_(
                "the identity provider names another issuer than [signin.oidc] issuer",
                where="oidc",
            )
        with self._lock:
            self._meta = (time.monotonic(), meta)
        return meta

    def jwks(self, refresh: bool = False) -> dict[str, Any]:
        if self._jwks is None or refresh:
            resp = self._get(self.metadata()["jwks_uri"])
            if resp.status_code != 200:
                raise SystemError_("the identity provider's JWKS cannot be read", where="oidc")
            self._jwks = resp.json()
        return self._jwks

    def _client(self, redirect_uri: str | None = None, token: dict[str, Any] | None = None) -> Any:
        from authlib.integrations.httpx_client import OAuth2Client

        secret = secrets.require(self.cfg.client_secret_name, what="the OpenID client")
        return OAuth2Client(
            client_id=self.cfg.client_id, client_secret=secret, scope=" ".join(self.cfg.scopes),
            redirect_uri=redirect_uri, code_challenge_method="S256", token=token,
            timeout=self.cfg.timeout,
        )  # fmt: skip

    # --- sign-in ---------------------------------------------------------------------------

    def start(self, redirect_uri: str) -> tuple[str, dict[str, str]]:
        """Return the provider's authorisation URL and what the callback must check
        (state, nonce, PKCE verifier), to be kept in a signed, short-lived cookie."""
        from authlib.common.security import generate_token

        nonce, verifier = generate_token(32), generate_token(64)
        with self._client(redirect_uri) as client:
            extra = {"prompt": self.cfg.prompt} if self.cfg.prompt else {}
            url, state = client.create_authorization_url(
                self.metadata()["authorization_endpoint"],
                nonce=nonce,
                code_verifier=verifier,
                **extra,
            )
        return url, {"state": state, "nonce": nonce, "verifier": verifier}

    def finish(
        self, redirect_uri: str, pending: dict[str, str], params: dict[str, str]
    ) -> tuple[Verdict, dict[str, Any], dict[str, Any]]:
        """Check the provider's answer at the callback; return the verdict, the token
        response and the ID token's claims. Raise ``Refused`` when it signs no one in."""
        if params.get("error"):
            raise Refused(f"the identity provider answered {params['error'][:60]}")
        if not hmac.compare_digest(str(params.get("state", "")), pending.get("state", "")):
            raise Refused("the sign-in's state does not match; start again")
        iss = params.get("iss")
        if iss is not None and iss.rstrip("/") != self.issuer:  # RFC 9207 mix-up defence
            raise Refused("the answer comes from another issuer")
        code = params.get("code")
        if not code:
            raise Refused("the identity provider sent no authorisation code")
        from authlib.integrations.base_client.errors import OAuthError

        try:
            with self._client(redirect_uri) as client:
                token = dict(client.fetch_token(
                    self.metadata()["token_endpoint"], code=code,
                    code_verifier=pending["verifier"], grant_type="authorization_code",
                ))  # fmt: skip
        except OAuthError as exc:
            raise Refused(f"the identity provider refused the code ({exc.error})") from None
        claims = self.id_token_claims(token, pending["nonce"])
        info = dict(claims)
        if self.cfg.groups_claim not in info or self.cfg.username_claim not in info:
            info.update(self._userinfo(token["access_token"]) or {})
        return self._verdict(claims["sub"], info), token, claims

    def id_token_claims(self, token: dict[str, Any], nonce: str) -> dict[str, Any]:
        """Return the ID token's claims once signature, issuer, audience, times, nonce and
        at_hash hold; raise ``Refused`` otherwise."""
        from authlib.jose import JsonWebKey, jwt
        from authlib.jose.errors import JoseError
        from authlib.oidc.core import CodeIDToken

        try:  # authlib 1.6+ validates claims with joserfc and raises its errors
            from joserfc.errors import JoseError as RfcJoseError
        except ImportError:  # pragma: no cover - older authlib
            RfcJoseError = JoseError  # noqa: N806

        raw = token.get("id_token")
        if not raw:
            raise Refused("the identity provider sent no ID token")
        options = {
            "iss": {"essential": True, "values": [self.issuer, self.issuer + "/"]},
            "sub": {"essential": True},
        }
        params = {"nonce": nonce, "client_id": self.cfg.client_id,
                  "access_token": token.get("access_token")}  # fmt: skip
        for refresh in (False, True):  # a key the provider rotated in since: read JWKS again
            try:
                keys = JsonWebKey.import_key_set(self.jwks(refresh=refresh))
                claims = jwt.decode(raw, keys, claims_cls=CodeIDToken,
                                    claims_options=options, claims_params=params)  # fmt: skip
                claims.validate(leeway=60)
                return dict(claims)
            except (JoseError, RfcJoseError, ValueError) as exc:
                if refresh:
                    raise Refused(f"the ID token is not valid ({type(exc).__name__})") from None
        raise AssertionError("unreachable")

    def _verdict(self, sub: str, info: dict[str, Any]) -> Verdict:
        username = str(info.get(self.cfg.username_claim) or "").strip()
        groups = info.get(self.cfg.groups_claim) or []
        if isinstance(groups, str):
            groups = [groups]
        subject = f"{self.issuer}|{sub}"
        if not username:
            return Verdict(False, "", subject, reason="no_username")
        return verdict_for(self.mapping, username=username, subject=subject,
                           groups=[str(g) for g in groups])  # fmt: skip

    def has_mfa(self, claims: dict[str, Any]) -> bool:
        """True when the ID token says the provider used a second factor (RFC 8176 amr)."""
        amr = claims.get("amr") or []
        return bool(set(amr if isinstance(amr, list) else [amr]) & MFA_AMR)

    # --- re-check --------------------------------------------------------------------------

    def _userinfo(self, access_token: str) -> dict[str, Any] | None:
        """Return the userinfo answer, or None when the provider refuses the token."""
        endpoint = self.metadata().get("userinfo_endpoint")
        if not endpoint:
            raise SystemError_("the identity provider has no userinfo endpoint", where="oidc")
        resp = self._get(endpoint, headers={"Authorization": f"Bearer {access_token}"})
        if resp.status_code in (400, 401, 403):
            return None
        if resp.status_code != 200:
            raise SystemError_(f"the provider's userinfo answered {resp.status_code}", where="oidc")
        return dict(resp.json())

    def refresh(self, refresh_token: str) -> dict[str, Any] | None:
        """Return new tokens for ``refresh_token``, or None when the provider refuses."""
        from authlib.integrations.base_client.errors import OAuthError

        try:
            with self._client() as client:
                return dict(client.refresh_token(
                    self.metadata()["token_endpoint"], refresh_token=refresh_token
                ))  # fmt: skip
        except OAuthError:
            return None

    def recheck(
        self, subject: str, access_token: str, refresh_token: str | None
    ) -> tuple[Verdict, dict[str, Any] | None]:
        """Ask the provider about the person of ``subject`` now; return the verdict and new
        tokens when the old access token had to be refreshed."""
        info, fresh = self._userinfo(access_token), None
        if info is None and refresh_token:
            fresh = self.refresh(refresh_token)
            if fresh is not None:
                info = self._userinfo(fresh["access_token"])
        if info is None:
            return Verdict(False, subject=subject, reason="token_refused"), None
        verdict = self._verdict(str(info.get("sub", "")), info)
        if verdict.subject != subject:
            return Verdict(False, subject=subject, reason="another_subject"), None
        return verdict, fresh
