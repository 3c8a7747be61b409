"""What extraction is handed instead of reaching for it: ``ExtractionContext``.

Extraction is a pure function of a file and this value (ARCHITECTURE.md 2, layer 4): the
company running Bursar, the vendor master snapshot and the learned vendor layouts are
loaded by the caller (``bursar.ingest.context.extraction_context`` in the core) and passed
in, so extractors never open the database, the settings or the document store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from extractors.company import Parties
from extractors.plugins import FieldScorer, KindClassifier


@dataclass(frozen=True)
class ExtractionContext:
    """Everything an extraction may use beyond the file's bytes.

    ``parties``: the company (buyer) and known vendors; ``layouts``: learned vendor
    layouts (``extractors.learning.Layout``); ``templates``: vendor templates (None: the
    shipped ``templates/`` folder, ``()``: none); ``kind_classifier`` / ``field_scorer``:
    models (None: the rule path); ``languages``, ``dpi``, ``page_limit``: how pages are read;
    ``trust``: an evidence model that rescores confidences (None: evidence only);
    ``ranker``: the learned candidate ranker (``"shipped"``, the default: the one in the
    wheel; None: the rules' own scores; or an ``extractors.rank.Ranker``).
    """

    parties: Parties = field(default_factory=Parties)
    layouts: Sequence[Any] = ()
    templates: Sequence[Any] | None = None
    kind_classifier: KindClassifier | None = None
    field_scorer: FieldScorer | None = None
    languages: str | None = None
    dpi: int = 300
    page_limit: int | None = None
    trust: Mapping[str, Any] | None = None
    ranker: Any = "shipped"
