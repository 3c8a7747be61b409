"""``mailbox_ingest``: invoices from a shared AP mailbox (IMAP) into the pipeline.

Each message in the watched folder is a work item with the reference of RFC 5092
(``imap://user@host/INBOX;UIDVALIDITY=v/;UID=n``): a UID never names another message
while the folder's UIDVALIDITY holds, so a message is processed once however often the
bot runs. Its PDF and image attachments are ingested (zip archives unpacked); anything
else is skipped with a reason, recorded on the work item and in an audit event. The
message then moves to ``Processed`` -- or ``Skipped`` when it carried no invoice -- so
the inbox shows what is still to do.

``RPA.Email.ImapSmtp`` does the folder handling and reads attachments out of the MIME
tree. Two things it does not do are done here: its ``authorize_imap`` always opens
``IMAP4_SSL`` without checking the server's certificate (``ssl._create_stdlib_context``)
and cannot speak plain IMAP or STARTTLS, so the connection is opened here (verified TLS by
default) and handed to it; and its dict-based move copies, flags ``\\Deleted`` and
expunges the whole folder, so a message is moved with ``UID MOVE`` (RFC 6851) instead.
"""

from __future__ import annotations

import contextlib
import email
import email.header
import imaplib
import mimetypes
import re
import ssl
from collections import Counter
from collections.abc import Iterator
from email.message import Message
from pathlib import Path
from typing import Any

from bots.base import Bot, Candidate, Item, LoginFailed, Outcome, TargetDown
from bots.mailbox_files import sort_files
from bots.registry import register
from bursar import audit, secrets
from bursar.db import session_scope
from bursar.errors import ConfigError

TLS_MODES = ("ssl", "starttls", "none")


def reference(user: str, host: str, folder: str, uidvalidity: int, uid: int) -> str:
    """Return the RFC 5092 IMAP URL of one message: the work item's reference."""
    return f"imap://{user}@{host}/{folder};UIDVALIDITY={uidvalidity}/;UID={uid}"


def _ok(typ: str, data: Any, what: str) -> Any:
    if typ != "OK":
        raise TargetDown(f"IMAP {what} failed: {data!r}", where="mailbox")
    return data


@register
class MailboxIngest(Bot):
    name = "mailbox_ingest"
    target = "AP mailbox (IMAP)"
    steps = (
        "sign in",
        "list messages in the folder",
        "save attachments, unpack zips",
        "ingest PDF and image attachments",
        "move the message to Processed (or Skipped)",
    )
    produces = "documents (invoice attachments)"
    source = "mailbox"
    defaults = {
        "port": 993,
        "tls": "ssl",
        "folder": "INBOX",
        "processed_folder": "Processed",
        "skipped_folder": "Skipped",
        "password_secret": "imap_password",
        "timeout_s": 30,
    }

    def __init__(self, ctx):  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.mail: Any = None  # RPA.Email.ImapSmtp.ImapSmtp
        self.uidvalidity = 0

    # --- connection ----------------------------------------------------------------------------
    def _connect(self, host: str, port: int) -> imaplib.IMAP4:
        tls = str(self.ctx.setting("tls"))
        if tls not in TLS_MODES:
            raise ConfigError(f"tls must be one of {', '.join(TLS_MODES)}, got {tls!r}")
        timeout = float(self.ctx.setting("timeout_s"))
        context = ssl.create_default_context(cafile=self.ctx.setting("ca_file"))
        try:
            if tls == "ssl":
                return imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=timeout)
            conn = imaplib.IMAP4(host, port, timeout=timeout)
            if tls == "starttls":
                conn.starttls(ssl_context=context)
            return conn
        except (OSError, imaplib.IMAP4.error) as exc:
            raise TargetDown(f"cannot reach {host}:{port}: {exc}", where="mailbox") from exc

    def open(self) -> None:
        from RPA.Email.ImapSmtp import ImapSmtp

        host, user = self.ctx.setting("host"), self.ctx.setting("user")
        if not host or not user:
            raise ConfigError("set host and user under [bots.mailbox_ingest]", where="mailbox")
        secret = str(self.ctx.setting("password_secret"))
        password = secrets.require(secret, what=f"the mailbox {user}@{host}")
        conn = self._connect(host, int(self.ctx.setting("port")))
        try:
            conn.login(user, password)
        except imaplib.IMAP4.error as exc:
            conn.shutdown()
            raise LoginFailed(
                f"the mailbox refused the sign-in of {user!r}: {exc}; check secret {secret!r}",
                where="mailbox",
            ) from None
        self.mail = ImapSmtp(imap_server=host, imap_port=int(self.ctx.setting("port")))
        self.mail.imap_conn = conn
        existing = {f["name"] for f in self.mail.get_folder_list()}
        for key in ("processed_folder", "skipped_folder"):
            if self.ctx.setting(key) not in existing and not self.ctx.dry_run:
                self.mail.create_folder(self.ctx.setting(key))

    def close(self) -> None:
        conn, self.mail = (self.mail.imap_conn if self.mail else None), None
        if conn is not None:
            # the server may already have gone away: nothing left to release then
            with contextlib.suppress(OSError, imaplib.IMAP4.error):
                conn.logout()

    # --- work ----------------------------------------------------------------------------------
    def _select(self) -> int:
        """Select the watched folder and return its UIDVALIDITY."""
        self.mail.select_folder(self.ctx.setting("folder"))
        values = self.mail.imap_conn.untagged_responses.get("UIDVALIDITY") or [b"0"]
        return int(values[-1])

    def discover(self) -> Iterator[Candidate]:
        self.uidvalidity = self._select()
        data = _ok(*self.mail.imap_conn.uid("SEARCH", None, "ALL"), "SEARCH")
        uids = [int(u) for u in (data[0] or b"").split()]
        self.ctx.stats["messages_listed"] = self.ctx.stats.get("messages_listed", 0) + len(uids)
        user, host, folder = (self.ctx.setting(k) for k in ("user", "host", "folder"))
        for uid in uids:
            yield Candidate(
                reference=reference(user, host, folder, self.uidvalidity, uid),
                payload={"folder": folder, "uidvalidity": self.uidvalidity, "uid": uid},
            )

    def _fetch(self, uid: int) -> Message | None:
        data = _ok(*self.mail.imap_conn.uid("FETCH", str(uid), "(BODY.PEEK[])"), "FETCH")
        raw = next((part[1] for part in data if isinstance(part, tuple)), None)
        return email.message_from_bytes(raw) if raw else None

    def _move(self, uid: int, folder: str) -> None:
        conn = self.mail.imap_conn
        if "MOVE" in conn.capabilities:
            _ok(*conn.uid("MOVE", str(uid), _quote(folder)), "MOVE")
            return
        _ok(*conn.uid("COPY", str(uid), _quote(folder)), "COPY")
        _ok(*conn.uid("STORE", str(uid), "+FLAGS.SILENT", r"(\Deleted)"), "STORE")
        if "UIDPLUS" in conn.capabilities:  # expunge this message only
            _ok(*conn.uid("EXPUNGE", str(uid)), "UID EXPUNGE")

    def process(self, item: Item) -> Outcome:
        p = item.payload
        if p["folder"] != self.ctx.setting("folder"):
            return Outcome(skipped=True, note=f"from folder {p['folder']!r}, no longer watched")
        if int(p["uidvalidity"]) != self.uidvalidity:
            # The server rebuilt the folder: the UID may now name another message.
            return Outcome(skipped=True, note="UIDVALIDITY changed; the reference is stale")
        msg = self._fetch(int(p["uid"]))
        if msg is None:
            return Outcome(skipped=True, note="the message is no longer in the folder")
        folder = self.ctx.workdir / f"item-{item.id}"
        (folder / "attachments").mkdir(parents=True, exist_ok=True)
        # ``save_attachment`` takes a bare Message: see the module docstring on its dicts.
        saved = self.mail.save_attachment(msg, str(folder / "attachments"), overwrite=False)
        saved += unnamed_parts(msg, folder / "attachments")
        found = sort_files([Path(s) for s in saved], folder / "unpacked")
        document_ids: list[int] = []
        statuses: Counter[str] = Counter()
        if found.ingest and not self.ctx.dry_run:
            from bursar.ingest import ingest_paths

            results = ingest_paths(found.ingest, actor=f"bot:{self.name}", source=self.source)
            document_ids = [r.document_id for r in results if r.document_id]
            statuses.update(r.status for r in results)
        if found.skipped:
            self._audit_skipped(item, found.skipped)
        target = "processed_folder" if found.ingest else "skipped_folder"
        self._move(int(p["uid"]), self.ctx.setting(target))
        self.ctx.stats["messages"] = self.ctx.stats.get("messages", 0) + 1
        self.ctx.stats["attachments_ingested"] = self.ctx.stats.get(
            "attachments_ingested", 0
        ) + len(found.ingest)
        return Outcome(
            document_ids=document_ids,
            skipped=not found.ingest,
            note=_note(msg, found.ingest, statuses, found.skipped),
        )

    def _audit_skipped(self, item: Item, skipped: list[tuple[str, str]]) -> None:
        with session_scope() as s:
            audit.append(
                s,
                f"bot:{self.name}",
                "bots.mailbox.attachments_skipped",
                f"work_item/{item.id}",
                {
                    "reference": item.reference,
                    "skipped": [{"file": n, "reason": r} for n, r in skipped],
                },
            )


def unnamed_parts(msg: Message, folder: Path) -> list[str]:
    """Save the non-text parts without a file name, which ``save_attachment`` passes over
    (a scanner's mail may send its PDF that way): nothing in a message goes unseen."""
    out = []
    for i, part in enumerate(msg.walk()):
        if part.is_multipart() or part.get_filename():
            continue
        if part.get_content_maintype() in ("text", "message"):
            continue  # the body, or a forwarded message's own parts (walked as well)
        data = part.get_payload(decode=True)
        if not data:
            continue
        ext = (mimetypes.guess_extension(part.get_content_type()) or ".bin").lstrip(".")
        path = folder / f"unnamed-part-{i}.{ext}"
        path.write_bytes(data)
        out.append(str(path))
    return out


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _note(
    msg: Message, ingested: list[Path], statuses: Counter[str], skipped: list[tuple[str, str]]
) -> str:
    header = email.header.make_header(email.header.decode_header(msg.get("Subject", "")))
    subject = re.sub(r"\s+", " ", str(header))[:120]
    parts = [f"{subject!r}:"]
    if ingested:
        done = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
        parts.append(f"ingested {len(ingested)} file(s)" + (f" ({done})" if done else ""))
    for name, reason in skipped:
        parts.append(f"skipped {name}: {reason}")
    if not ingested and not skipped:
        parts.append("no attachment")
    return "; ".join(parts)
