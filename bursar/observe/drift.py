"""Drift per vendor and model: a vendor's field confidences now against its own norm.

A vendor's first ``drift_reference_docs`` decided documents read by one model (after the
last drift alert for it was cleared) are its norm; its latest ``drift_window_docs``
documents by the same model are compared with it on every decision. The values are the
header fields' confidences, a field the norm has and the document lacks counting as 0
(a layout change often loses fields before it lowers confidences). Two tests must agree
(Evidently's pair): the population stability index over fixed confidence bins reaches
``drift_psi_threshold`` and the two-sample Kolmogorov-Smirnov p-value falls below
``drift_ks_pvalue``. Then an alert (dashboard + email) names the vendor, the model and
the signal, and every document of that vendor gets a blocking ``drift_review`` finding,
so it waits in the inbox until a person clears the alert. Everything is audited.

The detector (``score``) is a pure function over numbers; ``review`` is the database shell
the pipeline calls between the rules and the recorded decision.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from prometheus_client import Counter, Gauge
from sqlmodel import Session, col, func, or_, select

from bursar import audit
from bursar.config import Settings, get_settings
from bursar.observe.metrics import KNOWN_FIELDS, labeller_of
from bursar.records import Alert, Correction, Document, Extraction

log = logging.getLogger("bursar.drift")

RULE = "drift_review"
# Fine bins near the top: a field read well scores 0.95-1, and the first sign of trouble
# is a slide from there, long before values are low.
EDGES = np.array([0.0, 0.3, 0.5, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.99, 1.0001])
EPS = 1e-4

PSI = Gauge("bursar_drift_psi", "PSI of field confidence, latest window vs norm.",
            ["vendor", "model"])  # fmt: skip
DETECTED = Counter("bursar_drift_alerts_total", "Drift alerts raised.", ["model"])


@dataclass(frozen=True)
class Score:
    """How far a window of confidences is from the norm."""

    psi: float
    ks_p: float
    missing_ref: float  # share of values that are missing fields, in the norm
    missing_now: float
    mean_ref: float
    mean_now: float

    def drifted(self, psi_threshold: float, ks_p: float) -> bool:
        return self.psi >= psi_threshold and self.ks_p < ks_p

    def to_json(self) -> dict[str, float]:
        return {k: round(v, 4) for k, v in dataclasses.asdict(self).items()}


def psi(reference: Sequence[float], current: Sequence[float]) -> float:
    """Return the population stability index of ``current`` against ``reference``."""
    ref = np.histogram(np.clip(reference, 0, 1), EDGES)[0] / max(len(reference), 1)
    cur = np.histogram(np.clip(current, 0, 1), EDGES)[0] / max(len(current), 1)
    ref, cur = np.maximum(ref, EPS), np.maximum(cur, EPS)
    return float(np.sum((cur - ref) * np.log(cur / ref)))


def score(reference: Sequence[float], current: Sequence[float]) -> Score:
    """Return PSI, the KS p-value and the missing shares of two samples of confidences."""
    from scipy.stats import ks_2samp

    ref, cur = np.asarray(reference, dtype=float), np.asarray(current, dtype=float)
    p = 1.0 if np.array_equal(np.sort(ref), np.sort(cur)) else float(ks_2samp(ref, cur).pvalue)
    return Score(
        psi=psi(ref, cur),
        ks_p=p,
        missing_ref=float(np.mean(ref == 0)),
        missing_now=float(np.mean(cur == 0)),
        mean_ref=float(ref.mean()),
        mean_now=float(cur.mean()),
    )


def fields_of(docs: Sequence[Mapping[str, Any]]) -> list[str]:
    """Return the header fields at least half of the norm's documents have."""
    seen: dict[str, int] = {}
    for result in docs:
        for name, value in (result.get("fields") or {}).items():
            if (
                name in KNOWN_FIELDS
                and isinstance(value, Mapping)
                and value.get("value") is not None
            ):
                seen[name] = seen.get(name, 0) + 1
    return sorted(n for n, k in seen.items() if 2 * k >= len(docs))


def values(docs: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> list[float]:
    """Return each document's confidence of each field (0 when the field is missing)."""
    out: list[float] = []
    for result in docs:
        got = result.get("fields") or {}
        for name in fields:
            v = got.get(name)
            ok = isinstance(v, Mapping) and v.get("value") is not None
            out.append(reader_confidence(v) if ok else 0.0)  # type: ignore[arg-type]
    return out


def reader_confidence(field: Mapping[str, Any]) -> float:
    """Return the reader's own confidence of a field: the evidence model (issue 23) keeps it
    as ``evidence.raw`` when it rescores. Drift watches the reader -- a new layout moves
    the reader's scores, while a value the arithmetic and master data vouch for keeps a high
    trusted score whatever layout it came from."""
    raw = (field.get("evidence") or {}).get("raw")
    return float(raw if isinstance(raw, (int, float)) else field.get("confidence") or 0.0)


# --- the database shell ---------------------------------------------------------------------------


def subject(vendor_id: str) -> str:
    return f"vendor/{vendor_id}"


def open_alert(session: Session, vendor_id: str) -> Alert | None:
    """Return the vendor's drift alert nobody has cleared yet."""
    return session.exec(
        select(Alert)
        .where(Alert.kind == "drift", Alert.subject == subject(vendor_id))
        .where(col(Alert.acknowledged_at).is_(None))
        .order_by(col(Alert.id).desc())
    ).first()


def _since(session: Session, vendor_id: str) -> datetime | None:
    """Return when the vendor's last drift alert was cleared (its norm starts again)."""
    return session.exec(
        select(func.max(Alert.acknowledged_at)).where(
            Alert.kind == "drift", Alert.subject == subject(vendor_id)
        )
    ).one()


# A document's drift signal is a handful of numbers, but its extraction is a large JSON
# text: parsing the windows' extractions again for every decision cost more than the rules.
# Each extraction's signal is kept here once read (an extraction row never changes; a
# correction is a new row), so a decision reads the windows' ids and only new results.
_SIGNALS: OrderedDict[tuple[str, int], Mapping[str, Any]] = OrderedDict()
_SIGNALS_MAX = 50_000


def signal(result: Mapping[str, Any]) -> Mapping[str, Any]:
    """Return the part of an extraction result that drift looks at (model, header fields)."""
    got = result.get("fields") or {}
    fields = {
        name: {"value": True, "confidence": reader_confidence(v)}
        for name, v in got.items()
        if name in KNOWN_FIELDS and isinstance(v, Mapping) and v.get("value") is not None
    }
    return {"fields": fields, "versions": dict(result.get("versions") or {})}


def _remember(key: tuple[str, int], sig: Mapping[str, Any]) -> None:
    _SIGNALS[key] = sig
    if len(_SIGNALS) > _SIGNALS_MAX:
        _SIGNALS.popitem(last=False)


def _alert_state(session: Session, vendor_id: str) -> tuple[Alert | None, datetime | None]:
    """Return the vendor's open drift alert and when its last one was cleared, in one read."""
    alerts = session.exec(
        select(Alert)
        .where(Alert.kind == "drift", Alert.subject == subject(vendor_id))
        .order_by(col(Alert.id).desc())
    ).all()
    open_ = next((a for a in alerts if a.acknowledged_at is None), None)
    cleared = [a.acknowledged_at for a in alerts if a.acknowledged_at is not None]
    return open_, max(cleared, default=None)


def _results(
    session: Session,
    vendor_id: str,
    since: datetime | None,
    *,
    newest: bool,
    limit: int,
    current: tuple[int, Mapping[str, Any]] | None = None,
) -> list[tuple[int, Mapping[str, Any]]]:
    """Return (document id, drift signal) of the vendor's documents in id order (or newest
    first); ``current``: the document being decided and its extraction, already in hand."""
    stmt = (
        select(Document.id, Extraction.id)
        .join(Extraction, col(Extraction.document_id) == col(Document.id))
        # the document being decided counts before routing writes its vendor
        .where(or_(Document.vendor_id == vendor_id, Document.id == (current or (0,))[0]))
        .where(col(Extraction.corrected).is_(False))  # as the model read it, not as fixed
    )
    if since is not None:
        stmt = stmt.where(col(Document.stage_at) > since)
    order = col(Document.id).desc() if newest else col(Document.id)
    rows = [(int(d), int(e)) for d, e in session.exec(stmt.order_by(order).limit(limit)).all()]
    db = str(session.get_bind().url)  # ids are per database; tests and benches use several
    latest: dict[int, int] = {}
    for d, e in rows:
        latest[d] = max(e, latest.get(d, e))
    if current is not None and current[0] in latest:
        _remember((db, latest[current[0]]), signal(current[1]))
    missing = [e for _, e in rows if (db, e) not in _SIGNALS]
    if missing:
        read = select(Extraction.id, Extraction.result).where(col(Extraction.id).in_(missing))
        for e, result in session.exec(read).all():
            _remember((db, int(e)), signal(result or {}))
    return [(d, _SIGNALS[(db, e)]) for d, e in rows if (db, e) in _SIGNALS]


@dataclass(frozen=True)
class Verdict:
    """What the detector says about a vendor and model: learning, stable or drift."""

    state: str
    score: Score | None = None
    signal: str | None = None  # what tipped it: field_confidence, low_confidence, corrections
    detail: dict[str, float] = dataclasses.field(default_factory=dict)


def share_test(ref_hits: int, ref_n: int, now_hits: int, now_n: int) -> float:
    """Return the one-sided Fisher exact p-value that the window's share is higher."""
    from scipy.stats import fisher_exact

    if ref_n == 0 or now_n == 0:
        return 1.0
    table = [[now_hits, now_n - now_hits], [ref_hits, ref_n - ref_hits]]
    return float(fisher_exact(table, alternative="greater").pvalue)


def judge(
    first: Sequence[Mapping[str, Any]],
    last: Sequence[Mapping[str, Any]],
    settings: Settings,
    first_corrected: Sequence[bool] = (),
    last_corrected: Sequence[bool] = (),
) -> Verdict:
    """Return the verdict for a vendor's norm (``first``) against its latest window (``last``).

    Pure: the extraction results in, the verdict out (``bench/observe.py`` replays streams
    through it). Three signals, any one of which raises the alert:

    - ``field_confidence``: PSI reaches ``drift_psi_threshold`` and KS p < ``drift_ks_pvalue``;
    - ``low_confidence``: the share of field values below ``drift_low_confidence`` rose by
      ``drift_low_share_rise`` or more and a one-sided Fisher test agrees (p < ``drift_ks_pvalue``);
    - ``corrections``: the share of documents people corrected rose by ``drift_correction_rise``
      or more, with the same test.
    """
    fields = fields_of(first)
    if not fields:
        return Verdict("learning")
    ref, now = values(first, fields), values(last, fields)
    s = score(ref, now)
    p = settings.drift_ks_pvalue
    if s.drifted(settings.drift_psi_threshold, p):
        return Verdict("drift", s, "field_confidence", {"psi": s.psi, "ks_p": s.ks_p})
    low = settings.drift_low_confidence
    ref_low, now_low = sum(v < low for v in ref), sum(v < low for v in now)
    rise = now_low / max(len(now), 1) - ref_low / max(len(ref), 1)
    if rise >= settings.drift_low_share_rise:
        q = share_test(ref_low, len(ref), now_low, len(now))
        if q < p:
            return Verdict("drift", s, "low_confidence",
                           {"share_ref": ref_low / len(ref), "share_now": now_low / len(now),
                            "p": q})  # fmt: skip
    if first_corrected and last_corrected:
        rc, nc = sum(map(bool, first_corrected)), sum(map(bool, last_corrected))
        rate_ref, rate_now = rc / len(first_corrected), nc / len(last_corrected)
        if rate_now - rate_ref >= settings.drift_correction_rise:
            q = share_test(rc, len(first_corrected), nc, len(last_corrected))
            if q < p:
                return Verdict("drift", s, "corrections",
                               {"rate_ref": rate_ref, "rate_now": rate_now, "p": q})  # fmt: skip
    return Verdict("stable", s)


def _corrected(session: Session, ids: Sequence[int]) -> set[int]:
    if not ids:
        return set()
    rows = session.exec(
        select(Correction.document_id).where(col(Correction.document_id).in_(list(ids)))
    ).all()
    return {int(i) for i in rows}


def measure(
    session: Session,
    vendor_id: str,
    model: str,
    settings: Settings,
    current: tuple[int, Mapping[str, Any]] | None = None,
    cleared: tuple[datetime | None] | None = None,
) -> Verdict:
    """Return the verdict for a vendor and model from the database.

    ``current``: the document being decided and its extraction, already in hand;
    ``cleared``: when the vendor's last alert was cleared, if the caller read it already.
    """
    since = _since(session, vendor_id) if cleared is None else cleared[0]
    r, w = settings.drift_reference_docs, settings.drift_window_docs
    # other models' documents are skipped in Python: fetch a margin beyond the sizes needed
    first = [(i, x) for i, x in _results(session, vendor_id, since, newest=False,
                                         limit=4 * (r + w), current=current)
             if labeller_of(x) == model][:r]  # fmt: skip
    last = [(i, x) for i, x in _results(session, vendor_id, since, newest=True, limit=4 * w,
                                        current=current)
            if labeller_of(x) == model][:w]  # fmt: skip
    if len(first) < r or len(last) < w or last[-1][0] <= first[-1][0]:
        return Verdict("learning")
    fixed = _corrected(session, [i for i, _ in first] + [i for i, _ in last])
    v = judge(
        [x for _, x in first], [x for _, x in last], settings,
        [i in fixed for i, _ in first], [i in fixed for i, _ in last],
    )  # fmt: skip
    if v.score is not None:
        PSI.labels(vendor_id, model).set(v.score.psi)
    return v


def review(
    session: Session,
    doc: Document,
    extraction: Mapping[str, Any],
    decision: Any,
    *,
    observe: bool = True,
    settings: Settings | None = None,
) -> Any:
    """Return the rules' decision, with a blocking ``drift_review`` finding when the
    document's vendor is under a drift alert (raising it first when this document tips it).
    """
    settings = settings or get_settings()
    vendor = decision.vendor_id
    if not settings.drift_enabled or not vendor or "error" in extraction:
        return decision
    model = labeller_of(extraction)
    alert, since = _alert_state(session, vendor)
    if alert is None and observe:
        verdict = measure(
            session, vendor, model, settings, current=(doc.id, extraction), cleared=(since,)
        )
        if verdict.state == "drift":
            alert = _raise(session, doc, vendor, model, verdict)
    if alert is None:
        return decision
    return _with_finding(decision, alert)


SIGNAL_TEXT = {
    "field_confidence": "field confidence moved from its norm",
    "low_confidence": "the share of low-confidence fields rose",
    "corrections": "the share of documents people corrected rose",
}


def describe(vendor: str, model: str, v: Verdict) -> str:
    """Return the alert's one-line message: the vendor, the model and the signal."""
    s = v.score
    assert s is not None and v.signal is not None
    d = v.detail
    if v.signal == "low_confidence":
        how = f"{d['share_ref']:.0%} -> {d['share_now']:.0%} of fields, Fisher p {d['p']:.1e}"
    elif v.signal == "corrections":
        how = f"{d['rate_ref']:.0%} -> {d['rate_now']:.0%} of documents, Fisher p {d['p']:.1e}"
    else:
        how = f"PSI {s.psi:.2f}, KS p {s.ks_p:.1e}"
    return (
        f"drift: vendor {vendor}, model {model}, signal {v.signal}: {SIGNAL_TEXT[v.signal]} "
        f"({how}; mean confidence {s.mean_ref:.2f} -> {s.mean_now:.2f}, "
        f"missing fields {s.missing_ref:.0%} -> {s.missing_now:.0%}); the vendor's documents "
        "go to review until this alert is cleared. A retrain from their corrections is proposed "
        "(bursar models corrections, then bursar models train)."
    )


def _raise(session: Session, doc: Document, vendor: str, model: str, v: Verdict) -> Alert:
    from bursar import alerts

    s = v.score
    assert s is not None
    message = describe(vendor, model, v)
    alert = alerts.record(session, "drift", subject(vendor), message)
    audit.append(
        session,
        "bursar",
        "drift.detected",
        subject(vendor),
        {"alert": alert.id, "model": model, "document": doc.id, "signal": v.signal,
         **s.to_json(), **{k: round(x, 4) for k, x in v.detail.items() if k not in s.to_json()}},
    )  # fmt: skip
    DETECTED.labels(model).inc()
    log.warning(message, extra={"vendor": vendor, "document": doc.id})
    alert_id = alert.id

    def _email(_session: Session) -> None:  # after the decision commits, never before
        try:
            alerts.deliver(int(alert_id))  # type: ignore[arg-type]
        except Exception as exc:  # the dashboard still shows it
            log.warning("drift alert %s not emailed: %s", alert_id, exc)

    from sqlalchemy import event

    event.listen(session, "after_commit", _email, once=True)
    return alert


def _with_finding(decision: Any, alert: Alert) -> Any:
    from rules.decision import Finding

    finding = Finding(
        rule=RULE,
        severity="block",
        message=f"this vendor's documents are under review for model drift (alert {alert.id}): "
        "check the extracted values; an administrator clears the alert on the dashboard",
    )
    if any(f.rule == RULE for f in decision.findings):
        return decision
    return dataclasses.replace(decision, status="exception", findings=(finding, *decision.findings))
