"""``mailbox_ingest`` against a real Dovecot (the sandbox mailbox) on loopback."""

from __future__ import annotations

import imaplib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from devkit.sandbox import mailbox as sandbox_mailbox

pytestmark = pytest.mark.skipif(
    not Path(sandbox_mailbox.DOVECOT).exists(), reason="dovecot-imapd is not installed"
)


@pytest.fixture(scope="module")
def dovecot() -> Iterator[sandbox_mailbox.Mailbox]:
    box = sandbox_mailbox.start()
    yield box
    sandbox_mailbox.stop(box)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from devkit.synth import generate

    out = tmp_path_factory.mktemp("mailcorpus")
    generate(out, count=4, seed=11, scans=True, claims=False, einvoices=False)
    return out


def _empty(box: sandbox_mailbox.Mailbox) -> None:
    with sandbox_mailbox.connect(box) as conn:
        for folder in ("INBOX", *sandbox_mailbox.FOLDERS):
            typ, data = conn.select(f'"{folder}"')
            if typ != "OK" or data[0] == b"0":
                continue
            conn.store("1:*", "+FLAGS.SILENT", r"(\Deleted)")
            conn.expunge()


# SQLite only: the work-item bookkeeping on PostgreSQL is the framework's tests' business,
# and every run here OCRs a scan.
SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def wired(
    db_url: str, dovecot: sandbox_mailbox.Mailbox, monkeypatch: pytest.MonkeyPatch
) -> sandbox_mailbox.Mailbox:
    """The module's Dovecot, emptied and wired to the bot the way ``bursar sandbox up``
    wires it (a state entry naming the secret, the secret itself)."""
    from devkit.sandbox import state

    _empty(dovecot)
    state.save({"systems": {"mailbox": sandbox_mailbox.entry(dovecot)}})
    monkeypatch.setenv("BURSAR_SECRET_SANDBOX_IMAP_PASSWORD", dovecot.password)
    return dovecot


@pytest.fixture
def delivered(wired: sandbox_mailbox.Mailbox, corpus: Path) -> list[dict]:
    """The practice mail delivered to the wired mailbox: one summary per message."""
    return sandbox_mailbox.fill(wired, corpus)


def _counts(box: sandbox_mailbox.Mailbox) -> dict[str, int]:
    return sandbox_mailbox.status(box)["messages"]


def _items():  # type: ignore[no-untyped-def]
    from bots.records import WorkItem
    from bursar.db import session_scope

    with session_scope(write=False) as s:
        rows = s.exec(select(WorkItem).where(WorkItem.bot == "mailbox_ingest")).all()
        return [(r.reference, r.status, r.document_ids, r.audit_seqs) for r in rows]


def _documents() -> list[tuple[str, str, str]]:
    from bursar.db import session_scope
    from bursar.records import Document

    with session_scope(write=False) as s:
        return sorted((d.filename, d.source, d.sha256) for d in s.exec(select(Document)).all())


def _audit(action: str) -> list[dict]:
    from bursar.db import session_scope
    from bursar.records import AuditEvent

    with session_scope(write=False) as s:
        rows = s.exec(select(AuditEvent).where(AuditEvent.action == action)).all()
        return [json.loads(r.data) if isinstance(r.data, str) else r.data for r in rows]


@pytest.mark.slow
@SQLITE
def test_mailbox_ingests_pdf_png_and_zip_skips_the_rest_and_nothing_twice(
    wired: sandbox_mailbox.Mailbox, delivered: list[dict], corpus: Path
) -> None:
    import bots
    from devkit.sandbox.mailbox_mail import _pick

    pdfs, scan = _pick(corpus, corpus)
    assert scan.suffix == ".png"

    assert _counts(wired) == {"INBOX": 6, "Processed": 0, "Skipped": 0}
    dry = bots.run("mailbox_ingest", dry_run=True)
    assert dry.status == "succeeded" and dry.items == {"new": 6}
    assert _counts(wired) == {"INBOX": 6, "Processed": 0, "Skipped": 0} and _items() == []

    first = bots.run("mailbox_ingest")
    assert first.status == "succeeded", first.message
    # 6 messages: PDF, PNG, zip of 2 PDFs, duplicate PDF -> done; terms-only, no attachment
    assert first.items == {"new": 6, "done": 4, "skipped": 2}
    assert _counts(wired) == {"INBOX": 0, "Processed": 4, "Skipped": 2}

    docs = _documents()
    # the PDF, the PNG and the two PDFs of the zip; the reminder's PDF is the first one
    expected = sorted(p.name for p in (pdfs[0], scan, pdfs[1], pdfs[2]))
    assert sorted(name for name, _source, _sha in docs) == expected
    assert {source for _n, source, _s in docs} == {"mailbox"}

    items = _items()
    with sandbox_mailbox.connect(wired) as conn:
        status = conn.status("INBOX", "(UIDVALIDITY)")[1][0].decode()
    uidvalidity = int(status.split("UIDVALIDITY")[1].strip(" )"))
    assert sorted(ref for ref, *_ in items) == sorted(
        f"imap://ap@127.0.0.1/INBOX;UIDVALIDITY={uidvalidity}/;UID={m['uid']}" for m in delivered
    )
    assert {status for _r, status, *_ in items} == {"successful"}
    # the reminder carried the same PDF: the pipeline's sha256 saw it, no second document
    assert sum(len(ids) for _r, _s, ids, _a in items) == 5  # 1 + 1 + 2 + 1 (the duplicate)

    skipped = _audit("bots.mailbox.attachments_skipped")
    assert skipped == [
        {
            "reference": skipped[0]["reference"],
            "skipped": [
                {
                    "file": "terms-of-delivery.txt",
                    "reason": skipped[0]["skipped"][0]["reason"],
                }
            ],
        }
    ]
    why = skipped[0]["skipped"][0]["reason"]
    assert why.startswith("not a PDF, image, e-invoice or X12 file (.txt")
    reasons = [d.get("reason", "") for d in _audit("bots.item.successful")]
    assert any("no attachment" in r for r in reasons)

    # a second run finds nothing new and touches nothing
    seqs = len(_audit("bots.item.in_progress"))
    second = bots.run("mailbox_ingest")
    assert second.status == "succeeded"
    assert second.items == {}
    assert len(_items()) == 6 and _documents() == docs
    assert len(_audit("bots.item.in_progress")) == seqs

    # mail put back into INBOX (a user's "move back", a re-delivery) gets new UIDs, so new
    # work items; its attachments are the same bytes, so nothing is stored a second time
    with sandbox_mailbox.connect(wired) as conn:
        conn.select("Processed")
        assert conn.uid("MOVE", "1:*", "INBOX")[0] == "OK"
    third = bots.run("mailbox_ingest")
    assert third.status == "succeeded" and third.items == {"new": 4, "done": 4}
    assert _documents() == docs


@SQLITE
def test_wrong_password_fails_the_run_as_a_business_error(
    wired: sandbox_mailbox.Mailbox, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bots

    sandbox_mailbox.deliver(wired, [b"Subject: hello\r\n\r\nstill here\r\n"])

    monkeypatch.setenv("BURSAR_SECRET_SANDBOX_IMAP_PASSWORD", "not-the-password")
    result = bots.run("mailbox_ingest")
    assert result.status == "failed" and result.error_type == "business"
    assert result.exit_code == 3
    assert "refused the sign-in" in (result.message or "")
    assert "not-the-password" not in (result.message or "")
    db = (home / "bursar.db").read_bytes()
    assert b"not-the-password" not in db and wired.password.encode() not in db
    assert _counts(wired)["INBOX"] == 1


@SQLITE
def test_mailbox_down_is_an_application_error(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import bots
    from devkit.sandbox import state

    box = sandbox_mailbox.start()
    stale = sandbox_mailbox.entry(box)
    sandbox_mailbox.stop(box)
    state.save({"systems": {"mailbox": stale}})
    monkeypatch.setenv("BURSAR_SECRET_SANDBOX_IMAP_PASSWORD", "unused-Pa55word")
    monkeypatch.setenv("BURSAR_BOTS", '{"mailbox_ingest": {"max_attempts": 1}}')
    from bursar.config import reset_settings

    reset_settings()
    result = bots.run("mailbox_ingest")
    assert result.status == "failed" and result.error_type == "application"
    assert "cannot reach" in (result.message or "")


def test_sandbox_stop_removes_the_server_and_its_folder() -> None:
    box = sandbox_mailbox.start()
    assert sandbox_mailbox.status(box)["running"]
    sandbox_mailbox.stop(box)
    assert not sandbox_mailbox.status(box)["running"]
    assert not Path(box.dir).exists()
    with pytest.raises(OSError):
        imaplib.IMAP4(box.host, box.port, timeout=2)


def test_zip_members_outside_the_folder_and_odd_files_are_skipped(tmp_path: Path) -> None:
    import zipfile

    from bots.mailbox_files import sort_files

    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%fake but typed by its magic\n")
    fake = tmp_path / "invoice.pdf"
    fake.write_bytes(b"<html>error 500</html>")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("../escape.pdf", b"%PDF-1.4")
    nested = tmp_path / "nested.zip"
    with zipfile.ZipFile(nested, "w") as zf:
        zf.write(evil, arcname="inner.zip")
        zf.write(pdf, arcname="b.pdf")
    found = sort_files([pdf, fake, empty, evil, nested], tmp_path / "unpacked")
    assert [p.name for p in found.ingest] == ["a.pdf", "b.pdf"]
    reasons = dict(found.skipped)
    assert reasons["invoice.pdf"].startswith("not a PDF, image, e-invoice or X12 file (.pdf")
    assert reasons["empty.png"] == "empty file"
    assert reasons["evil.zip"].startswith("cannot unpack the zip archive")
    assert reasons["nested.zip/inner.zip"] == "zip inside a zip is not unpacked"
    assert not (tmp_path / "escape.pdf").exists()
    shutil.rmtree(tmp_path / "unpacked")


@SQLITE
def test_over_imaps_the_server_certificate_is_checked(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over IMAPS with the sandbox's own certificate trusted (``ca_file``) the bot works;
    without it the self-signed certificate is refused, and no mail is touched."""
    import bots
    from bursar.config import reset_settings
    from devkit.sandbox import state

    box = sandbox_mailbox.start(tls=True)
    try:
        sandbox_mailbox.deliver(box, [b"Subject: hello\r\n\r\nno invoice here\r\n"])
        entry = sandbox_mailbox.entry(box)
        assert entry["bots"]["mailbox_ingest"]["tls"] == "ssl"
        state.save({"systems": {"mailbox": entry}})
        monkeypatch.setenv("BURSAR_SECRET_SANDBOX_IMAP_PASSWORD", box.password)
        untrusted = {"mailbox_ingest": {"ca_file": None, "max_attempts": 1}}
        monkeypatch.setenv("BURSAR_BOTS", json.dumps(untrusted))
        reset_settings()
        refused = bots.run("mailbox_ingest")
        assert refused.status == "failed" and refused.error_type == "application"
        assert "CERTIFICATE_VERIFY_FAILED" in (refused.message or "")
        assert sandbox_mailbox.status(box)["messages"]["INBOX"] == 1

        monkeypatch.delenv("BURSAR_BOTS")
        reset_settings()
        trusted = bots.run("mailbox_ingest")
        assert trusted.status == "succeeded", trusted.message
        assert trusted.items == {"new": 1, "skipped": 1}
        assert sandbox_mailbox.status(box)["messages"] == {
            "INBOX": 0,
            "Processed": 0,
            "Skipped": 1,
        }
    finally:
        sandbox_mailbox.stop(box)


def test_a_pdf_part_without_a_file_name_is_not_passed_over(tmp_path: Path) -> None:
    from email.message import EmailMessage

    from bots.mailbox import unnamed_parts

    msg = EmailMessage()
    msg["Subject"] = "scan from the copier"
    msg.set_content("scanned document attached")
    msg.add_attachment(b"%PDF-1.4 scan", maintype="application", subtype="pdf")  # no name
    msg.add_attachment(b"named", maintype="application", subtype="pdf", filename="a.pdf")
    saved = unnamed_parts(msg, tmp_path)
    assert [Path(p).read_bytes() for p in saved] == [b"%PDF-1.4 scan"]
    assert Path(saved[0]).suffix == ".pdf"
