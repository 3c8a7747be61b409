"""The sandbox vendor portal: sign in, a paginated and filterable invoice list, PDF links.

Fed from a ``bursar synth`` corpus (its born-digital invoice PDFs and their truth). The
``layout`` option moves the pager: ``v1`` has a "Next" link under the table, ``v2`` an
"Older invoices" button above it -- the change a site profile must absorb without code.
Run: ``python -m devkit.sandbox.portal --dir D --port P``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from devkit.sandbox import webkit as wk
from devkit.sandbox.webkit import esc

MODULE = "devkit.sandbox.portal"
USER = "ap@bursar-demo.example"


def _page(title: str, body: str, error: str | None = None) -> str:
    err = f'<p class="alert" role="alert">{esc(error)}</p>' if error else ""
    return (
        f"<!doctype html><html><head><title>{esc(title)} - SupplierHub</title></head><body>"
        f"<header><b>SupplierHub</b> vendor portal</header><main><h1>{esc(title)}</h1>{err}"
        f"{body}</main></body></html>"
    )


class PortalHandler(wk.Handler):
    cookie_name = "portal_session"

    def invoices(self) -> list[dict[str, Any]]:
        return json.loads((self.sandbox.root / "invoices.json").read_text())

    def route(self, method: str) -> None:
        path = self.url.path
        if path in ("/", "/login"):
            return self.login(method)
        if not path.startswith("/invoices"):
            return self.send(_page("Not found", ""), 404)
        if self.sandbox.session(self.sid()) is None:
            return self.redirect("/login?next=/invoices")
        if self.sandbox.fault(self.path):
            return self.error_500()
        if path == "/invoices":
            return self.listing()
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[2] == "pdf":
            found = [i for i in self.invoices() if i["id"] == parts[1]]
            if not found:
                return self.send(_page("Not found", ""), 404)
            data = (self.sandbox.root / found[0]["file"]).read_bytes()
            name = f"{found[0]['number']}.pdf"
            return self.send(
                data,
                ctype="application/pdf",
                headers={"Content-Disposition": f'attachment; filename="{name}"'},
            )
        return self.send(_page("Not found", ""), 404)

    def login(self, method: str) -> None:
        error = None
        if method == "POST":
            f = self.form()
            cfg = self.sandbox.config
            digest = hashlib.sha256((cfg["salt"] + f.get("password", "")).encode()).hexdigest()
            if f.get("username", "").lower() == cfg["user"] and digest == cfg["password_sha256"]:
                sid = self.sandbox.new_session(cfg["user"])
                cookie = f"{self.cookie_name}={sid}; Path=/; HttpOnly"
                return self.redirect("/invoices", {"Set-Cookie": cookie})
            error = "Invalid e-mail or password."
        body = (
            '<form method="post" action="/login" id="login-form">'
            '<label>E-mail <input type="email" name="username" id="email"></label><br>'
            '<label>Password <input type="password" name="password" id="password"></label><br>'
            '<button type="submit" id="signin">Sign in</button></form>'
        )
        self.send(_page("Sign in", body, error))

    def listing(self) -> None:
        q = self.query()
        size = int(self.sandbox.config.get("page_size", 5))
        try:
            number = max(1, int(q.get("page", "1")))
        except ValueError:
            number = 1
        rows = self.invoices()
        if q.get("status"):
            rows = [r for r in rows if r["status"] == q["status"]]
        if q.get("q"):
            rows = [r for r in rows if q["q"].lower() in r["vendor"].lower()]
        if q.get("from"):
            rows = [r for r in rows if r["date"] >= q["from"]]
        if q.get("to"):
            rows = [r for r in rows if r["date"] <= q["to"]]
        pages = max(1, -(-len(rows) // size))
        shown = rows[(number - 1) * size : number * size]
        trs = "".join(
            f'<tr class="invoice-row" data-id="{esc(r["id"])}"><td class="inv-id">{esc(r["id"])}'
            f'</td><td>{esc(r["vendor"])}</td><td class="inv-no">{esc(r["number"])}</td>'
            f"<td>{esc(r['date'])}</td><td>{esc(r['currency'])} {esc(r['total'])}</td>"
            f'<td>{esc(r["status"])}</td><td><a class="download" '
            f'href="/invoices/{esc(r["id"])}/pdf">PDF</a></td></tr>'
            for r in shown
        )
        keep = {k: v for k, v in q.items() if k in ("status", "q", "from", "to") and v}
        nxt = "/invoices?" + urlencode({**keep, "page": number + 1})
        table = (
            '<table class="invoices"><thead><tr><th>Ref</th><th>Vendor</th><th>Invoice</th>'
            f"<th>Date</th><th>Amount</th><th>Status</th><th></th></tr></thead><tbody>{trs}"
            "</tbody></table>"
        )
        info = f'<p class="page-info">Page {number} of {pages}</p>'
        filters = (
            '<form method="get" action="/invoices" class="filters">'
            f'<input name="q" value="{esc(q.get("q", ""))}" placeholder="Vendor">'
            '<select name="status"><option value="">any</option><option>open</option>'
            '<option>paid</option></select><button type="submit">Filter</button></form>'
        )
        if self.sandbox.config.get("layout", "v1") == "v2":
            button = (
                f'<button id="older" onclick="location.href=\'{esc(nxt)}\'">Older invoices'
                " &rarr;</button>"
                if number < pages
                else ""
            )
            body = f'{filters}<nav class="pager">{button}</nav>{table}{info}'
        else:
            link = f'<a class="next" href="{esc(nxt)}">Next</a>' if number < pages else ""
            body = f'{filters}{table}<div class="pagination">{info}{link}</div>'
        self.send(_page("Invoices", body))


def seed(root: Path, corpus: Path, only: list[str] | None = None) -> int:
    """Copy the corpus's born-digital invoice PDFs in (``only`` these names, when given);
    return how many."""
    manifest = json.loads((corpus / "manifest.json").read_text())
    (root / "pdf").mkdir(parents=True, exist_ok=True)
    rows = []
    for doc in manifest["documents"]:
        if doc["variant"] != "digital" or not doc["path"].endswith(".pdf"):
            continue
        if doc["kind"] not in ("invoice", "credit_note"):
            continue
        if only is not None and doc["name"] not in only:
            continue
        truth = json.loads((corpus / doc["truth"]).read_text())
        fields = {k: (v or {}).get("value") for k, v in truth.get("fields", {}).items()}
        ident = f"PI-{len(rows) + 1:06d}"
        shutil.copyfile(corpus / doc["path"], root / "pdf" / f"{ident}.pdf")
        rows.append(
            {
                "id": ident,
                "vendor": fields.get("vendor_name") or "",
                "number": fields.get("invoice_number") or doc["name"],
                "date": fields.get("invoice_date") or "",
                "total": fields.get("total") or "",
                "currency": fields.get("currency") or "",
                "status": "paid" if len(rows) % 3 == 2 else "open",
                "file": f"pdf/{ident}.pdf",
                "name": doc["name"],
            }
        )
    (root / "invoices.json").write_text(json.dumps(rows, indent=1))
    return len(rows)


def up(
    root: Path, *, corpus: Path, password: str, options: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Seed the portal from ``corpus`` and start it; return its state entry."""
    import secrets as pysecrets

    root.mkdir(parents=True, exist_ok=True)
    options = dict(options or {})
    count = seed(root, corpus, only=options.pop("only", None))
    salt = pysecrets.token_hex(8)
    digest = hashlib.sha256((salt + password).encode()).hexdigest()
    config = {"user": USER, "salt": salt, "password_sha256": digest} | options
    (root / "config.json").write_text(json.dumps(config))
    port = wk.free_port()
    pid = wk.spawn(MODULE, root, port)
    url = f"http://127.0.0.1:{port}"
    return {
        "module": MODULE,
        "dir": str(root),
        "url": url,
        "port": port,
        "pid": pid,
        "user": USER,
        "password_secret": "portal_password",
        "seeded": {"invoices": count},
        "bots": {
            "portal_download": {"url": url, "user": USER, "password_secret": "portal_password"}
        },
    }


def main() -> None:
    root, port = wk.main_args()
    config = json.loads((root / "config.json").read_text())
    wk.serve(PortalHandler, wk.Sandbox(root, config), port)


if __name__ == "__main__":
    main()


def sandbox_up(ctx) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """``bursar sandbox up``: seed from the shared corpus and start."""
    return up(
        ctx.root, corpus=ctx.corpus, password=ctx.password("portal_password"), options=ctx.options
    )
