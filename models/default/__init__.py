"""The default models of a fresh install, shipped inside the wheel (no download).

``models/default/NAME/`` holds ``model/`` (weights, encoder config, tokenizer, head, as
``models.nets.save`` writes them) and ``metrics.json`` (version, training data hash,
how it was trained). The registry serves them as ``NAME@default-N`` while the home has
no active version of its own (``registry.active``); a model trained and promoted in
``BURSAR_HOME/models`` replaces them. Built by ``python bench/layoutmodel.py --ship``.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VERSION = 1  # bump when the shipped weights change


def default_dir(name: str, root: Path = ROOT) -> Path | None:
    """Return the folder of the shipped model ``name``, or None when none is shipped."""
    folder = root / name
    return folder if (folder / "model" / "model.safetensors").is_file() else None


def default_version(name: str, root: Path = ROOT) -> str | None:
    """Return ``NAME@default-N`` for the shipped model, or None."""
    folder = default_dir(name, root)
    if folder is None:
        return None
    meta = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    return f"{name}@default-{meta.get('version', VERSION)}"


def write_default(root: Path, trained, meta: dict) -> Path:
    """Write a ``models.train.Trained`` as the shipped model of its task; return its folder."""
    from models.evaluate import PRIMARY
    from models.nets import save

    folder = root / trained.task
    shutil.rmtree(folder, ignore_errors=True)
    save(trained.model, trained.tokenizer, folder / "model")
    info = {
        "name": trained.task, "version": VERSION, "base": trained.base,
        "metrics": trained.metrics, "primary": PRIMARY[trained.task],
        "created": datetime.now(UTC).date().isoformat(), **meta,
    }  # fmt: skip
    (folder / "metrics.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return folder
