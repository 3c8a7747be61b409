"""Run one bot once: recover, open, discover, process with retries, record, close."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bots import registry, workitems
from bots.base import Bot, BotContext, Candidate, Item, LoginFailed, Outcome
from bots.profile import profile_defaults
from bots.records import (
    APPLICATION,
    BUSINESS,
    FAILED,
    IN_PROGRESS,
    SUCCESSFUL,
    BotArtefact,
    BotRun,
    WorkItem,
)
from bursar import audit
from bursar.config import get_settings
from bursar.db import session_scope
from bursar.errors import BursarError, BusinessError, InputError
from bursar.secrets import RedactingFilter, redact
from bursar.store import default_store
from bursar.types import utcnow

log = logging.getLogger("bursar.bots")
log.addFilter(RedactingFilter())


class TimeLimitExceeded(BursarError):
    code = "time_limit"


@dataclass
class BotRunResult:
    """The outcome of one run; ``to_json`` is the line ``bursar bots run --json`` prints."""

    bot: str
    run_id: int
    status: str  # succeeded | failed
    error_type: str | None = None  # business | application
    message: str | None = None
    items: dict[str, int] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "bot": self.bot,
            "run_id": self.run_id,
            "status": self.status,
            "error_type": self.error_type,
            "message": self.message,
            "items": {k: self.items.get(k, 0) for k in ("new", "done", "failed", "skipped")},
        }

    @property
    def exit_code(self) -> int:
        if self.status == "succeeded":
            return 0
        return 3 if self.error_type == BUSINESS else 1


def _message(exc: BaseException) -> str:
    text = exc.one_line() if isinstance(exc, BursarError) else f"{type(exc).__name__}: {exc}"
    text = " ".join(str(text).split())[:2000]
    return redact(text) or type(exc).__name__


def _error_type(exc: BaseException) -> str:
    """Business: the target said no, or the input/config is wrong -- retrying cannot help."""
    return BUSINESS if isinstance(exc, (BusinessError, InputError)) else APPLICATION


def bot_settings(name: str, cls: type[Bot]) -> dict[str, Any]:
    """Return the bot's settings: class defaults < the profile (``bots.profile``) < bots.NAME."""
    configured = (getattr(get_settings(), "bots", None) or {}).get(name, {})
    return {**cls.defaults, **profile_defaults(name), **configured}


class Runner:
    """One run of one bot (see ``run``)."""

    def __init__(self, name: str, *, dry_run: bool, actor: str, time_limit_s: float | None):
        self.cls = registry.get(name)
        self.name, self.dry_run, self.actor = name, dry_run, actor
        self.settings = bot_settings(name, self.cls)
        self.limit = float(time_limit_s or self.settings.get("time_limit_s") or 0) or float(
            self.cls.time_limit_s
        )
        self.max_attempts = int(self.settings.get("max_attempts", self.cls.max_attempts))
        self.backoff_s = float(self.settings.get("backoff_s", self.cls.backoff_s))
        self.counts: Counter[str] = Counter()
        self.touched: set[int] = set()
        self.deadline = 0.0
        self.bot: Bot | None = None

    # --- run bookkeeping ---------------------------------------------------------------------
    def _start(self) -> int:
        with session_scope() as s:
            recovered = workitems.recover(
                s,
                self.name,
                stuck_after_s=float(self.settings.get("stuck_after_s", self.cls.stuck_after_s)),
                actor=self.actor,
            )
            run = BotRun(
                bot=self.name,
                actor=self.actor,
                dry_run=self.dry_run,
                pid=os.getpid(),
                host=socket.gethostname(),
            )
            s.add(run)
            s.flush()
            audit.append(
                s,
                self.actor,
                "bots.run.started",
                f"bot_run/{run.id}",
                {"bot": self.name, "dry_run": self.dry_run, "recovered": recovered},
            )
            return int(run.id)

    def _finish(self, run_id: int, result: BotRunResult, artefact_ids: list[int]) -> None:
        with session_scope() as s:
            run = s.get(BotRun, run_id)
            run.status, run.error_type, run.message = (
                result.status,
                result.error_type,
                result.message,
            )
            run.counts, run.stats, run.finished_at = (
                result.to_json()["items"],
                result.stats,
                utcnow(),
            )
            s.add(run)
            audit.append(
                s,
                self.actor,
                f"bots.run.{result.status}",
                f"bot_run/{run_id}",
                {
                    "bot": self.name,
                    "before": {"status": "running"},
                    "after": {"status": result.status, "error_type": result.error_type},
                    "message": result.message,
                    "items": run.counts,
                    "artefacts": artefact_ids,
                },
            )

    def _keep_artefacts(self, run_id: int, item_id: int | None) -> list[int]:
        """Store the bot's screenshot and page HTML; return the artefact ids."""
        if self.bot is None:
            return []
        try:
            found = self.bot.artefacts()
        except Exception as exc:  # evidence is best effort: never hide the real failure
            log.warning("bot %s: could not capture failure evidence: %s", self.name, _message(exc))
            return []
        store, ids = default_store(), []
        with session_scope() as s:
            for art in found:
                data = art.data
                if art.kind == "html":
                    data = (redact(data.decode("utf-8", "replace")) or "").encode("utf-8")
                stored = store.put(data)
                where = f"item{item_id}" if item_id else "run"
                row = BotArtefact(
                    run_id=run_id,
                    item_id=item_id,
                    kind=art.kind,
                    name=f"{self.name}-run{run_id}-{where}-{art.kind}{art.suffix}",
                    media_type=art.media_type,
                    sha256=stored.sha256,
                    size=stored.size,
                )
                s.add(row)
                s.flush()
                ids.append(int(row.id))
        return ids

    def _check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TimeLimitExceeded(f"the run took longer than its limit of {self.limit:g} s")

    # --- items -------------------------------------------------------------------------------
    def _candidate(self, run_id: int, cand: Candidate) -> None:
        if self.dry_run:
            with session_scope(write=False) as s:
                from sqlmodel import select

                seen = s.exec(
                    select(WorkItem).where(
                        WorkItem.bot == self.name, WorkItem.reference == cand.reference
                    )
                ).first()
            self.counts["new" if seen is None else "skipped"] += 1
            return
        with session_scope() as s:
            item, created = workitems.ensure(
                s, self.name, cand.reference, cand.payload, actor=self.actor
            )
            item_id, status = int(item.id), item.status
        if created:
            self.counts["new"] += 1
        if status == FAILED and cand.retry_failed and item_id not in self.touched:
            with session_scope() as s:
                row = s.get(WorkItem, item_id)
                row.payload = cand.payload
                workitems.transition(s, row, "retried", actor=self.actor, reason="found again")
            status = "retried"
        if status in workitems.PROCESSABLE:
            self._process(run_id, item_id)
        elif item_id not in self.touched:
            self.counts["skipped"] += 1
            self.touched.add(item_id)

    def _process(self, run_id: int, item_id: int) -> None:
        """Process one item, retrying application errors with backoff."""
        self.touched.add(item_id)
        assert self.bot is not None
        for attempt in range(1, self.max_attempts + 1):
            self._check_time()
            with session_scope() as s:
                row = s.get(WorkItem, item_id)
                row.attempts += 1
                row.run_id = run_id
                workitems.transition(s, row, IN_PROGRESS, actor=self.actor)
                item = Item(int(row.id), row.reference, dict(row.payload or {}), row.attempts)
            try:
                outcome = self.bot.process(item)
            except LoginFailed:
                with session_scope() as s:  # the run stops; the item waits for the next one
                    workitems.transition(
                        s,
                        s.get(WorkItem, item_id),
                        "retried",
                        actor=self.actor,
                        reason="the run stopped: the target refused the sign-in",
                    )
                raise
            except Exception as exc:
                etype, msg = _error_type(exc), _message(exc)
                last = etype == BUSINESS or attempt == self.max_attempts
                log.warning("bot %s item %s attempt %d: %s", self.name, item_id, attempt, msg)
                if last:
                    self._fail_item(run_id, item_id, etype, msg)
                    return
                with session_scope() as s:
                    row = s.get(WorkItem, item_id)
                    row.last_error, row.error_type = msg, etype
                    s.add(row)
                time.sleep(min(self.backoff_s * 2 ** (attempt - 1), 60.0))
                continue
            self._succeed(item_id, outcome)
            return

    def _succeed(self, item_id: int, outcome: Outcome) -> None:
        with session_scope() as s:
            row = s.get(WorkItem, item_id)
            row.document_ids = sorted({*(row.document_ids or []), *outcome.document_ids})
            if outcome.erp_document:
                row.erp_document = outcome.erp_document
            row.last_error = row.error_type = None
            extra = {"document_ids": row.document_ids, "erp_document": row.erp_document}
            workitems.transition(
                s, row, SUCCESSFUL, actor=self.actor, reason=outcome.note, extra=extra
            )
        self.counts["skipped" if outcome.skipped else "done"] += 1

    def _fail_item(self, run_id: int, item_id: int, etype: str, msg: str) -> None:
        artefacts = self._keep_artefacts(run_id, item_id)
        with session_scope() as s:
            row = s.get(WorkItem, item_id)
            row.last_error, row.error_type = msg, etype
            workitems.transition(
                s,
                row,
                FAILED,
                actor=self.actor,
                reason=msg,
                extra={"error_type": etype, "artefacts": artefacts},
            )
        self.counts["failed"] += 1

    # --- the run -------------------------------------------------------------------------------
    def _open(self) -> None:
        assert self.bot is not None
        for attempt in range(1, self.max_attempts + 1):
            self._check_time()
            try:
                self.bot.open()
                return
            except (BusinessError, InputError):
                raise
            except Exception as exc:
                if attempt == self.max_attempts:
                    raise
                log.warning(
                    "bot %s: open failed (attempt %d): %s", self.name, attempt, _message(exc)
                )
                with contextlib.suppress(Exception):  # a half-open session is thrown away
                    self.bot.close()
                time.sleep(min(self.backoff_s * 2 ** (attempt - 1), 60.0))

    def run(self) -> BotRunResult:
        run_id = self._start()
        self.deadline = time.monotonic() + self.limit
        workdir = get_settings().home_dir / "bots" / self.name / f"run-{run_id}"
        workdir.mkdir(parents=True, exist_ok=True)
        ctx = BotContext(
            self.name, self.settings, Path(workdir), run_id, self.actor, dry_run=self.dry_run
        )
        result = BotRunResult(self.name, run_id, "succeeded")
        artefacts: list[int] = []
        try:
            self.bot = self.cls(ctx)  # may refuse its settings (a bad site profile, say)
            started = time.monotonic()
            self._open()
            ctx.stats["open_s"] = round(time.monotonic() - started, 2)
            for cand in self.bot.discover():
                self._check_time()
                self._candidate(run_id, cand)
            if not self.dry_run:
                with session_scope(write=False) as s:
                    left = [int(w.id) for w in workitems.pending(s, self.name, self.touched)]
                for item_id in left:
                    self._process(run_id, item_id)
        except Exception as exc:
            result.status, result.error_type = "failed", _error_type(exc)
            result.message = _message(exc)
            log.error("bot %s run %d failed: %s", self.name, run_id, result.message)
            artefacts = self._keep_artefacts(run_id, None)
        finally:
            try:
                if self.bot is not None:
                    self.bot.close()
            except Exception as exc:
                log.warning("bot %s: close failed: %s", self.name, _message(exc))
        result.items = dict(self.counts)
        result.stats = dict(ctx.stats)
        self._finish(run_id, result, artefacts)
        return result


def run(
    name: str, *, dry_run: bool = False, actor: str = "cli", time_limit_s: float | None = None
) -> BotRunResult:
    """Run bot ``name`` once and return what happened (never raises for a failed run)."""
    return Runner(name, dry_run=dry_run, actor=actor, time_limit_s=time_limit_s).run()


def item_from_row(row: WorkItem) -> dict[str, Any]:
    """Return a work item as plain JSON-able data."""
    return {
        "id": row.id,
        "bot": row.bot,
        "reference": row.reference,
        "status": row.status,
        "attempts": row.attempts,
        "error_type": row.error_type,
        "last_error": row.last_error,
        "document_ids": row.document_ids or [],
        "audit_seqs": row.audit_seqs or [],
        "erp_document": row.erp_document,
        "run_id": row.run_id,
        "updated_at": row.updated_at,
    }


__all__ = ["BotRunResult", "FAILED", "run"]
