"""BERT classifiers for Bursar: document kind, field labelling, GL coding.

The pipeline calls two functions and needs nothing else:

* ``load_plugins(settings) -> (KindClassifier | None, FieldScorer | None, versions)`` --
  the active models as ``extractors.plugins`` objects; None for a model not trained
  (the extractor then uses its rules). Never raises for a missing or broken model.
* ``ensure_demo_models(corpus_dir, settings)`` -- train small models when none is active.

Importing this package does not import torch; the functions do, when called.
See ``models/README.md`` for training, the registry and the corrections format.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def load_plugins(settings: Any = None) -> tuple[Any, Any, dict[str, str]]:
    """Return ``(kind_classifier, field_scorer, versions)`` from the active models.

    ``versions`` maps the contract's keys (``classifier``, ``labeler``) to ``name@version``
    for the models returned. A model that is missing or fails to load is None (logged as
    a warning) and has no key: the extractor then reports its rule-based version.
    """
    from bursar.config import get_settings

    settings = settings or get_settings()
    kind = _load("kind", settings)
    fields = _load("fields", settings)
    versions = {}
    if kind is not None:
        versions["classifier"] = kind.version
    if fields is not None:
        versions["labeler"] = fields.version
    return kind, fields, versions


def _load(name: str, settings: Any) -> Any:
    try:
        from models import registry

        return registry.active(name, settings)
    except Exception as exc:  # a broken model must degrade to rules, never stop the pipeline
        log.warning("model %s unavailable, using rules: %s", name, exc)
        return None


def load_gl_coder(settings: Any = None) -> Any:
    """Return the active GL coder (``suggest(description, vendor_id, k)``) or None."""
    from bursar.config import get_settings

    return _load("glcode", settings or get_settings())


def ensure_demo_models(corpus_dir: Path, settings: Any = None, *, base: str = "tiny") -> dict:
    """Train small models for the tasks with none active; return a report per task."""
    from bursar.config import get_settings
    from models.jobs import ensure_demo_models as _ensure

    return _ensure(Path(corpus_dir), settings or get_settings(), base=base)
