"""``remit_drop``: the X12 835 for adjudicated claims, dropped where the payer's system
(or its clearing house) picks it up.

One work item per payee and set of claims: its reference is the digest of the claims'
document ids, so a run that finds the same claims waiting makes the same item, the same
file name and the same trace number. The file is written under a temporary name and
renamed; the claims are recorded as remitted by that trace (``bursar.postings``, audited)
in the same step. A crash between the rename and the record leaves the file there: the
next run finds it, checks it carries those claims, and records it without writing a
second 835 -- a claim is never paid twice.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from bots.base import Bot, Candidate, Item, Outcome
from bots.registry import register
from bursar import audit
from bursar.db import session_scope
from bursar.errors import BusinessError, ConfigError
from bursar.remit import claims_from_db, record_remitted, today, write_835

FAULT_ENV = "BURSAR_BOTS_FAULT"  # "remit_drop.after_write": die between rename and record


def _batch_key(npi: str, controls: list[str]) -> str:
    body = npi + ":" + ",".join(sorted(controls, key=int))
    return hashlib.sha256(body.encode("ascii")).hexdigest()[:16]


@register
class RemitDrop(Bot):
    name = "remit_drop"
    target = "payer outbound folder (X12 835)"
    steps = (
        "list adjudicated claims not yet remitted, by payee",
        "write one 835 per payee (validated by pyx12)",
        "record each claim as remitted by that 835",
    )
    produces = "X12 835 remittance advice"
    consumes = "adjudicated claims (decisions)"
    source = "claims"
    defaults = {"path": None, "payer_name": "BURSAR PAYER", "payer_tax_id": "000000000"}

    def open(self) -> None:
        from bursar.config import get_settings

        path = self.ctx.setting("path") or get_settings().home_dir / "outbound" / "835"
        self.folder = Path(path).expanduser()
        tax_id = str(self.ctx.setting("payer_tax_id"))
        if len(tax_id) != 9 or not tax_id.isdigit():
            raise ConfigError("remit_drop: payer_tax_id must be 9 digits (an EIN)")
        if not self.ctx.dry_run:
            self.folder.mkdir(parents=True, exist_ok=True)

    def discover(self) -> Iterator[Candidate]:
        with session_scope(write=False) as session:
            claims = claims_from_db(session)
        by_payee: dict[str, list[str]] = {}
        for c in claims:
            by_payee.setdefault(c.provider_npi, []).append(c.control)
        for npi, controls in sorted(by_payee.items()):
            key = _batch_key(npi, controls)
            yield Candidate(f"835:{npi}:{key}", {"npi": npi, "claims": controls, "key": key})

    def process(self, item: Item) -> Outcome:
        p = item.payload
        wanted = set(p["claims"])
        trace = f"R{p['key'].upper()}"
        target = self.folder / f"835-{p['npi']}-{p['key']}.x12"
        with session_scope() as session:
            waiting = [c for c in claims_from_db(session) if c.control in wanted]
            if {c.control for c in waiting} != wanted:
                return Outcome(skipped=True, note="these claims were remitted or changed since")
            if target.exists():  # written by a run that died before recording it
                text = target.read_text(encoding="ascii")
                if not all(f"CLP*{c.claim_number}*" in text for c in waiting):
                    raise BusinessError(
                        f"{target.name} exists but does not carry these claims: "
                        "move it aside after checking it with the payer"
                    )
                found = True
            else:
                text = write_835(
                    waiting,
                    payer_name=str(self.ctx.setting("payer_name")),
                    payer_tax_id=str(self.ctx.setting("payer_tax_id")),
                    trace=trace,
                    paid_on=today(),
                    control=int(p["key"][:8], 16) % 1_000_000_000,
                )
                tmp = target.with_name(target.name + ".part")
                tmp.write_text(text, encoding="ascii")
                os.replace(tmp, target)
                found = False
                if os.environ.get(FAULT_ENV) == "remit_drop.after_write":
                    os._exit(70)  # a crash between the file and its record, for the test
            record_remitted(session, waiting, trace, actor=f"bot:{self.name}", file=target.name)
            audit.append(
                session,
                f"bot:{self.name}",
                "claims.remit",
                f"remit/{trace}",
                {
                    "file": target.name,
                    "sha256": hashlib.sha256(text.encode("ascii")).hexdigest(),
                    "payee_npi": p["npi"],
                    "claims": len(waiting),
                    "paid": str(sum((c.paid for c in waiting), start=0)),
                    "work_item": item.id,
                    "found_existing": found,
                },
            )
        ids = [int(c) for c in p["claims"]]
        verb = "found" if found else "wrote"
        return Outcome(
            document_ids=ids, erp_document=trace, note=f"{verb} {target.name}: {len(ids)} claim(s)"
        )
