"""Event metrics: counted or timed where the event happens, in the process it happens in.

Names follow Prometheus conventions: ``bursar_`` prefix, base units (seconds), ``_total``
on counters. Labels are bounded: a stage, an outcome, a model version, a field name,
never a document id or a vendor's free text. A pipeline worker exposes these on its own
port (``bursar worker --metrics-port``); the inbox and ``bursar metrics serve`` expose
them with the database's figures. With ``PROMETHEUS_MULTIPROC_DIR`` set, the values of
every process (extraction pool children included) are summed at scrape time.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from prometheus_client import Counter, Histogram

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)
CONFIDENCE_BUCKETS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99, 1.0)
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)

DOCUMENTS = Counter(
    "bursar_documents_processed_total",
    "Documents that passed a pipeline stage, by stage and outcome.",
    ["stage", "outcome"],
)
STAGE_SECONDS = Histogram(
    "bursar_stage_duration_seconds",
    "Time one document spent in one pipeline stage.",
    ["stage"],
    buckets=LATENCY_BUCKETS,
)
FIELD_CONFIDENCE = Histogram(
    "bursar_field_confidence",
    "Confidence of extracted header fields, by the model version that labelled them.",
    ["model", "field"],
    buckets=CONFIDENCE_BUCKETS,
)
INFERENCE_SECONDS = Histogram(
    "bursar_model_inference_seconds",
    "Time of one forward pass of a model over one batch.",
    ["model"],
    buckets=LATENCY_BUCKETS,
)
INFERENCE_BATCH = Histogram(
    "bursar_model_batch_size",
    "Inputs (texts or token windows) in one forward pass of a model.",
    ["model"],
    buckets=BATCH_BUCKETS,
)
JOBS = Counter(
    "bursar_worker_jobs_total",
    "Jobs a pipeline worker finished, by task and outcome.",
    ["task", "outcome"],
)

# Header fields worth a confidence series: the contract's own names, nothing a file brings.
KNOWN_FIELDS = frozenset(
    (
        "vendor_name", "vendor_tax_id", "vendor_iban", "customer_name", "invoice_number",
        "invoice_date", "due_date", "po_number", "currency", "subtotal", "tax_amount", "total",
        "payment_terms", "claim_number", "policy_number", "claimant_name", "provider_name",
        "service_date", "total_claimed",
    )
)  # fmt: skip


@contextmanager
def timed(stage: str) -> Iterator[None]:
    """Observe the block's wall time in ``bursar_stage_duration_seconds{stage}``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        STAGE_SECONDS.labels(stage).observe(time.perf_counter() - start)


def labeller_of(extraction: Mapping[str, Any]) -> str:
    """Return the model version that labelled the fields, ``rules`` when none did."""
    versions = extraction.get("versions") or {}
    return str(versions.get("labeler") or versions.get("fields") or "rules")


def record_extraction(extraction: Mapping[str, Any]) -> None:
    """Count one extraction and observe its fields' confidences."""
    if "error" in extraction:
        DOCUMENTS.labels("extract", "error").inc()
        return
    DOCUMENTS.labels("extract", "ok").inc()
    model = labeller_of(extraction)
    for name, value in (extraction.get("fields") or {}).items():
        if name not in KNOWN_FIELDS or not isinstance(value, Mapping):
            continue
        conf = value.get("confidence")
        if isinstance(conf, int | float) and value.get("value") is not None:
            FIELD_CONFIDENCE.labels(model, name).observe(float(conf))


def record_decision(status: str) -> None:
    """Count one decided document by its status."""
    DOCUMENTS.labels("decide", status).inc()


def record_inference(model: str, batch_size: int, seconds: float) -> None:
    """Observe one forward pass (the hook ``models.inference`` calls)."""
    INFERENCE_SECONDS.labels(model).observe(seconds)
    INFERENCE_BATCH.labels(model).observe(batch_size)


_hooked = False


def hook_models() -> None:
    """Have ``models.inference`` report each forward pass here (once per process)."""
    global _hooked
    if _hooked:
        return
    from models import hooks

    hooks.OBSERVERS.append(record_inference)
    _hooked = True
