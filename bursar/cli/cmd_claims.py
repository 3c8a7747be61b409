"""``bursar claims remit --out FILE``: an X12 835 for the adjudicated claims."""

from __future__ import annotations

import hashlib
from pathlib import Path

import typer

from bursar.cli.output import console, emit_json

claims_app = typer.Typer(help="Health claims: remittance (X12 835).", no_args_is_help=True)


@claims_app.command("remit")
def remit(
    out: Path = typer.Option(..., "--out", help="Where to write the 835."),
    payer_name: str = typer.Option("BURSAR PAYER", "--payer-name", help="N1*PR name."),
    payer_tax_id: str = typer.Option("000000000", "--payer-tax-id", help="9-digit EIN (TRN03)."),
    json_out: bool = typer.Option(False, "--json", help="Machine output."),
) -> None:
    """Write one 835 per payee for the adjudicated X12 claims not yet remitted (pended
    ones wait); each claim is recorded as remitted by its 835, so none is paid twice."""
    from bursar import audit
    from bursar.db import session_scope
    from bursar.errors import InputError
    from bursar.remit import claims_from_db, record_remitted, today, write_835

    if len(payer_tax_id) != 9 or not payer_tax_id.isdigit():
        raise InputError("--payer-tax-id must be 9 digits (an EIN)")
    with session_scope() as session:
        claims = claims_from_db(session)
        if not claims:
            raise InputError(
                "no adjudicated X12 claims waiting for a remittance (each claim is remitted "
                "once; pended ones wait for the inbox)"
            )
        by_payee: dict[str, list] = {}
        for c in claims:
            by_payee.setdefault(c.provider_npi, []).append(c)
        written = []
        for n, (npi, group) in enumerate(sorted(by_payee.items()), start=1):
            path = out if len(by_payee) == 1 else out.with_suffix(f".{npi}{out.suffix}")
            trace = f"R{today():%Y%m%d}{n:03d}"
            text = write_835(
                group, payer_name=payer_name, payer_tax_id=payer_tax_id, trace=trace,
                paid_on=today(), control=n,
            )  # fmt: skip
            path.write_text(text, encoding="ascii")
            sha = hashlib.sha256(text.encode("ascii")).hexdigest()
            audit.append(
                session,
                "cli",
                "claims.remit",
                f"remit/{trace}",
                {"file": path.name, "sha256": sha, "payee_npi": npi, "claims": len(group),
                 "paid": str(sum((c.paid for c in group), start=0))},
            )  # fmt: skip
            record_remitted(session, group, trace, actor="cli", file=path.name)
            written.append({"file": str(path), "payee_npi": npi, "claims": len(group)})
    if json_out:
        emit_json(written)
    else:
        for w in written:
            console.print(f"{w['file']}: {w['claims']} claim(s) for payee {w['payee_npi']}")


def register(app: typer.Typer) -> None:
    app.add_typer(claims_app, name="claims")
