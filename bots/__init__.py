"""RPA bots and the sandbox legacy systems they practise on (``devkit/sandbox/``).

Bots call ``bursar.ingest.process``; the pipeline never imports bots.

How to write a bot
==================

1. A module ``bots/<thing>.py`` (add it to ``bots.registry.BUILTIN`` if it is a new
   module name) with a ``Bot`` subclass registered by name::

       from bots.base import Bot, Candidate, Item, Outcome, LoginFailed, TargetDown
       from bots.registry import register

       @register
       class FolderWatch(Bot):
           name = "folder_watch"            # one of the names in INTERFACES.md
           target = "scanner hot folder"    # the system, in words (``bursar bots list``)
           steps = ("list stable files", "ingest", "move to processed/ or failed/")
           produces = "documents"
           consumes = None
           source = "hotfolder"             # the ingest channel
           defaults = {"path": "..."}       # overridden by the sandbox, then [bots.<name>]

           def open(self) -> None: ...                  # connect, sign in
           def discover(self) -> Iterator[Candidate]:   # one per unit of work
               yield Candidate(reference=f"sha256:{digest}", payload={"path": str(p)})
           def process(self, item: Item) -> Outcome:    # do one unit of work
               results = ingest_paths([Path(item.payload["path"])], actor=..., source=self.source)
               return Outcome(document_ids=[r.document_id for r in results if r.document_id])
           def close(self) -> None: ...                 # always called
           def artefacts(self) -> list[Artefact]: ...   # screenshot/HTML after a failure

2. The runner (``bots.runner``) does the rest: it creates a ``work_item`` per candidate
   reference (unique per bot), skips references already Successful (or Failed with a
   business error), processes New/Retried ones, retries *application* errors with
   backoff up to ``max_attempts``, never retries a ``BusinessError`` (bursar.errors), keeps
   ``artefacts()`` in the document store on failure (``bot_artefact`` rows, linked from
   the audit event), enforces ``time_limit_s``, abandons items stuck in progress, puts
   back the items of a run whose process died, and audits every state change.
   Items left New/Retried from earlier runs are processed after ``discover`` (a consumer
   bot such as ``erp_post`` may create its candidates from the database in ``discover``).
3. Errors: ``LoginFailed`` (a ``BusinessError``) from ``open``/``process`` fails the run
   with exit code 3, never retried; another ``BusinessError`` in ``process`` fails that
   item only (routed, not retried); anything else is an application error (exit 1 when
   it fails the run). Messages must never contain secrets; the runner also masks every
   value handed out by ``bursar.secrets`` before storing or logging a message or page.
4. Settings: ``self.ctx.setting("url")``; passwords via
   ``bursar.secrets.require(self.ctx.setting("password_secret"), what="...")``.
   Figures (pages walked, ...) go in ``self.ctx.stats``; files in ``self.ctx.workdir``.
5. Web bots: subclass ``bots.web.WebBot`` (Playwright on Debian's Chromium; it provides
   ``self.page`` and the screenshot/HTML artefacts).
6. Sandbox systems register in ``devkit/sandbox/registry.py`` (``SYSTEMS``); each writes its
   entry in ``BURSAR_HOME/sandbox/state.json`` with a ``bots`` block giving the bots it
   serves their default settings.

Python API: ``bots.run(name, dry_run=False, actor="cli") -> BotRunResult``;
``bots.registry.get(name)``, ``bots.registry.names()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bots.runner import BotRunResult


def run(
    name: str, *, dry_run: bool = False, actor: str = "cli", time_limit_s: float | None = None
) -> BotRunResult:
    """Run bot ``name`` once and return what happened (see ``bots.runner.run``)."""
    from bots.runner import run as _run

    return _run(name, dry_run=dry_run, actor=actor, time_limit_s=time_limit_s)


def __getattr__(attr: str):  # type: ignore[no-untyped-def]
    if attr == "BotRunResult":
        from bots.runner import BotRunResult

        return BotRunResult
    raise AttributeError(attr)
