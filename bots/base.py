"""``Bot``: what every bot declares (target, steps, work items) and the hooks it implements."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from bursar.errors import BusinessError, SystemError_

log = logging.getLogger("bursar.bots")


class LoginFailed(BusinessError):
    """The target refused the credentials: the run fails, and is never retried."""

    code = "login_failed"


class TargetDown(SystemError_):
    """The target system answered with an error or not at all: retried with backoff."""

    code = "target_down"


@dataclass(frozen=True)
class Candidate:
    """A unit of work a bot found: becomes (or matches) a work item by ``reference``."""

    reference: str
    payload: dict[str, Any] = field(default_factory=dict)
    # Put a Failed item with this reference back to work (e.g. an invoice approved again
    # after the ERP refused it); otherwise a failed item waits for an operator.
    retry_failed: bool = False


@dataclass(frozen=True)
class Item:
    """The work item a bot is asked to process (a read-only view of the row)."""

    id: int
    reference: str
    payload: dict[str, Any]
    attempt: int


@dataclass
class Outcome:
    """What processing one item achieved."""

    document_ids: list[int] = field(default_factory=list)
    erp_document: str | None = None
    note: str | None = None
    skipped: bool = False  # nothing new (e.g. bytes already stored): counted as skipped


@dataclass(frozen=True)
class Artefact:
    """Evidence kept when something fails: ``kind`` is ``screenshot`` or ``html``."""

    kind: str
    data: bytes
    media_type: str
    suffix: str


@dataclass
class BotContext:
    """What a bot gets from the runner: its settings, a work folder and the run."""

    name: str
    settings: dict[str, Any]
    workdir: Path
    run_id: int
    actor: str
    dry_run: bool = False
    stats: dict[str, Any] = field(default_factory=dict)  # figures the bot reports (pages...)

    def setting(self, key: str, default: Any = None) -> Any:
        return self.settings.get(key, default)


class Bot:
    """Base class: a bot turns a target system into documents or postings, item by item.

    The runner calls ``open`` once, then iterates ``discover`` and hands each candidate
    that is not done yet to ``process``, then processes items left from earlier runs
    (``pending``), then ``close``. A ``BusinessError`` from ``open`` or ``discover``
    fails the run (exit 3, never retried); from ``process`` it fails that item only.
    Anything else is an application error: retried with backoff up to ``max_attempts``.
    """

    name: ClassVar[str] = ""
    target: ClassVar[str] = ""  # the system it drives, in words
    steps: ClassVar[tuple[str, ...]] = ()
    produces: ClassVar[str | None] = None  # e.g. "documents (portal invoices)"
    consumes: ClassVar[str | None] = None  # e.g. "approved decisions"
    source: ClassVar[str] = "cli"  # the ingest channel name
    time_limit_s: ClassVar[float] = 900.0
    max_attempts: ClassVar[int] = 3
    backoff_s: ClassVar[float] = 1.0
    stuck_after_s: ClassVar[float] = 3600.0
    defaults: ClassVar[dict[str, Any]] = {}

    def __init__(self, ctx: BotContext):
        self.ctx = ctx

    # --- hooks ---------------------------------------------------------------------------------
    def open(self) -> None:
        """Connect and sign in."""

    def discover(self) -> Iterator[Candidate]:
        """Yield the units of work found on the target (may be empty for consumers)."""
        return iter(())

    def process(self, item: Item) -> Outcome:
        """Do one unit of work; raise ``BusinessError`` or an application error."""
        raise NotImplementedError

    def close(self) -> None:
        """Release browsers, connections and files (also called after a failure)."""

    def artefacts(self) -> list[Artefact]:
        """Return evidence of the current state (screenshot, page HTML) after a failure."""
        return []

    # --- helpers ---------------------------------------------------------------------------------
    @classmethod
    def describe(cls) -> dict[str, Any]:
        return {
            "name": cls.name,
            "target": cls.target,
            "steps": list(cls.steps),
            "produces": cls.produces,
            "consumes": cls.consumes,
            "source": cls.source,
        }
