"""Database tables (SQLModel). Migrations in ``bursar/migrations`` mirror this file.

Money columns use ``DecimalText`` (exact on SQLite and PostgreSQL); times are UTC.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel

from bursar.types import DecimalText, JSONText, UTCDateTime, utcnow


def _money(nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(DecimalText(), nullable=nullable))


def _when(nullable: bool = True, default: bool = False) -> Any:
    return Field(
        default_factory=utcnow if default else lambda: None,
        sa_column=Column(UTCDateTime(), nullable=nullable),
    )


def _json() -> Any:
    return Field(default=None, sa_column=Column(JSONText(), nullable=True))


# --- master data -------------------------------------------------------------------------------


class Vendor(SQLModel, table=True):
    vendor_id: str = Field(primary_key=True, max_length=64)
    name: str
    tax_id: str | None = Field(default=None, index=True)
    iban: str | None = Field(default=None, index=True)
    currency: str | None = Field(default=None, max_length=3)
    aliases: str = ""  # "|"-separated, as in the CSV contract
    category: str | None = None
    country: str | None = Field(default=None, max_length=2)
    updated_at: datetime | None = _when(default=True)


class PurchaseOrder(SQLModel, table=True):
    __tablename__ = "purchase_order"
    po_number: str = Field(primary_key=True, max_length=64)
    vendor_id: str = Field(index=True)
    currency: str = Field(max_length=3)
    status: str = "open"  # open | closed | cancelled
    match_mode: str = "3way"  # 2way | 3way


class PurchaseOrderLine(SQLModel, table=True):
    __tablename__ = "purchase_order_line"
    __table_args__ = (UniqueConstraint("po_number", "line_no"),)
    id: int | None = Field(default=None, primary_key=True)
    po_number: str = Field(foreign_key="purchase_order.po_number", index=True)
    line_no: str
    sku: str | None = Field(default=None, index=True)
    description: str = ""
    quantity: Decimal = _money(nullable=False)
    unit: str = "EA"
    unit_price: Decimal = _money(nullable=False)
    tax_rate: Decimal | None = _money()


class GoodsReceiptLine(SQLModel, table=True):
    __tablename__ = "goods_receipt_line"
    __table_args__ = (
        UniqueConstraint("receipt_id", "po_number", "line_no"),
        Index("ix_receipt_po_line", "po_number", "line_no"),
    )
    id: int | None = Field(default=None, primary_key=True)
    receipt_id: str = Field(index=True)
    po_number: str
    line_no: str
    quantity_received: Decimal = _money(nullable=False)
    received_on: date


class Policy(SQLModel, table=True):
    policy_number: str = Field(primary_key=True, max_length=64)
    holder_name: str
    valid_from: date
    valid_to: date
    status: str = "active"  # active | lapsed | cancelled


class FeeScheduleItem(SQLModel, table=True):
    __tablename__ = "fee_schedule_item"
    code: str = Field(primary_key=True, max_length=32)
    # a row for one modifier and/or place of service ('': any), issue 27
    modifier: str = Field(
        default="", primary_key=True, max_length=8, sa_column_kwargs={"server_default": ""}
    )
    place_of_service: str = Field(
        default="", primary_key=True, max_length=4, sa_column_kwargs={"server_default": ""}
    )
    description: str = ""
    max_unit_price: Decimal = _money(nullable=False)
    covered: bool = True
    max_units_per_day: Decimal | None = _money()


# --- documents and decisions ---------------------------------------------------------------------


class Document(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(unique=True, max_length=64)
    filename: str
    media_type: str = "application/octet-stream"
    size: int = 0
    source: str = "cli"  # cli | hotfolder | mailbox | portal | ...
    status: str = "received"  # received | extracted | approved | exception | rejected | ...
    kind: str | None = None
    vendor_id: str | None = Field(default=None, index=True)
    invoice_number: str | None = None
    invoice_number_norm: str | None = Field(default=None, index=True)
    invoice_date: date | None = None
    currency: str | None = None
    total: Decimal | None = _money()
    error: str | None = None
    received_at: datetime | None = _when(default=True)
    # Durable ingest (issue 17): where the document is in the pipeline, and since when.
    # received -> processing -> decided; recovery re-drives what sits too long before decided.
    stage: str = Field(default="received", index=True)
    stage_at: datetime | None = _when(default=True)
    attempts: int = 0  # processing attempts; a document failing too often is rejected


class Extraction(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    result: Any = _json()  # the contract 4.1 JSON, as produced (or corrected)
    versions: Any = _json()
    corrected: bool = False
    created_at: datetime | None = _when(default=True)


class DocumentLine(SQLModel, table=True):
    __tablename__ = "document_line"
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    line_no: int
    description: str | None = None
    sku: str | None = None
    code: str | None = None
    quantity: Decimal | None = _money()
    unit: str | None = None
    unit_price: Decimal | None = _money()
    amount: Decimal | None = _money()
    tax_rate: Decimal | None = _money()
    service_date: date | None = None
    po_number: str | None = Field(default=None, index=True)
    po_line: str | None = None
    po_quantity: Decimal | None = _money()  # quantity in the PO line's unit, once matched
    gl_account: str | None = None


class Decision(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    status: str  # approved | exception | duplicate | rejected
    pack: str | None = None
    pack_hash: str | None = None
    versions: Any = _json()
    decided_by: str = "bursar"
    decided_at: datetime | None = _when(default=True)


class Finding(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(foreign_key="decision.id", index=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    rule: str = Field(index=True)
    severity: str  # block | warn
    line: int | None = None
    expected: str | None = None
    actual: str | None = None
    message: str = ""


# The inbox list in SQL (issue 26, migration 0010): the open view's sort orders and filters
# each have a partial index, keyed on the id last so keyset paging seeks straight to a page.
OPEN_SQL = "status IN ('open', 'hold')"
AMOUNT_KEY = "COALESCE(CAST(amount AS NUMERIC), -1)"  # money is text: sort it as a number
REASON_KEY = "COALESCE(reason, '')"
DUE_KEY = "COALESCE(due_on, '9999-12-31')"


def _open_index(name: str, *cols: Any) -> Index:
    where = text(OPEN_SQL)
    return Index(name, *cols, postgresql_where=where, sqlite_where=where)


def _inbox_indexes() -> tuple[Any, ...]:
    return (
        _open_index("ix_inbox_list_open_age", "created_at", "id"),
        _open_index("ix_inbox_list_open_amount", text(AMOUNT_KEY), "id"),
        _open_index("ix_inbox_list_open_vendor", "vendor_sort", "created_at", "id"),
        # ends with the plain reason so the open counts per reason read the index alone
        _open_index("ix_inbox_list_open_reason", text(REASON_KEY), "created_at", "id", "reason"),
        _open_index("ix_inbox_list_open_due", text(DUE_KEY), "id"),
        _open_index("ix_inbox_list_open_vendor_id", "vendor_id", "created_at", "id"),
        _open_index("ix_inbox_list_open_assigned", "assigned_to", "created_at", "id"),
        Index("ix_inbox_list_age", "created_at", "id"),
        Index("ix_inbox_list_amount", text(AMOUNT_KEY), "id"),  # the decided view by amount
        Index("ix_inbox_list_status_age", "status", "created_at", "id"),
        # full-text search (PostgreSQL): trigrams of the lower-case search text
        Index(
            "ix_inbox_list_search",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ).ddl_if(dialect="postgresql"),
    )


class InboxItem(SQLModel, table=True):
    __tablename__ = "inbox_item"
    __table_args__ = _inbox_indexes()
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    status: str = Field(default="open", index=True)  # open | hold | approved | rejected
    reason: str | None = Field(default=None, index=True)  # the leading rule code
    vendor_id: str | None = None
    amount: Decimal | None = _money()
    currency: str | None = None
    assigned_to: str | None = None
    created_at: datetime | None = _when(default=True)
    first_opened_at: datetime | None = _when()
    decided_at: datetime | None = _when()
    decided_by: str | None = None
    comment: str | None = None
    # inbox controls (issue 12): who put it on hold; the first sign-off of a two-person override
    held_by: str | None = None
    signoff_by: str | None = None
    signoff_at: datetime | None = _when()
    # the list's keys (issue 26), kept by bursar.listkeys after every flush
    vendor_sort: str | None = Field(
        default=None,
        sa_column=Column(String(200).with_variant(String(200, collation="C"), "postgresql")),
    )
    search_text: str | None = Field(default=None, max_length=1000)
    due_on: str | None = Field(default=None, max_length=10)


class Posting(SQLModel, table=True):
    """An approved document entered into a downstream system (ERP, desktop program) under
    that system's reference: written once per document and target (``bursar.postings``)."""

    __table_args__ = (UniqueConstraint("document_id", "target"),)
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    target: str  # erp | desktop | ...
    reference: str  # the downstream system's document number or entry id
    decision_id: int | None = None
    found_existing: bool = False  # it was already there (a crash after Save, a person)
    posted_by: str = ""
    posted_at: datetime | None = _when(default=True)


class Correction(SQLModel, table=True):
    """A person's correction of an extracted value: a labelled training example."""

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    field: str
    old_value: str | None = None
    new_value: str | None = None
    actor: str
    at: datetime | None = _when(default=True)


# --- approval chains, delegation, escalation (issue 26) -------------------------------------------


class ApprovalStep(SQLModel, table=True):
    """One step of an item's approval chain, approved by ``actor`` (for ``on_behalf_of``)."""

    __tablename__ = "approval_step"
    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="inbox_item.id", index=True)
    chain: str
    chain_sig: str = Field(max_length=16)  # approvals under another chain never count
    step_no: int
    step: str  # the step in words, e.g. "budget owner (olga)"
    actor: str = Field(max_length=64)
    on_behalf_of: str | None = Field(default=None, max_length=64)
    escalated: bool = False  # taken by the step's escalation target
    comment: str | None = None
    at: datetime | None = _when(default=True)


class Delegation(SQLModel, table=True):
    """``delegate`` may act for ``delegator`` from ``starts_on`` to ``ends_on`` (inclusive)."""

    id: int | None = Field(default=None, primary_key=True)
    delegator: str = Field(index=True, max_length=64)
    delegate: str = Field(index=True, max_length=64)
    starts_on: date
    ends_on: date
    reason: str | None = None
    created_by: str = Field(max_length=64)
    created_at: datetime | None = _when(default=True)
    revoked_at: datetime | None = _when()
    revoked_by: str | None = Field(default=None, max_length=64)


class ApprovalEscalation(SQLModel, table=True):
    """A chain step that waited too long, handed also to ``target`` (once per step)."""

    __tablename__ = "approval_escalation"
    __table_args__ = (UniqueConstraint("item_id", "chain_sig", "step_no"),)
    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="inbox_item.id", index=True)
    chain_sig: str = Field(max_length=16)
    step_no: int
    target: str  # "role:controller" | "user:fiona"
    alert_id: int | None = None
    at: datetime | None = _when(default=True)


# --- people and jobs ------------------------------------------------------------------------------


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=64)
    role: str  # clerk | approver | controller | admin | auditor
    password_hash: str
    approval_limit: Decimal | None = _money()
    active: bool = True
    created_at: datetime | None = _when(default=True)
    # inbox controls (issue 12): TOTP second factor (base32), when the password last changed
    totp_secret: str | None = None
    totp_last_step: int | None = None  # the last TOTP time step used: a code works once
    password_changed_at: datetime | None = _when()


class JobRun(SQLModel, table=True):
    __tablename__ = "job_run"
    # issue 14: one fire time of one job runs once per attempt, however many schedulers.
    __table_args__ = (Index("ux_job_run_fire", "job", "fire_time", "attempt", unique=True),)
    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(index=True)
    trigger: str = "manual"  # cron | manual | retry | catch_up
    # pending | queued | running | succeeded | failed | timed_out | missed | skipped
    status: str = "running"
    attempt: int = 1
    started_at: datetime | None = _when(default=True)
    finished_at: datetime | None = _when()
    error: str | None = None  # the error message (one line)
    stats: Any = _json()  # items processed: {"new": n, "done": n, "failed": n, "skipped": n}
    # --- issue 14 (scheduler) ---
    fire_time: datetime | None = _when()  # the trigger's fire time this run is for
    due_at: datetime | None = _when()  # when a pending run may start (retries: backoff)
    error_type: str | None = None  # application | business
    duration_s: float | None = None
    items: int | None = None
    log_tail: str | None = None
    result: Any = _json()  # the job's own JSON answer (last stdout line)
    actor: str | None = None  # who asked for it: scheduler, or the person behind run-now
    host: str | None = None  # host:pid of the process running it
    cancel_requested: bool = False


# --- scheduler (issue 14) -------------------------------------------------------------------------


class Schedule(SQLModel, table=True):
    """One scheduled job: what runs (kind + target), when (trigger) and its policies."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=64)
    kind: str  # bot | ingest | models_train | command (tests only)
    target: str = ""  # bot name, folder, model task, or command line
    trigger_kind: str  # cron | interval | date
    trigger_expr: str  # "0 7 * * MON-FRI" | "2s" | ISO time
    timezone: str = "UTC"
    calendar: str | None = None  # "de-NW" or a CSV file's name
    calendar_dates: Any = _json()  # CSV calendars: the holiday dates, read when set
    timeout_s: int = 900
    retries: int = 0
    backoff_s: int = 30
    overlap: str = "skip"  # skip | queue | replace
    misfire_grace_s: int = 300
    sla_s: int | None = None
    max_failures: int = 3
    enabled: bool = True
    paused_by: str | None = None
    paused_at: datetime | None = _when()
    disabled_reason: str | None = None
    consecutive_failures: int = 0
    next_fire_at: datetime | None = _when()
    last_fire_at: datetime | None = _when()
    source: str = "cli"  # cli | toml | inbox
    updated_at: datetime | None = _when(default=True)


class SchedulerLease(SQLModel, table=True):
    """Who runs the one active scheduler of this database, and their last heartbeat."""

    __tablename__ = "scheduler_lease"
    name: str = Field(primary_key=True, max_length=32)
    holder: str  # host:pid:token
    acquired_at: datetime | None = _when(default=True)
    heartbeat_at: datetime | None = _when(default=True)


class Alert(SQLModel, table=True):
    """An operator alert (failed run, disabled job, SLA, missed run), shown on the dashboard."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)  # failure | disabled | sla | missed
    subject: str  # e.g. "job/nightly"
    message: str
    run_id: int | None = None
    created_at: datetime | None = _when(default=True)
    emailed: bool = False
    email_error: str | None = None
    acknowledged_by: str | None = None
    acknowledged_at: datetime | None = _when()


# --- audit ----------------------------------------------------------------------------------------


class AuditEvent(SQLModel, table=True):
    """One link of the hash chain; see ``bursar.audit``. Append-only (DB triggers)."""

    __tablename__ = "audit_event"
    # a document's timeline reads ``subject LIKE 'document/7/%'``: PostgreSQL needs the
    # pattern operator class to use an index for it unless the database collates as "C"
    __table_args__ = (
        Index(
            "ix_audit_event_subject_prefix",
            "subject",
            postgresql_ops={"subject": "varchar_pattern_ops"},
        ).ddl_if(dialect="postgresql"),
    )
    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: str  # ISO-8601 UTC text, exactly as hashed
    actor: str
    action: str = Field(index=True)
    subject: str = Field(index=True)
    data: str  # canonical JSON, exactly as hashed
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    # issue 11: Ed25519 signature (base64) over the hash, and the signing key's id
    key_id: str | None = Field(default=None, max_length=32)
    sig: str | None = Field(default=None, max_length=128)


# --- inbox controls (issue 12) -------------------------------------------------------------------


class UserSession(SQLModel, table=True):
    """One sign-in: every server process checks it on every request (logout ends it for all)."""

    __tablename__ = "user_session"
    id: str = Field(primary_key=True, max_length=64)  # sha256 of the cookie's session id
    user_name: str = Field(index=True, max_length=64)
    address: str | None = None
    created_at: datetime | None = _when(default=True)
    last_seen_at: datetime | None = _when(default=True)
    expires_at: datetime | None = _when()  # the absolute timeout
    revoked_at: datetime | None = _when()
    revoked_why: str | None = None  # logout | password | disabled | role | admin


class SignInThrottle(SQLModel, table=True):
    """Failed sign-ins per (user name, address): each failure past a few adds a longer delay."""

    __tablename__ = "sign_in_throttle"
    name_key: str = Field(primary_key=True, max_length=80)  # a user name, or "hmac:<hex>"
    address: str = Field(primary_key=True, max_length=64)
    failures: int = 0
    last_failed_at: datetime | None = _when()


# --- passkeys (issue 26) -------------------------------------------------------------------------


class Passkey(SQLModel, table=True):
    """A user's WebAuthn credential. Its id, public key and sign counter are sealed with the
    vault key (``bursar.secrets.seal``), with the user's name inside, so a row copied to
    another user or edited in the database does not open."""

    __tablename__ = "passkey"
    id: int | None = Field(default=None, primary_key=True)
    user_name: str = Field(index=True, max_length=64)
    label: str = Field(max_length=64)  # the name its owner gave it
    handle: str = Field(unique=True, max_length=64)  # sha256 of the credential id: the lookup
    sealed: str  # enc1:...: {"user", "credential_id", "public_key", "sign_count", "transports"}
    created_at: datetime | None = _when(default=True)
    last_used_at: datetime | None = _when()


class WebAuthnChallenge(SQLModel, table=True):
    """A WebAuthn challenge waiting for its answer: bound to one session (or one pending
    sign-in), used once, expiring."""

    __tablename__ = "webauthn_challenge"
    id: str = Field(primary_key=True, max_length=64)  # sha256 of purpose + the binding token
    purpose: str = Field(max_length=16)  # register | signin
    user_name: str = Field(max_length=64)
    challenge: str  # base64url
    expires_at: datetime | None = _when()


# --- directory and identity-provider sign-in (issue 26) ------------------------------------------


class ExternalIdentity(SQLModel, table=True):
    """A user whose password and groups live in a directory or identity provider: the user
    row is its local shadow (role, limit, audit name), refreshed at each sign-in and
    re-check. A user without one is a local account."""

    __tablename__ = "external_identity"
    user_name: str = Field(primary_key=True, max_length=64)
    source: str = Field(max_length=16)  # ldap | oidc
    subject: str  # the entry's DN (LDAP) or "issuer|sub" (OIDC)
    groups: Any = _json()  # the groups seen at the last sign-in or re-check
    synced_at: datetime | None = _when(default=True)


class SigninToken(SQLModel, table=True):
    """The provider's tokens of one OIDC sign-in (sealed with the secrets key), used to ask
    the provider at later requests whether the person still may sign in."""

    __tablename__ = "signin_token"
    session_id: str = Field(primary_key=True, max_length=64)  # user_session.id
    user_name: str = Field(index=True, max_length=64)
    access_token: str  # sealed
    refresh_token: str | None = None  # sealed
    expires_at: datetime | None = _when()


# --- document store (issue 17) --------------------------------------------------------------------


class DocumentBlob(SQLModel, table=True):
    """An original's bytes when ``store = postgresql`` (``bursar.store.pg``), by sha256."""

    __tablename__ = "document_blob"
    sha256: str = Field(primary_key=True, max_length=64)
    data: bytes = Field(sa_column=Column(LargeBinary(), nullable=False))
    size: int = Field(sa_column=Column(BigInteger(), nullable=False))
    created: datetime | None = _when(default=True)


# --- issue 25: shadow runs, served inference ------------------------------------------------------


class ModelShadow(SQLModel, table=True):
    """What a candidate model read on a live document beside the active one (never acted on)."""

    __tablename__ = "model_shadow"
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    model: str  # kind | fields
    candidate: str = Field(index=True)  # name@version
    active: str  # name@version, name@default-N or "rules": what the pipeline acted on
    output: Any = _json()  # {"kind": ..., "fields": {name: value}}
    created_at: datetime | None = _when(default=True)


class ModelInference(SQLModel, table=True):
    """A served inference request and its answer, deleted by the worker that asked."""

    __tablename__ = "model_inference"
    request: str = Field(primary_key=True)
    inputs: str = Field(sa_column=Column(Text(), nullable=False))  # JSON
    result: str | None = Field(default=None, sa_column=Column(Text(), nullable=True))
    created_at: datetime | None = _when(default=True)


# the inbox list's keys follow every ORM write (issue 26)
from bursar import listkeys  # noqa: E402 - needs the tables above

listkeys.install()
