"""``bursar audit``: verify, export, checkpoint and show the tamper-evident trail."""

from __future__ import annotations

import shutil
import sys
from enum import StrEnum
from pathlib import Path

import typer

from bursar.cli.output import console, emit_json, table


class Format(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="The tamper-evident audit trail.", no_args_is_help=True)
    app.add_typer(group, name="audit")

    @group.command("verify")
    def verify(
        json_out: bool = typer.Option(False, "--json"),
        trail: Path | None = typer.Option(
            None, "--trail", help="Verify this exported trail (JSON lines or CSV), not the DB."
        ),
        public_key: Path | None = typer.Option(
            None, "--public-key", help="Trust only the public key(s) in this PEM file."
        ),
        checkpoints: list[Path] | None = typer.Option(
            None, "--checkpoints", help="Hold the trail to this checkpoint log (repeatable)."
        ),
    ):
        """Check chain, signatures and checkpoint log; exit 1 naming the first bad seq."""
        from bursar import audit, db

        if trail is not None:
            result = audit.verify_export(
                trail, public_key=public_key, checkpoint_files=checkpoints or None
            )
        else:
            with db.session_scope(write=False) as session:
                result = audit.verify(
                    session, public_key=public_key, checkpoint_files=checkpoints or None
                )
        if json_out:
            emit_json(result.to_json())
        elif result.ok:
            console.print(
                f"audit trail intact: {result.events} events ({result.signed} signed), "
                f"head {result.head}; {result.checkpoints} checkpoints, "
                f"the latest at seq {result.checkpoint_seq}"
            )
            for warning in result.warnings:
                console.print(f"note: {warning}")
        else:
            where = f"at seq {result.broken_seq}" if result.broken_seq is not None else ""
            typer.echo(
                f"audit trail BROKEN {where}: {result.reason} "
                f"({result.events} events before it are intact)",
                err=True,
            )
            for problem in result.problems[1:6]:
                typer.echo(f"  also: seq {problem.seq}: {problem.reason}", err=True)
        if not result.ok:
            raise typer.Exit(1)

    @group.command("export")
    def export(
        fmt: Format = typer.Option(Format.jsonl, "--format", help="jsonl or csv"),
        since: str | None = typer.Option(None, help="Only events at or after this ISO time."),
        output: Path | None = typer.Option(None, "--output", "-o", help="File (default stdout)."),
        checkpoints: Path | None = typer.Option(
            None, "--checkpoints", help="Also copy the checkpoint log to this file."
        ),
        public_key: Path | None = typer.Option(
            None, "--public-key", help="Also write the trusted public keys (PEM) to this file."
        ),
    ):
        """Export every event with its hashes and signatures, so it can be verified elsewhere."""
        from bursar import audit, db
        from bursar.audit import checkpoints as audit_checkpoints
        from bursar.audit import keys as audit_keys
        from bursar.config import get_settings

        if since and len(since) == 10:
            since += "T00:00:00"
        out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            with db.session_scope(write=False) as session:
                for chunk in audit.export(session, fmt.value, since):
                    out.write(chunk)
        finally:
            if output:
                out.close()
        settings = get_settings()
        if checkpoints is not None:
            log = audit_checkpoints.log_path(settings)
            if log.exists():
                shutil.copyfile(log, checkpoints)
            else:
                checkpoints.write_text("", encoding="utf-8")
        if public_key is not None:
            ring = audit_keys.trusted_path(settings)
            text = ring.read_text(encoding="utf-8") if ring.exists() else ""
            public_key.write_text(text, encoding="utf-8")

    @group.command("checkpoint")
    def checkpoint(
        reason: str = typer.Option("manual", help="Why, recorded in the line."),
        if_due: bool = typer.Option(
            False, "--if-due", help="Only when the last is older than audit_checkpoint_seconds."
        ),
        json_out: bool = typer.Option(False, "--json"),
    ):
        """Write a signed checkpoint of the trail's head to the checkpoint log now."""
        from bursar import audit

        cp = audit.checkpoint(None, reason, only_if_due=if_due)
        if cp is None:
            if json_out:
                emit_json(None)
            else:
                console.print("no checkpoint: the last one is recent enough")
            return
        if json_out:
            emit_json(cp.to_json())
        else:
            console.print(f"checkpoint {cp.n}: seq {cp.seq}, hash {cp.hash}, key {cp.key_id}")

    @group.command("head")
    def head(json_out: bool = typer.Option(False, "--json")):
        """Print the latest signed checkpoint, for an external witness to keep."""
        from bursar.audit import checkpoints as audit_checkpoints
        from bursar.config import get_settings
        from bursar.errors import InputError

        log = audit_checkpoints.log_path(get_settings())
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        lines = [ln for ln in lines if ln.strip()]
        if not lines:
            raise InputError("no checkpoint yet; run `bursar audit checkpoint`", where=str(log))
        if json_out:
            typer.echo(lines[-1])
            return
        cp = audit_checkpoints.parse_line(lines[-1]) or {}
        console.print(
            f"seq {cp.get('seq')} hash {cp.get('hash')} at {cp.get('at')} "
            f"key {cp.get('key_id')} (line {cp.get('n')})"
        )

    @group.command("rotate-key")
    def rotate_key(json_out: bool = typer.Option(False, "--json")):
        """Sign with a new key from the next event on; the old public key stays trusted."""
        from bursar import audit

        old, new = audit.rotate_key("cli")
        if json_out:
            emit_json({"from_key_id": old, "to_key_id": new})
        else:
            console.print(f"audit signing key rotated: {old} -> {new}")

    @group.command("public-key")
    def public_key():
        """Print every trusted public key (PEM): what an auditor needs to verify an export."""
        from bursar.audit import keys as audit_keys
        from bursar.config import get_settings
        from bursar.errors import InputError

        ring = audit_keys.trusted_path(get_settings())
        if not ring.exists():
            raise InputError("no audit key yet; run `bursar init`", where=str(ring))
        typer.echo(ring.read_text(encoding="utf-8"), nl=False)

    @group.command("pin")
    def pin(
        key_id: list[str] | None = typer.Option(
            None, "--key-id", help="Pin this key of the keyring (repeatable)."
        ),
        file: Path | None = typer.Option(
            None, "--file", help="The pinned keys file (default audit_trusted_keys)."
        ),
        json_out: bool = typer.Option(False, "--json"),
    ):
        """Pin trusted public keys in a file the service user cannot write (run as root)."""
        from bursar.audit import keys as audit_keys
        from bursar.config import get_settings
        from bursar.errors import InputError

        settings = get_settings()
        target = file or settings.audit_trusted_keys
        if target is None:
            raise InputError("say where: --file, or set audit_trusted_keys")
        ring = audit_keys.read_keyring(audit_keys.keyring_path(settings))
        have = audit_keys.read_keyring(target) if target.exists() else {}
        if key_id:
            unknown = [k for k in key_id if k not in ring]
            if unknown:
                raise InputError(f"not in the keyring: {', '.join(unknown)}")
            chosen = {k: ring[k] for k in key_id}
        elif have and set(ring) - set(have):
            # Later keys are pinned one by one, by id: one the service user planted in
            # its keyring must never come in with the rest.
            new = ", ".join(sorted(set(ring) - set(have)))
            raise InputError(f"{target} is pinned already; check, then pin by --key-id: {new}")
        else:
            chosen = ring
        if not chosen and not have:
            raise InputError("no audit key yet; run `bursar init` first")
        added = audit_keys.pin(target, chosen)
        if json_out:
            pinned = sorted(set(have) | set(added))
            emit_json({"file": str(target), "added": added, "pinned": pinned})
        else:
            console.print(f"pinned in {target}: {', '.join(added) or 'nothing new'}")

    @group.command("witness")
    def witness(
        folder: Path | None = typer.Option(
            None, "--dir", help="Its log folder (default audit_witness_dir)."
        ),
        sock: Path | None = typer.Option(
            None, "--socket", help="Where it listens (default audit_witness_socket)."
        ),
        trusted_keys: Path | None = typer.Option(
            None, "--trusted-keys", help="Take only lines signed by these pinned keys."
        ),
    ):
        """Run the checkpoint witness (its own user): keep every checkpoint, only append."""
        from bursar.audit import witness as audit_witness
        from bursar.config import get_settings
        from bursar.errors import InputError

        settings = get_settings()
        folder = folder or settings.audit_witness_dir
        sock = sock or settings.audit_witness_socket
        if folder is None or sock is None:
            raise InputError("say where: --dir and --socket (or audit_witness_dir/_socket)")
        trusted_keys = trusted_keys or settings.audit_trusted_keys
        server = audit_witness.make_server(folder, sock, trusted_keys)
        console.print(f"audit witness on {sock}, keeping {audit_witness.witness_log(folder)}")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()

    @group.command("show")
    def show(
        subject: str = typer.Argument(..., help="e.g. document/17 or vendor/V001"),
        json_out: bool = typer.Option(False, "--json"),
    ):
        """Show the timeline of one subject."""
        from bursar import audit, db

        with db.session_scope(write=False) as session:
            events = [audit.as_dict(e) for e in audit.events_for(session, subject)]
        if json_out:
            emit_json(events)
            return
        if not events:
            console.print(f"no audit events for {subject}")
            return
        table(
            f"audit: {subject}",
            ["seq", "at", "actor", "action", "data"],
            [(e["seq"], e["at"], e["actor"], e["action"], _brief(e["data"])) for e in events],
        )


def _brief(data: dict, limit: int = 90) -> str:
    text = ", ".join(f"{k}={v}" for k, v in sorted(data.items()))
    return text if len(text) <= limit else text[: limit - 1] + "…"
