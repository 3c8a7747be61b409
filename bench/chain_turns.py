"""What the approval-chain column costs the inbox list: ``chain.turns`` for one page of rows.

Prints figures; asserts nothing. SQLite in a temporary home, a rule pack with two chains,
N open items (half of them one step in). Usage: python bench/chain_turns.py [--items N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CHAINS = """
approval_chains:
  cost_centres: {CC-1: {owner: dana}}
  vendor_cost_centres: {V1: CC-1}
  chains:
    - {name: big, above: "10000", steps: [{owner: cost_centre}, {role: controller}, {role: admin}]}
    - name: mid
      above: "100"
      steps:
        - {owner: cost_centre, escalate_after_hours: 24, escalate_to: {role: controller}}
        - {role: controller}
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--page", type=int, default=50)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-chains-"))
    pack = home / "pack.yml"
    pack.write_text((REPO / "rules/packs/default.yml").read_text() + CHAINS)
    os.environ.update(BURSAR_HOME=str(home), BURSAR_CONFIG=str(home / "absent.toml"),
                      BURSAR_RULE_PACK=str(pack))  # fmt: skip
    from bursar.config import get_settings
    from bursar.db import session_scope, upgrade
    from bursar.inbox import chain
    from bursar.records import ApprovalStep, Document, InboxItem, Vendor
    from bursar.types import utcnow

    upgrade(get_settings().db_url)
    ids = []
    with session_scope() as session:
        session.add(Vendor(vendor_id="V1", name="Vendor", currency="EUR"))
        for i in range(args.items):
            doc = Document(
                sha256=f"{i:064x}", filename=f"d{i}.pdf", status="exception",
                vendor_id="V1", currency="EUR", total=Decimal(50 + i * 10),
            )  # fmt: skip
            session.add(doc)
            session.flush()
            item = InboxItem(
                document_id=doc.id or 0, vendor_id="V1", amount=doc.total, currency="EUR",
                created_at=utcnow() - timedelta(hours=i % 72),
            )  # fmt: skip
            session.add(item)
            session.flush()
            ids.append(item.id or 0)
            if i % 2:
                st = chain.state(session, item)
                if st.chain:
                    session.add(ApprovalStep(item_id=item.id or 0, chain=st.chain.name,
                                             chain_sig=st.chain.sig, step_no=1, step="x",
                                             actor="dana"))  # fmt: skip
    wall, cpu = [], []
    for start in range(0, min(len(ids), 40 * args.page), args.page):
        page = ids[start : start + args.page]
        t0, c0 = time.perf_counter(), time.process_time()
        with session_scope(write=False) as session:
            chain.turns(session, page)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    for name, times in (("wall", sorted(wall)), ("CPU", sorted(cpu))):
        p95 = times[max(int(len(times) * 0.95) - 1, 0)]
        print(
            f"chain.turns, {args.page} rows of {args.items} open items (SQLite), {name}: "
            f"median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, {len(times)} pages"
        )


if __name__ == "__main__":
    main()
