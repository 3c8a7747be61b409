"""The model registry: numbered versions per model, an ``active`` pointer, promotion rules.

Layout under ``BURSAR_HOME/models``::

    NAME/VERSION/model/        weights (safetensors), encoder config, tokenizer.json, head.json
    NAME/VERSION/metrics.json  held-out metrics, training-data hash, base, created, task
    NAME/active                the active version number
    NAME/shadow                the version reading live documents in shadow, if any
    NAME/history.jsonl         every promotion, rollback and shadow run (forced ones say so)

A candidate becomes active only when it beats the active version: on the live documents
people confirmed while it ran in shadow (``bursar.observe.shadow`` measures them and hands
the comparison in), or else on the same held-out data (both scored on the candidate's
held-out set). ``--force`` overrides a refusal and the override is recorded.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bursar.errors import BursarError, InputError
from models.evaluate import PRIMARY

NAMES = ("kind", "fields", "glcode")


class PromotionRefused(BursarError):
    """The candidate does not beat the active model on the held-out set."""

    exit_code = 1
    code = "promotion_refused"


def model_dir(root: Path, name: str) -> Path:
    """Return the folder of model ``name`` (checked against the known names)."""
    if name not in NAMES:
        raise InputError(f"unknown model {name!r}; expected one of {', '.join(NAMES)}")
    return root / name


def versions(root: Path, name: str) -> list[int]:
    """Return the saved version numbers of ``name``, oldest first."""
    folder = model_dir(root, name)
    if not folder.is_dir():
        return []
    return sorted(int(p.name) for p in folder.iterdir() if p.name.isdigit() and p.is_dir())


def info(root: Path, name: str, version: int) -> dict:
    """Return the ``metrics.json`` of one version."""
    path = model_dir(root, name) / str(version) / "metrics.json"
    if not path.is_file():
        raise InputError(f"{name}@{version} does not exist", where=str(path.parent))
    return json.loads(path.read_text(encoding="utf-8"))


def weights_dir(root: Path, name: str, version: int) -> Path:
    """Return the folder holding the saved network of ``name@version``."""
    return model_dir(root, name) / str(version) / "model"


def active_version(root: Path, name: str) -> int | None:
    """Return the active version of ``name`` or None when none is active."""
    path = model_dir(root, name) / "active"
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() and (path.parent / text).is_dir() else None


def save_version(root: Path, trained) -> int:
    """Write a ``models.train.Trained`` as the next version of its task; return it."""
    from models.nets import save

    folder = model_dir(root, trained.task)
    folder.mkdir(parents=True, exist_ok=True)
    version = (versions(root, trained.task) or [0])[-1] + 1
    tmp = folder / f".tmp-{version}"
    shutil.rmtree(tmp, ignore_errors=True)
    save(trained.model, trained.tokenizer, tmp / "model")
    meta = {
        "name": trained.task, "version": version, "base": trained.base,
        "data_hash": trained.data_hash, "metrics": trained.metrics,
        "primary": PRIMARY[trained.task], "created": datetime.now(UTC).isoformat(),
        **trained.extra,
    }  # fmt: skip
    (tmp / "metrics.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    tmp.rename(folder / str(version))  # a version appears whole or not at all
    return version


def _log(root: Path, name: str, entry: dict) -> None:
    entry = {"at": datetime.now(UTC).isoformat(), **entry}
    with (model_dir(root, name) / "history.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry) + "\n")


def history(root: Path, name: str) -> list[dict]:
    """Return the promotion log of ``name``, oldest first."""
    path = model_dir(root, name) / "history.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def shadow_version(root: Path, name: str) -> int | None:
    """Return the version running in shadow for ``name``, or None."""
    try:
        text = (model_dir(root, name) / "shadow").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() and (model_dir(root, name) / text).is_dir() else None


def set_shadow(root: Path, name: str, version: int) -> None:
    """Run ``version`` in shadow beside the active model (one shadow per model)."""
    info(root, name, version)  # must exist
    if name not in ("kind", "fields"):
        raise InputError(f"{name} has no shadow runs (only kind and fields read documents)")
    if active_version(root, name) == version:
        raise InputError(f"{name}@{version} is the active version; shadow a candidate")
    tmp = model_dir(root, name) / "shadow.tmp"
    tmp.write_text(f"{version}\n", encoding="utf-8")
    tmp.replace(model_dir(root, name) / "shadow")
    _log(root, name, {"action": "shadow", "version": version})


def clear_shadow(root: Path, name: str) -> None:
    """Stop the shadow run of ``name`` (nothing recorded is lost)."""
    path = model_dir(root, name) / "shadow"
    if path.exists():
        path.unlink()
        _log(root, name, {"action": "shadow_off"})


def _set_active(root: Path, name: str, version: int, action: str, **note: object) -> None:
    if shadow_version(root, name) == version:  # promoted from shadow: the shadow run ends
        (model_dir(root, name) / "shadow").unlink()
    tmp = model_dir(root, name) / "active.tmp"
    tmp.write_text(f"{version}\n", encoding="utf-8")
    tmp.replace(model_dir(root, name) / "active")
    _log(root, name, {"action": action, "version": version, **note})
    from models.inference import clear_cache

    clear_cache()


def compare(root: Path, name: str, version: int, heldout: Sequence | None = None) -> dict:
    """Return candidate vs active scores on the held-out set (shadow evaluation)."""
    key = PRIMARY[name]
    cand = info(root, name, version)["metrics"].get(key, 0.0)
    current = active_version(root, name)
    if current is None and heldout:
        from models.baseline import against_rules

        vs_rules = against_rules(root, name, version, heldout)
        if vs_rules is not None:
            return vs_rules
    if current is None or current == version:
        return {"metric": key, "candidate": cand, "active": None, "active_version": current}
    if heldout:
        from models.evaluate import evaluate
        from models.inference import runner

        scored = evaluate(name, runner(weights_dir(root, name, current), "cpu"), heldout)
        act = scored.get(key, 0.0)
    else:  # no data given: compare the figures recorded at training time
        act = info(root, name, current)["metrics"].get(key, 0.0)
    return {"metric": key, "candidate": cand, "active": act, "active_version": current}


def promote(
    root: Path,
    name: str,
    version: int,
    *,
    force: bool = False,
    heldout: Sequence | None = None,
    comparison: dict | None = None,
) -> dict:
    """Make ``version`` active if it beats the active one (or ``force``); return the comparison.

    Raises ``PromotionRefused`` when the candidate is not better and ``force`` is off.
    """
    info(root, name, version)  # must exist
    cmp = comparison or compare(root, name, version, heldout)
    # Measured improvement only, against the rule path as against a model: a labeller
    # that ties the rules on accuracy still moves confidences, which a tie does not vouch for.
    better = cmp["active"] is None or cmp["candidate"] > cmp["active"]
    if not better and not force:
        active = cmp["active_version"]
        active = (
            active if isinstance(active, str) and not str(active).isdigit() else f"{name}@{active}"
        )
        where = f" on {cmp['documents']} {cmp['source']}" if cmp.get("documents") else ""
        raise PromotionRefused(
            f"{name}@{version} does not beat the active {active}{where}: "
            f"{cmp['metric']} {cmp['candidate']} against {cmp['active']}; "
            "use --force to promote anyway",
            where="models",
        )
    _set_active(root, name, version, "promote", forced=not better, comparison=cmp)
    return {**cmp, "promoted": True, "forced": not better}


def _stack(root: Path, name: str) -> list[int]:
    """Return the versions made active in turn; a rollback pops the one it undid."""
    stack: list[int] = []
    for h in history(root, name):
        if h["action"] == "promote" and (not stack or stack[-1] != h["version"]):
            stack.append(h["version"])
        elif h["action"] == "rollback" and stack:
            stack.pop()
    return stack


def rollback(root: Path, name: str) -> int:
    """Re-activate the version that was active before the current one; return it."""
    current = active_version(root, name)
    stack = _stack(root, name)
    if current is None or len(stack) < 2:
        raise InputError(f"{name} has no earlier active version to roll back to")
    _set_active(root, name, stack[-2], "rollback", previous=current)
    return stack[-2]


def register(root: Path, trained, heldout: Sequence | None = None) -> dict:
    """Save ``trained`` as a new version and promote it when it beats the active one."""
    version = save_version(root, trained)
    cmp = compare(root, trained.task, version, heldout)
    try:
        result = promote(root, trained.task, version, comparison=cmp)
    except PromotionRefused as exc:
        result = {**cmp, "promoted": False, "forced": False, "reason": exc.one_line()}
    return {"name": trained.task, "version": version, **result}


DEFAULT_ON = ("kind",)  # shipped models served unless BURSAR_DEFAULT_MODELS says otherwise


def default_models() -> tuple[str, ...]:
    """Return the shipped models a home without its own uses (``BURSAR_DEFAULT_MODELS``).

    Unset: ``kind`` only. The shipped field labeller loses to the rules on real layouts
    it never saw (models/README.md), so it is there to opt into: ``kind,fields``.
    ``none`` (or ``0``): no shipped model, the rules alone.
    """
    raw = os.environ.get("BURSAR_DEFAULT_MODELS")
    if raw is None:
        return DEFAULT_ON
    names = tuple(n.strip() for n in raw.split(",") if n.strip())
    return () if names in ((), ("none",), ("0",)) else names


def load_version(name: str, version: int, settings=None):
    """Return ``name@version`` as a plug-in object (a shadow candidate, say)."""
    from bursar.config import get_settings
    from models.inference import BertFieldScorer, BertKindClassifier, GLCoder, runner

    settings = settings or get_settings()
    wrapper = {"kind": BertKindClassifier, "fields": BertFieldScorer, "glcode": GLCoder}[name]
    run = runner(weights_dir(settings.models_dir, name, version), settings.device, settings.workers)
    return wrapper(run, f"{name}@{version}")


def active(name: str, settings=None):
    """Return the active model of ``name`` as a plug-in object, or None when none is active."""
    from bursar.config import get_settings
    from models.inference import BertFieldScorer, BertKindClassifier, GLCoder, runner

    settings = settings or get_settings()
    wrapper = {"kind": BertKindClassifier, "fields": BertFieldScorer, "glcode": GLCoder}[name]
    version = active_version(settings.models_dir, name)
    if version is None:  # nothing trained here: the model shipped in the wheel, if any
        from models.default import default_dir, default_version

        folder = default_dir(name)
        if folder is None or name not in default_models():
            return None
        return wrapper(runner(folder / "model", settings.device, settings.workers),
                       default_version(name))  # fmt: skip
    run = runner(weights_dir(settings.models_dir, name, version), settings.device, settings.workers)
    return wrapper(run, f"{name}@{version}")
