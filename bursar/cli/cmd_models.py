"""``bursar models``: train, list, evaluate, promote and roll back the BERT classifiers."""

from __future__ import annotations

from pathlib import Path

import typer

from bursar.cli.output import emit_json, err_console, table
from bursar.errors import InputError

models_app = typer.Typer(
    help="BERT classifiers: kind, field labeller, GL coding.", no_args_is_help=True
)

DATA_HELP = "Synthetic corpus folder (docs/, truth/, master/gl_history.csv)."


def _settings():
    from bursar.config import get_settings

    return get_settings()


@models_app.command("train")
def train(
    task: str = typer.Argument(..., help="kind | fields | glcode"),
    data: Path | None = typer.Option(None, "--data", help=DATA_HELP),
    base: str | None = typer.Option(None, "--base", help="minilm (default) | tiny | PATH"),
    epochs: int = typer.Option(3, "--epochs", min=1),
    max_steps: int | None = typer.Option(None, "--max-steps", min=1),
    batch_size: int = typer.Option(16, "--batch-size", min=1),
    seed: int = typer.Option(7, "--seed"),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Train a new version from the corpus plus corrections; promote it if it is better."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from models.jobs import TASKS, train_task
    from models.train import TrainConfig

    if task not in TASKS:
        raise InputError(f"unknown model {task!r}; expected one of {', '.join(TASKS)}")
    if data is not None and not data.is_dir():
        raise InputError("corpus folder not found", where=str(data))
    settings = _settings()
    cfg = TrainConfig(epochs=epochs, max_steps=max_steps, batch_size=batch_size, seed=seed,
                      device=settings.device)  # fmt: skip
    cols = (TextColumn("[bold]train " + task), BarColumn(), MofNCompleteColumn(),
            TextColumn("loss {task.fields[loss]:.4f}"))  # fmt: skip
    with Progress(*cols, console=err_console, transient=True) as bar:
        job = bar.add_task(task, total=None, loss=0.0)

        def on_step(step: int, total: int, loss: float) -> None:
            bar.update(job, completed=step, total=total, loss=loss)

        report = train_task(task, settings, data, base=base, cfg=cfg, on_step=on_step)
    if as_json:
        emit_json(report)
        return
    state = "promoted" if report["promoted"] else "kept as candidate"
    typer.echo(f"{task}@{report['version']} trained in {report['train_seconds']}s: {state}")
    typer.echo(f"  {report['metric']}={report['candidate']} (active: {report['active']})")
    if report.get("reason"):
        typer.echo(f"  {report['reason']}")


@models_app.command("list")
def list_(as_json: bool = typer.Option(False, "--json")) -> None:
    """List every saved version, its held-out score and which one is active."""
    from models import registry

    root = _settings().models_dir
    rows = []
    for name in registry.NAMES:
        current = registry.active_version(root, name)
        for v in registry.versions(root, name):
            meta = registry.info(root, name, v)
            rows.append({"name": name, "version": v, "active": v == current,
                         "metric": meta["primary"], "score": meta["metrics"].get(meta["primary"]),
                         "base": meta["base"], "created": meta["created"],
                         "data_hash": meta["data_hash"][:12]})  # fmt: skip
    if as_json:
        emit_json(rows)
        return
    cols = ("model", "active", "metric", "score", "base", "created", "data")
    table("Models", cols, ([f"{r['name']}@{r['version']}", "*" if r["active"] else "",
                            r["metric"], r["score"], r["base"], r["created"][:19],
                            r["data_hash"]] for r in rows))  # fmt: skip


@models_app.command("eval")
def eval_(
    name: str = typer.Argument(..., help="kind | fields | glcode"),
    version: int | None = typer.Option(None, "--version", help="Default: the active one."),
    data: Path = typer.Option(..., "--data", help=DATA_HELP),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Score a version on the corpus's held-out split."""
    from models import data as mdata
    from models import registry
    from models.evaluate import evaluate
    from models.inference import runner
    from models.jobs import task_data

    settings = _settings()
    version = version or registry.active_version(settings.models_dir, name)
    if version is None:
        raise InputError(f"{name} has no active version; train one or pass --version")
    folder = registry.weights_dir(settings.models_dir, name, version)
    heldout = mdata.split(task_data(name, data, settings.home_dir), "heldout")
    metrics = evaluate(name, runner(folder, settings.device, settings.workers), heldout)
    report = {"name": name, "version": version, "metrics": metrics}
    if as_json:
        emit_json(report)
        return
    flat = {k: v for k, v in metrics.items() if not isinstance(v, dict | list)}
    table(f"{name}@{version} on held-out", ("metric", "value"), flat.items())
    for field, m in (metrics.get("fields") or {}).items():
        typer.echo(f"  {field:16} f1={m['f1']:.3f} support={m['support']}")


@models_app.command("promote")
def promote(
    name: str = typer.Argument(...),
    version: int = typer.Argument(...),
    force: bool = typer.Option(False, "--force", help="Promote even if it scores worse."),
    data: Path | None = typer.Option(None, "--data", help="Shadow-evaluate on this corpus."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Make a version active if it beats the active one on held-out data."""
    from models import data as mdata
    from models import registry
    from models.jobs import task_data

    settings = _settings()
    heldout = None
    if data is not None:
        heldout = mdata.split(task_data(name, data, settings.home_dir), "heldout")
    live = _live(name, version)  # confirmed documents of a shadow run, when enough
    result = registry.promote(settings.models_dir, name, version, force=force, heldout=heldout,
                              comparison=live)  # fmt: skip
    if as_json:
        emit_json({"name": name, "version": version, **result})
        return
    note = " (forced)" if result["forced"] else ""
    typer.echo(f"{name}@{version} is active{note}")


def _live(name: str, version: int) -> dict | None:
    from bursar.db import has_table, session_scope
    from bursar.observe.shadow import live_comparison

    if name not in ("kind", "fields") or not has_table("model_shadow"):
        return None
    with session_scope(write=False) as session:
        return live_comparison(session, name, version)


@models_app.command("shadow")
def shadow(
    name: str = typer.Argument(..., help="kind | fields"),
    version: int | None = typer.Argument(None, help="The candidate version."),
    off: bool = typer.Option(False, "--off", help="Stop the shadow run."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Run a candidate beside the active model on live documents (recorded, never acted on).

    ``bursar models promote NAME VERSION`` then compares the two on the documents people
    confirmed meanwhile (approved, or corrected: the corrected value is the truth)."""
    from models import registry

    root = _settings().models_dir
    if off:
        registry.clear_shadow(root, name)
    elif version is None:
        raise InputError("give the candidate's VERSION (or --off)")
    else:
        registry.set_shadow(root, name, version)
    now = registry.shadow_version(root, name)
    if as_json:
        emit_json({"name": name, "shadow": now, "active": registry.active_version(root, name)})
        return
    typer.echo(f"{name}: {'no shadow run' if now is None else f'{name}@{now} runs in shadow'}")


@models_app.command("rollback")
def rollback(
    name: str = typer.Argument(...), as_json: bool = typer.Option(False, "--json")
) -> None:
    """Re-activate the previously active version."""
    from models import registry

    version = registry.rollback(_settings().models_dir, name)
    if as_json:
        emit_json({"name": name, "active": version})
        return
    typer.echo(f"{name}@{version} is active again")


@models_app.command("corrections")
def corrections(
    vendor: str | None = typer.Option(None, "--vendor", help="Only this vendor's documents."),
    model: str | None = typer.Option(None, "--model", help="Only documents this model read."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """List the documents people corrected: the training set a drift alert proposes.

    ``bursar models train fields`` learns from them (it reads ``BURSAR_HOME/corrections``).
    """
    from bursar.db import session_scope
    from bursar.observe.retrain import corrected_documents

    with session_scope(write=False) as session:
        rows = corrected_documents(session, vendor=vendor, model=model)
    if as_json:
        emit_json(rows)
        return
    table(
        f"{len(rows)} corrected documents (a retrain's training set)",
        ["document", "vendor", "model", "fields corrected", "example"],
        [[r["document_id"], r["vendor_id"] or "-", r["model"], ", ".join(r["fields"]),
          r["example"]] for r in rows],
    )  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add the ``models`` command group."""
    app.add_typer(models_app, name="models")
