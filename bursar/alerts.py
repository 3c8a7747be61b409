"""Operator alerts: recorded in the ``alert`` table (the inbox dashboard shows them) and
sent by email when SMTP is configured (``[smtp]`` in bursar.toml).

The SMTP password is the secret ``smtp_password`` (``bursar.secrets``), else the
environment variable ``BURSAR_SMTP_PASSWORD``; it never reaches a log or the database.
An email that cannot be sent leaves the alert on the dashboard with the reason.
"""

from __future__ import annotations

import os
import smtplib
from email.message import EmailMessage

from sqlmodel import Session, col, select

from bursar import audit
from bursar.config import Settings, get_settings
from bursar.db import session_scope
from bursar.records import Alert
from bursar.types import utcnow

KINDS = ("failure", "disabled", "sla", "missed", "drift")


def record(
    session: Session, kind: str, subject: str, message: str, run_id: int | None = None
) -> Alert:
    """Add an alert in the caller's transaction (email it afterwards with ``deliver``)."""
    alert = Alert(kind=kind, subject=subject, message=" ".join(message.split()), run_id=run_id)
    session.add(alert)
    session.flush()
    audit.append(
        session,
        "bursar",
        "alert.raise",
        subject,
        {"alert": alert.id, "kind": kind, "message": alert.message},
    )
    return alert


def _password() -> str | None:
    try:
        from bursar import secrets
    except ImportError:  # the vault is optional
        secrets = None  # type: ignore[assignment]
    value = secrets.get("smtp_password") if secrets is not None else None
    return value or os.environ.get("BURSAR_SMTP_PASSWORD") or None


def send_email(subject: str, body: str, settings: Settings | None = None) -> None:
    """Send one alert email with the configured SMTP server (raises on failure)."""
    smtp = (settings or get_settings()).smtp
    msg = EmailMessage()
    msg["From"] = smtp.sender
    msg["To"] = ", ".join(smtp.to)
    msg["Subject"] = subject
    msg.set_content(body)
    cls = smtplib.SMTP_SSL if smtp.ssl else smtplib.SMTP
    with cls(smtp.host or "localhost", smtp.port, timeout=smtp.timeout) as client:
        if smtp.starttls and not smtp.ssl:
            client.starttls()
        password = _password()
        if smtp.username and password:
            client.login(smtp.username, password)
        client.send_message(msg)


def deliver(alert_id: int, settings: Settings | None = None) -> bool:
    """Email the alert if SMTP is configured; record the outcome. True when sent."""
    settings = settings or get_settings()
    if not settings.smtp.host or not settings.smtp.to:
        return False
    with session_scope(write=False) as session:
        alert = session.get(Alert, alert_id)
    if alert is None or alert.emailed:
        return False
    error = None
    try:
        send_email(f"[Bursar] {alert.kind}: {alert.subject}", _body(alert), settings)
    except (OSError, smtplib.SMTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"[:300]
    with session_scope() as session:
        row = session.get(Alert, alert_id)
        if row is not None:
            row.emailed, row.email_error = error is None, error
            session.add(row)
    return error is None


def _body(alert: Alert) -> str:
    when = alert.created_at.isoformat() if alert.created_at else ""
    run = f"\nRun: {alert.run_id}" if alert.run_id else ""
    return f"{alert.message}\n\nSubject: {alert.subject}\nWhen: {when} (UTC){run}\n"


def raise_alert(kind: str, subject: str, message: str, run_id: int | None = None) -> int:
    """Record an alert in its own transaction and email it; return its id."""
    with session_scope() as session:
        alert_id = record(session, kind, subject, message, run_id).id
    assert alert_id is not None
    deliver(alert_id)
    return alert_id


def open_alerts(session: Session, limit: int = 20) -> list[Alert]:
    """Return unacknowledged alerts, newest first: what the inbox dashboard shows."""
    stmt = (
        select(Alert)
        .where(col(Alert.acknowledged_at).is_(None))
        .order_by(col(Alert.id).desc())
        .limit(limit)
    )
    return list(session.exec(stmt))


def acknowledge(session: Session, alert_id: int, actor: str) -> Alert | None:
    """Mark an alert seen by ``actor`` (audited); None when there is no such alert."""
    alert = session.get(Alert, alert_id)
    if alert is None or alert.acknowledged_at is not None:
        return alert
    alert.acknowledged_by, alert.acknowledged_at = actor, utcnow()
    session.add(alert)
    audit.append(session, actor, "alert.acknowledge", alert.subject, {"alert": alert_id})
    return alert
