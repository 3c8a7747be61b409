"""Settings: ``bursar.toml`` + ``BURSAR_*`` environment variables (env wins).

Secrets (portal passwords, IMAP credentials) are never read from the TOML file;
they come from the environment or the keyring (see ``bursar.secrets``).
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)


def _toml_path() -> Path:
    return Path(os.environ.get("BURSAR_CONFIG", "bursar.toml"))


class CompanySettings(BaseModel):
    """The company running Bursar (issue 10): the buyer on the invoices it receives. Its
    names, VAT IDs and IBANs are never read as a vendor's."""

    names: list[str] = Field(default_factory=list)
    vat_ids: list[str] = Field(default_factory=list)
    ibans: list[str] = Field(default_factory=list)


class SmtpSettings(BaseModel):
    """Where alert emails go (issue 14). The password is the secret ``smtp_password``
    (``bursar secrets set smtp_password``) or ``BURSAR_SMTP_PASSWORD``, never this file."""

    host: str | None = None
    port: int = 25
    username: str | None = None
    sender: str = "bursar@localhost"
    to: list[str] = Field(default_factory=list)
    starttls: bool = False
    ssl: bool = False
    timeout: float = 10.0


class SigninGroup(BaseModel):
    """One ``[[signin.groups]]`` entry (issue 26): members of ``group`` (an LDAP group DN,
    compared without case, or a value of the OIDC groups claim) get ``role``, and
    ``limit`` as their approval limit (unset: the role's default). The first entry that
    matches, in the order written, wins; a person in none is refused."""

    group: str
    role: str
    limit: Decimal | None = None


class LdapSettings(BaseModel):
    """``[signin.ldap]``: the directory (LDAP or Active Directory). The service account's
    password is the secret named ``bind_password_secret``, never this file."""

    url: str = Field(description="ldap://host:389 or ldaps://host:636")
    start_tls: bool = False
    ca_file: Path | None = None
    bind_dn: str | None = Field(
        default=None, description="Service account; unset: re-checks bind anonymously."
    )
    bind_password_secret: str = "ldap_bind_password"  # noqa: S105 - a secret's name
    user_dn_template: str | None = Field(
        default=None,
        description='Direct bind: e.g. "uid={username},ou=people,dc=example,dc=com" '
        "(else the user is searched under user_base).",
    )
    user_base: str = ""
    user_filter: str = "(uid={username})"
    group_attribute: str | None = Field(
        default=None, description='Groups on the user entry, e.g. "memberOf" (AD).'
    )
    group_base: str | None = Field(default=None, description="Else groups searched here.")
    group_filter: str = "(|(member={dn})(uniqueMember={dn}))"
    disabled_filter: str | None = Field(
        default=None,
        description="The user's entry matching this filter is disabled, e.g. AD's "
        '"(userAccountControl:1.2.840.113556.1.4.803:=2)".',
    )
    timeout: float = 5.0


class OidcSettings(BaseModel):
    """``[signin.oidc]``: an OpenID provider. The client secret is the secret named
    ``client_secret_name``, never this file."""

    issuer: str
    client_id: str
    client_secret_name: str = "oidc_client_secret"  # noqa: S105 - a secret's name
    redirect_uri: str | None = Field(
        default=None, description="Default: this server's /login/oidc/callback."
    )
    scopes: list[str] = Field(default_factory=lambda: ["openid", "profile", "email", "groups"])
    prompt: str | None = Field(
        default=None, description='e.g. "consent": some providers give offline_access only so.'
    )
    groups_claim: str = "groups"
    username_claim: str = "preferred_username"
    label: str = "Sign in with your company account"
    timeout: float = 5.0


class SigninSettings(BaseModel):
    """``[signin]``: how people sign in (issue 26). ``backends`` are tried in order for the
    user name + password form (``local``, ``ldap``); ``oidc`` adds a button. Directory and
    provider users are re-checked at least every ``recheck_seconds``."""

    backends: list[Literal["local", "ldap", "oidc"]] = Field(default_factory=lambda: ["local"])
    recheck_seconds: float = Field(default=5.0, ge=0, le=60)
    groups: list[SigninGroup] = Field(default_factory=list)
    ldap: LdapSettings | None = None
    oidc: OidcSettings | None = None


class Settings(BaseSettings):
    """Every setting Bursar reads, with its default."""

    model_config = SettingsConfigDict(env_prefix="BURSAR_", extra="ignore")

    home: Path = Field(default=Path("var"), description="Holds the SQLite DB, store and models.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default is SQLite in BURSAR_HOME."
    )
    ocr_languages: str = Field(default="eng+deu+fra", description="Tesseract languages.")
    ocr_dpi: int = 300
    workers: int | None = Field(default=None, description="Process pool size; default = cores.")
    confidence_threshold: float = 0.80
    rule_pack: str = "default"
    device: str = Field(default="auto", description="auto | cpu | cuda")
    base_model: Path | None = Field(default=None, description="Local BERT-family directory.")
    inbox_secret: str | None = Field(default=None, description="Session-cookie signing key.")
    sla_hours: int = 48
    base_currency: str | None = Field(
        default=None,
        description="Currency of approval limits (ISO 4217); unset: each document's own.",
    )
    fx_rates: dict[str, Decimal] = Field(
        default_factory=dict,
        description='Base-currency units per unit of another currency, e.g. {"GBP": "1.16"}.',
    )
    # --- issue 17: document store ------------------------------------------------------------
    store: Literal["filesystem", "postgresql"] = Field(
        default="filesystem",
        description="Where originals live: BURSAR_HOME/store, or the PostgreSQL database "
        "(every worker reads the same ones). Set by `bursar init --store`.",
    )
    # --- issue 12: inbox controls ---------------------------------------------------------
    require_mfa: bool = Field(
        default=False, description="Admins and controllers must sign in with a TOTP code."
    )
    inbox_url: str | None = Field(
        default=None,
        description="The inbox's base URL, e.g. https://bursar.example.com: passkeys belong to "
        "its origin and host (the WebAuthn RP ID); unset, the address a request came to.",
    )  # issue 26
    session_idle_minutes: int = Field(default=30, ge=1, description="Idle sign-out.")
    session_max_hours: float = Field(default=8.0, gt=0, description="Absolute sign-out.")
    # --- issue 14: scheduler ----------------------------------------------------------------
    smtp: SmtpSettings = Field(default_factory=SmtpSettings, description="Alert email.")
    jobs: list[dict[str, object]] = Field(
        default_factory=list, description="[[jobs]] tables, synced by `bursar scheduler start`."
    )
    scheduler_lease_stale_s: float = Field(
        default=15.0, description="A scheduler lease without heartbeat this long is taken over."
    )
    # --- issue 10: the company running Bursar (the buyer) -------------------------------
    company: CompanySettings = Field(
        default_factory=CompanySettings, description="[company] names, vat_ids, ibans."
    )
    # --- issue 13: bots --------------------------------------------------------------------
    bots: dict[str, dict[str, object]] = Field(
        default_factory=dict,
        description="Per-bot settings, e.g. [bots.erp_post] url/user/password_secret; "
        "passwords only as the name of a secret (bursar secrets set NAME).",
    )
    # --- issue 11: audit signatures, checkpoints, database roles ----------------------------
    audit_key_file: Path | None = Field(
        default=None,
        description="Ed25519 signing key (PEM); default BURSAR_HOME/keys/audit-signing.key. "
        "BURSAR_AUDIT_KEY (PEM or 64 hex digits) overrides it.",
    )
    audit_checkpoint_dir: Path | None = Field(
        default=None, description="Checkpoint log folder; default BURSAR_HOME/audit."
    )
    audit_mirror_dir: Path | None = Field(
        default=None, description="Second checkpoint log, e.g. a folder on another share."
    )
    audit_syslog: str | None = Field(
        default=None, description='Also send checkpoints to syslog: "/dev/log" or "host:port".'
    )
    audit_checkpoint_seconds: int = Field(
        default=60, ge=1, description="A checkpoint at least this often while events are written."
    )
    # --- issue 22: trust anchors the service user cannot rewrite ------------------------
    audit_trusted_keys: Path | None = Field(
        default=None,
        description="Pinned trusted public keys (PEM), a file the service user cannot write "
        "(`bursar audit pin` as root). Once set, only these keys are trusted and the app never "
        "makes or adds a key: a missing or replaced signing key stops signing.",
    )
    audit_witness_socket: Path | None = Field(
        default=None,
        description="Unix socket of the checkpoint witness (`bursar audit witness`, its own "
        "user): every checkpoint line is sent there too.",
    )
    audit_witness_dir: Path | None = Field(
        default=None,
        description="The witness's log folder (read-only to the service user); verify holds "
        "the trail and the checkpoint log to it.",
    )
    audit_checkpoint_grace_seconds: int | None = Field(
        default=None,
        ge=0,
        description="When set, verify fails once the newest checkpoint (the witness's, when "
        "there is one) is older than audit_checkpoint_seconds plus this.",
    )
    database_owner_url: str | None = Field(
        default=None,
        description="URL of the owner role that runs migrations (PostgreSQL); "
        "default database_url. See `bursar db roles`.",
    )

    # --- issue 26: directory and identity-provider sign-in -------------------------------
    signin: SigninSettings = Field(
        default_factory=SigninSettings, description="[signin] back ends, groups -> roles."
    )

    # --- issue 25: metrics, logs, drift -----------------------------------------------------
    metrics_token: str | None = Field(
        default=None,
        description="When set, /metrics answers only `Authorization: Bearer <token>` "
        "(BURSAR_METRICS_TOKEN; Prometheus's `authorization` scrape setting).",
    )
    log_format: Literal["text", "json"] = Field(
        default="text", description="text for a terminal, json for one object per line."
    )

    drift_enabled: bool = Field(
        default=True, description="Watch field confidence per vendor and model for drift."
    )
    drift_reference_docs: int = Field(
        default=30, ge=5, description="A vendor's first documents (per model) that set its norm."
    )
    drift_window_docs: int = Field(
        default=15, ge=3, description="The latest documents compared with the norm."
    )
    drift_psi_threshold: float = Field(
        default=0.1,
        gt=0,
        description="Population stability index that counts as drift (0.1: a moderate shift; "
        "the KS test must agree).",
    )
    drift_ks_pvalue: float = Field(
        default=0.01, gt=0, lt=1, description="KS test p-value below which the shift is real."
    )
    inference_service: bool = Field(
        default=False,
        description="Pipeline workers send model inputs to one batching inference worker "
        "(`bursar worker --queues models`); PostgreSQL only. Off: each process runs its models.",
    )
    inference_timeout_s: float = Field(
        default=10.0, gt=0, description="Seconds to wait for the inference worker before "
        "running the model in the calling worker on CPU.",
    )  # fmt: skip
    inference_max_batch: int = Field(
        default=32, ge=1, description="Most documents the inference worker runs in one pass."
    )
    inference_max_wait_ms: float = Field(
        default=10.0, ge=0, description="Longest the inference worker waits to fill a batch."
    )
    shadow_min_confirmed: int = Field(
        default=20, ge=1, description="Confirmed live documents a shadow comparison needs; "
        "fewer: promotion compares on the held-out set.",
    )  # fmt: skip
    drift_low_confidence: float = Field(
        default=0.8, gt=0, le=1, description="A field read below this confidence counts as low."
    )
    drift_low_share_rise: float = Field(
        default=0.2, gt=0, le=1,
        description="Rise in the share of low-confidence fields (window vs norm) that is drift.",
    )  # fmt: skip
    drift_correction_rise: float = Field(
        default=0.3, gt=0, le=1,
        description="Rise in the share of documents people corrected (window vs norm): drift.",
    )  # fmt: skip

    @field_validator("base_currency")
    @classmethod
    def _currency_code(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        code = value.strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise ValueError(f"must be an ISO 4217 code like EUR, got {value!r}")
        return code

    @field_validator("fx_rates")
    @classmethod
    def _rates(cls, value: dict[str, Decimal]) -> dict[str, Decimal]:
        out = {}
        for code, rate in value.items():
            key = code.strip().upper()
            if not re.fullmatch(r"[A-Z]{3}", key):
                raise ValueError(f"{code!r} is not an ISO 4217 code like GBP")
            if not rate.is_finite() or rate <= 0:
                raise ValueError(f"the rate for {key} must be a positive number")
            out[key] = rate
        return out

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_toml_path())
        return (init_settings, env_settings, toml)

    @property
    def home_dir(self) -> Path:
        return self.home.expanduser().resolve()

    @property
    def store_dir(self) -> Path:
        return self.home_dir / "store"

    @property
    def models_dir(self) -> Path:
        return self.home_dir / "models"

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home_dir / 'bursar.db'}"

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings (call ``reset_settings`` after changing the env)."""
    return Settings()


def reset_settings() -> None:
    """Forget cached settings, so the next ``get_settings`` re-reads env and file."""
    get_settings.cache_clear()
