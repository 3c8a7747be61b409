"""The demo: the whole loop on embedded defaults, from legacy systems back to the ERP.

A fresh home in ``var/demo`` (SQLite; trained models and generated corpora are kept so
a second run is quick). The sandbox ERP holds the purchase orders and goods receipts,
the vendor portal and the shared AP mailbox hold a month of invoices and claims, a
scanner's hot folder and an EDI drop hold the rest (``devkit.demo_traffic``). The
scheduler then runs each job once, in the order a working day would: ``erp_sync``,
``portal_download``, ``mailbox_ingest``, ``folder_watch``, the EDI ``ingest`` and
``erp_post``. Clean invoices are approved and keyed into the ERP; the rest wait in the
inbox with their reasons. ``cluster=True`` does the same on PostgreSQL with a
PostgreSQL document store and worker processes (``bursar.demo_cluster``).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bursar.config import get_settings, reset_settings
from bursar.db import dispose_engines, session_scope

MASTER_KINDS = ("vendors", "purchase_orders", "receipts", "policies", "fee_schedule")
# What the ERP does not hold in this story: the vendor master and the claims tables.
DIRECT_MASTER = ("vendors", "policies", "fee_schedule")
TIMEZONE = "Europe/Berlin"
# (job, kind, target, cron): the working day, in the order the demo runs them once.
JOBS = (
    ("erp-sync", "bot", "erp_sync", "0 6 * * MON-FRI"),
    ("portal", "bot", "portal_download", "0 7-18 * * MON-FRI"),
    ("mailbox", "bot", "mailbox_ingest", "*/10 * * * *"),
    ("hotfolder", "bot", "folder_watch", "*/5 * * * *"),
    ("edi", "ingest", "{edi}", "0 * * * *"),
    ("claims", "ingest", "{claims}", "30 * * * *"),  # a clearing house's 837 batch
    ("erp-post", "bot", "erp_post", "0 19 * * MON-FRI"),
)
FINAL = ("succeeded", "failed", "timed_out", "cancelled", "skipped", "missed")

Say = Callable[[str], None]
OnJob = Callable[[str, str, dict[str, Any]], None]  # (job, "start"|"tick"|"done", info)


def prepare_home(home: Path, database_url: str | None = None) -> None:
    """Point Bursar at ``home`` and clear what a run leaves (models and corpora are kept)."""
    os.environ["BURSAR_HOME"] = str(home)
    if database_url:
        os.environ["BURSAR_DATABASE_URL"] = database_url
    else:
        os.environ.pop("BURSAR_DATABASE_URL", None)
        os.environ.pop("BURSAR_STORE", None)
    reset_settings()
    dispose_engines()
    if (home / "sandbox" / "state.json").exists():  # a run stopped hard: its systems too
        from devkit.sandbox import manage

        manage.down()
    for name in ("bursar.db", "bursar.db-wal", "bursar.db-shm"):
        (home / name).unlink(missing_ok=True)
    # A fresh database needs a fresh checkpoint log, or verify rightly calls it cut short.
    for sub in ("store", "corrections", "audit", "sandbox", "hotfolder", "edi", "bots", "claims"):
        shutil.rmtree(home / sub, ignore_errors=True)


def corpus(path: Path, *, count: int, seed: int) -> Path:
    """Generate the sample corpus once (deterministic; reused when present)."""
    from devkit.synth import generate

    if not (path / "manifest.json").exists():
        shutil.rmtree(path, ignore_errors=True)
        generate(
            path,
            count=count,
            seed=seed,
            scans=True,
            claims=True,
            einvoices=True,
            discrepancies=True,
        )
    return path


def import_master(master_dir: Path, kinds: tuple[str, ...] = MASTER_KINDS) -> dict[str, Any]:
    """Import the corpus's master data CSVs; return the reports."""
    from bursar.masterdata import import_csv

    reports = {}
    for kind in kinds:
        with session_scope() as session:
            reports[kind] = import_csv(
                session, kind, master_dir / f"{kind}.csv", actor="demo"
            ).to_json()
    return reports


CLAIMS_BATCH = 22  # claims in the demo's 837P batch (half of them with an injected problem)


def stage_claims(home: Path, seed: int) -> Any:
    """Drop a clearing house's X12 837P batch into ``home/claims`` and import the members'
    policies and the fee schedule it is adjudicated against; return the scenario."""
    from devkit.claims_master import import_claims_master
    from devkit.synth.x12 import scenario

    sc = scenario(seed, claims=CLAIMS_BATCH, kind="P")
    folder = home / "claims"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "clearinghouse-837p.x12").write_text(sc.text, encoding="ascii")
    import_claims_master(sc, home / "claims-master")
    return sc


def claims_outcome(home: Path) -> dict[str, Any]:
    """Return what became of the 837 batch's claims and lines, and write their 835."""
    from collections import Counter

    from sqlmodel import select

    from bursar.records import Document
    from bursar.remit import claims_from_db, record_remitted, today, write_835

    with session_scope() as session:
        docs = session.exec(select(Document).where(Document.source == "claims")).all()
        status = Counter(d.status for d in docs)
        remitted = [c for c in claims_from_db(session) if int(c.control) in {d.id for d in docs}]
    lines = Counter(
        "denied" if x.paid == 0 else "reduced" if x.paid < x.charged else "paid"
        for c in remitted
        for x in c.lines
    )
    out: dict[str, Any] = {"claims": len(docs), "status": dict(status), "lines": dict(lines)}
    if remitted:
        text = write_835(
            remitted, payer_name="BURSAR PAYER", payer_tax_id="000000000",
            trace=f"R{today():%Y%m%d}001", paid_on=today(),
        )  # fmt: skip
        path = home / "claims" / "remit.835"
        path.write_text(text, encoding="ascii")
        with session_scope() as session:  # each claim remitted once, as the bot records it
            record_remitted(session, remitted, f"R{today():%Y%m%d}001", actor="demo",
                            file=path.name)  # fmt: skip
        out["remit"] = str(path)
        out["paid"] = str(sum((c.paid for c in remitted), start=0))
    return out


def demo_documents(corpus_dir: Path) -> list[Path]:
    """Return every document of a corpus: born-digital, scans and e-invoices."""
    out: list[Path] = []
    for sub in ("docs", "einvoices", "scans"):
        out += sorted(p for p in (corpus_dir / sub).glob("*") if p.is_file())
    return out


def stage_traffic(home: Path, corpus_dir: Path) -> Any:
    """Put each document where it arrives from; return the traffic plan."""
    from devkit.demo_traffic import plan

    traffic = plan(corpus_dir)
    for channel in ("hotfolder", "edi"):
        folder = home / channel
        folder.mkdir(parents=True, exist_ok=True)
        for path in traffic.paths(channel, corpus_dir):
            shutil.copyfile(path, folder / path.name)
    # Whatever the hot folder holds has been there a while: it is stable to the bot.
    past = time.time() - 60
    for path in (home / "hotfolder").iterdir():
        os.utime(path, (past, past))
    return traffic


def start_sandboxes(corpus_dir: Path, traffic: Any, say: Say) -> None:
    """Start the ERP, the portal (its share), the mailbox (its share) and say where."""
    from devkit.sandbox import manage
    from devkit.sandbox import state as st

    link = st.sandbox_dir() / "corpus"
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.exists():
        link.symlink_to(corpus_dir, target_is_directory=True)
    options = {
        "portal": {"only": traffic.names("portal")},
        "mailbox": {"documents": [str(p) for p in traffic.paths("mailbox", corpus_dir)]},
    }
    manage.up(["erp", "portal", "mailbox"], options=options)
    for row in manage.status():
        if row["running"]:
            say(f"  sandbox {row['system']:<8} {row['url'] or ''}  {row['seeded'] or ''}")


def add_jobs(home: Path) -> list[str]:
    """Declare the working day's jobs (cron, Berlin time, NRW holidays); return their names."""
    from scheduler import jobs

    names = []
    with session_scope() as session:
        for name, kind, target, cron in JOBS:
            spec = jobs.JobSpec(
                name=name,
                kind=kind,
                target=target.format(edi=home / "edi", claims=home / "claims"),
                trigger_expr=cron,
                timezone=TIMEZONE,
                calendar="de-NW",
                timeout_s=900,
                retries=2,
                backoff_s=5,
                sla_s=600,
            )
            jobs.add(session, spec, actor="demo")
            # Paused while the demo runs each once, so no cron fire time joins in.
            jobs.pause(session, name, actor="demo", reason="the demo runs each job once now")
            names.append(name)
    return names


def resume_jobs(names: list[str]) -> None:
    """Leave the jobs active, for `bursar scheduler start` to take on from here."""
    from scheduler import jobs

    with session_scope() as session:
        for name in names:
            jobs.resume(session, name, actor="demo")


def run_jobs_once(names: list[str], on_job: OnJob, say: Say) -> dict[str, dict[str, Any]]:
    """Run each job once through the scheduler, one after the other; return their runs."""
    import threading

    from bursar.records import Document, JobRun
    from scheduler import jobs
    from scheduler.service import Scheduler

    sched = Scheduler(say=lambda _m: None, tick_s=0.25, shutdown_grace_s=5)
    thread = threading.Thread(target=sched.run, kwargs={"wait": False}, daemon=True)
    thread.start()
    runs: dict[str, dict[str, Any]] = {}
    try:
        for name in names:
            with session_scope() as session:
                run_id = jobs.run_now(session, name, actor="demo").id
            on_job(name, "start", {})
            while True:
                time.sleep(0.5)
                with session_scope(write=False) as session:
                    run = session.get(JobRun, run_id)
                    decided = session.query(Document).filter(Document.stage == "decided").count()
                if run is None:
                    break
                # A retried run is a new row: follow the newest run of this job.
                with session_scope(write=False) as session:
                    newest = (
                        session.query(JobRun)
                        .filter(JobRun.job == name)
                        .order_by(JobRun.id.desc())
                        .first()
                    )
                on_job(name, "tick", {"decided": decided, "status": newest.status})
                if newest.status in FINAL and not _retry_pending(name):
                    runs[name] = _run_view(newest)
                    break
            on_job(name, "done", runs.get(name, {}))
    finally:
        sched.stopping.set()
        thread.join(60)
    return runs


def _retry_pending(job: str) -> bool:
    from bursar.records import JobRun

    with session_scope(write=False) as session:
        return (
            session.query(JobRun)
            .filter(JobRun.job == job, JobRun.status.in_(("pending", "queued", "running")))
            .count()
            > 0
        )


def _run_view(run: Any) -> dict[str, Any]:
    return {
        "status": run.status,
        "attempt": run.attempt,
        "items": run.stats if isinstance(run.stats, dict) else {"done": run.items or 0},
        "error_type": run.error_type,
        "error": run.error,
        "duration_s": run.duration_s,
    }


def run(
    home: Path,
    *,
    count: int = 150,
    seed: int = 11,
    train: bool = True,
    say: Say = print,
    on_job: OnJob = lambda *_: None,
    database_url: str | None = None,
    before_jobs: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Run the demo (SQLite unless ``database_url``) and return its summary."""
    from bursar.cli.cmd_init import init_home
    from devkit.demo_summary import summarise

    started = time.monotonic()
    prepare_home(home, database_url)
    init_home()
    corpus_dir = corpus(home / f"corpus-{count}-{seed}", count=count, seed=seed)
    traffic = stage_traffic(home, corpus_dir)
    say(
        f"a month of AP traffic: {sum(traffic.counts().values())} documents by channel "
        + ", ".join(f"{c} {n}" for c, n in traffic.counts().items())
    )
    import_master(corpus_dir / "master", DIRECT_MASTER)
    say("vendor master and claims tables imported; POs and receipts stay in the ERP")
    stage_claims(home, seed)
    say(f"a clearing house's X12 837P batch of {CLAIMS_BATCH} claims waits in the claims drop")
    start_sandboxes(corpus_dir, traffic, say)
    trained: dict[str, Any] = {}
    if train:
        import models

        say("training small models where none is active (first run only)...")
        trained = models.ensure_demo_models(corpus_dir, get_settings())
    names = add_jobs(home)
    if before_jobs is not None:
        before_jobs()
    say(f"scheduled {len(names)} jobs ({TIMEZONE}, holidays de-NW); running each once now")
    runs = run_jobs_once(names, on_job, say)
    resume_jobs(names)
    summary = summarise(traffic, runs, seconds=time.monotonic() - started, corpus=corpus_dir)
    summary["home"] = str(home)
    summary["claims_837"] = claims_outcome(home)
    summary["models"] = {task: _model_line(task, report) for task, report in trained.items()}
    return summary


_cleanup: list[Callable[[], None]] = []  # what ``stop_all`` undoes, last first


def stop_all() -> None:
    """Stop what the demo started: sandboxes, and with --cluster workers and PostgreSQL."""
    import contextlib

    from devkit.sandbox import manage

    with contextlib.suppress(Exception):  # best effort on the way out; nothing to lose
        manage.down()
    while _cleanup:
        with contextlib.suppress(Exception):
            _cleanup.pop()()


def run_cluster(
    home: Path,
    *,
    count: int = 150,
    seed: int = 11,
    train: bool = True,
    say: Say = print,
    on_job: OnJob = lambda *_: None,
    workers: int = 3,
) -> dict[str, Any]:
    """The same story on PostgreSQL: a PostgreSQL store, ``workers`` worker processes."""
    import subprocess
    import sys

    from devkit.pgserver import PostgresServer, pg_bin

    bindir = pg_bin()
    if bindir is None:
        from bursar.errors import ConfigError

        raise ConfigError("--cluster needs PostgreSQL's server (apt-get install postgresql)")
    home.mkdir(parents=True, exist_ok=True)
    server = PostgresServer(bindir)
    server.start()
    _cleanup.append(server.stop)
    url = server.create_database()
    say(f"PostgreSQL on port {server.port} (database and document store), {workers} workers")
    os.environ["BURSAR_STORE"] = "postgresql"
    procs: list[subprocess.Popen] = []

    def start_workers() -> None:
        env = dict(os.environ, BURSAR_DATABASE_URL=url, BURSAR_HOME=str(home))
        log = open(home / "workers.log", "w")  # noqa: SIM115 - closed by the cleanup
        for i in range(workers):
            procs.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "bursar",
                        "worker",
                        "--queues",
                        "ingest,ocr,bots",
                        "--name",
                        f"demo-worker-{i + 1}",
                    ],
                    env=env,
                    stdout=log,
                    stderr=log,
                )
            )

        def stop() -> None:
            for p in procs:
                p.terminate()
            for p in procs:
                try:
                    p.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    p.kill()
            log.close()

        _cleanup.append(stop)

    return run(
        home,
        count=count,
        seed=seed,
        train=train,
        say=say,
        on_job=on_job,
        database_url=url,
        before_jobs=start_workers,
    )


def _model_line(task: str, report: dict[str, Any]) -> str:
    """Return one line saying what training did for ``task``."""
    if "skipped" in report:
        return str(report["skipped"])
    name = f"{task}@{report.get('version')}"
    vs = (
        f"{report.get('metric')} {report.get('candidate')} vs "
        f"{report.get('active_version')} {report.get('active')}"
    )
    if report.get("promoted"):
        return f"{name} active ({vs})" if report.get("active") is not None else f"{name} active"
    return f"{name} trained, not promoted ({vs})"
