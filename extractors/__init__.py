"""Document extraction: files -> layout tokens -> contract 4.1 JSON dicts.

Public API::

    load_pages(path, *, languages=None, dpi=300, page_limit=None) -> list[PageTokens]
    extract(path, ctx: ExtractionContext | None = None) -> dict
    extract_file(path, *, kind_classifier=None, field_scorer=None, languages=None,
                 dpi=300, templates=None, page_limit=None, parties=None, layouts=None) -> dict
    extract_pages(pages, *, file, sha256, kind_classifier=None, field_scorer=None,
                  templates=None) -> dict

Extractors import nothing of the core but its kernel (errors, contract, config, files):
what they know beforehand (company, vendor master snapshot, learned layouts, models) is
handed in as an ``ExtractionContext``, loaded by the caller
(``bursar.ingest.context.extraction_context``). ``extract`` raises
``bursar.errors.InputError`` (with ``code``: not_found, empty, encrypted, corrupt,
unsupported_type, too_many_pages, image_too_large) for unreadable input. Everything after
``load_pages`` is a pure function of the tokens.

Also: ``extractors.batch.extract_many(paths, workers=...)`` (process pool, error
records instead of exceptions), ``extractors.templates.load_templates(folder)``,
``extractors.kind.RuleKindClassifier`` (``rules@1``), ``extractors.einvoice.read_einvoice``.
"""

from __future__ import annotations

from extractors.context import ExtractionContext
from extractors.loader import load_pages
from extractors.pipeline import extract, extract_file, extract_pages
from extractors.tokens import PageTokens, Token

__all__ = [
    "ExtractionContext",
    "PageTokens",
    "Token",
    "extract",
    "extract_file",
    "extract_pages",
    "load_pages",
]
