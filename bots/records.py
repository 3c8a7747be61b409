"""Tables of the bots (issue 13): work items, bot runs and failure artefacts.

Migration ``bursar/migrations/versions/0005_bots.py`` mirrors this file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from bursar.types import JSONText, UTCDateTime, utcnow

# Work-item statuses (UiPath queue-item states; Robocorp's done/failed map onto them).
NEW = "new"
IN_PROGRESS = "in_progress"
SUCCESSFUL = "successful"
FAILED = "failed"
ABANDONED = "abandoned"
RETRIED = "retried"
STATUSES = (NEW, IN_PROGRESS, SUCCESSFUL, FAILED, ABANDONED, RETRIED)

BUSINESS = "business"
APPLICATION = "application"


def _when(default: bool = False) -> Any:
    return Field(
        default_factory=utcnow if default else lambda: None,
        sa_column=Column(UTCDateTime(), nullable=True),
    )


def _json(default: Any = None) -> Any:
    factory = (lambda: list(default)) if isinstance(default, list) else (lambda: default)
    return Field(default_factory=factory, sa_column=Column(JSONText(), nullable=True))


class WorkItem(SQLModel, table=True):
    """One unit of work of one bot, unique by ``(bot, reference)``."""

    __tablename__ = "work_item"
    __table_args__ = (UniqueConstraint("bot", "reference", name="uq_work_item_bot_reference"),)
    id: int | None = Field(default=None, primary_key=True)
    bot: str = Field(index=True, max_length=64)
    reference: str = Field(max_length=512)
    status: str = Field(default=NEW, index=True, max_length=16)
    attempts: int = 0
    payload: Any = _json()
    last_error: str | None = None
    error_type: str | None = Field(default=None, max_length=16)  # business | application
    document_ids: Any = _json([])
    audit_seqs: Any = _json([])
    erp_document: str | None = Field(default=None, max_length=64)  # erp_post: the ERP's number
    run_id: int | None = Field(default=None, index=True)  # the run that last touched it
    created_at: datetime | None = _when(default=True)
    updated_at: datetime | None = _when(default=True)
    started_at: datetime | None = _when()
    finished_at: datetime | None = _when()


class BotRun(SQLModel, table=True):
    """One run of one bot."""

    __tablename__ = "bot_run"
    id: int | None = Field(default=None, primary_key=True)
    bot: str = Field(index=True, max_length=64)
    actor: str = "cli"
    dry_run: bool = False
    status: str = Field(default="running", max_length=16)  # running | succeeded | failed
    error_type: str | None = Field(default=None, max_length=16)
    message: str | None = None
    counts: Any = _json()
    stats: Any = _json()
    pid: int | None = None
    host: str | None = None
    started_at: datetime | None = _when(default=True)
    finished_at: datetime | None = _when()


class BotArtefact(SQLModel, table=True):
    """A screenshot or page HTML kept in the document store when a bot failed."""

    __tablename__ = "bot_artefact"
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(index=True)
    item_id: int | None = Field(default=None, index=True)
    kind: str = Field(max_length=16)  # screenshot | html
    name: str  # built from bot, run and item ids only: never from page data or secrets
    media_type: str
    sha256: str = Field(max_length=64)
    size: int = 0
    created_at: datetime | None = _when(default=True)
