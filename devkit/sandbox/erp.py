"""The sandbox legacy ERP: a web app with an old ERP's habits, for bots to practise on.

Login form and session cookie; a frameset (navigation + content frame) with nested
layout tables; paginated vendor, purchase-order and goods-receipt lists with a CSV
export button (switchable off); a three-step invoice entry (MIR7-like) with server-side
checks and cryptic banners; an invoice search; switchable slow pages and 500s; a session
that expires. Data in ``erp.db`` in its own folder. Run: ``python -m devkit.sandbox.erp``.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

from devkit.sandbox import erp_data
from devkit.sandbox import webkit as wk
from devkit.sandbox.webkit import esc

MODULE = "devkit.sandbox.erp"
USER = "AP_CLERK"
PAGE_SIZE = 10
STYLE = (
    "body{font:12px Tahoma,Arial;background:#d4d0c8;margin:0}"
    ".msg{padding:4px;border:1px solid}.err{background:#f4c7c3;color:#800}"
    ".ok{background:#c8e6c9}.grid td,.grid th{border:1px solid #888;padding:1px 4px}"
)


def _shell(title: str, body: str, banner: tuple[str, str] | None = None) -> str:
    bar = ""
    if banner:
        kind, text = banner
        bar = f'<div id="msgbar" class="msg {kind}">{esc(text)}</div>'
    return (
        f"<html><head><title>{esc(title)}</title><style>{STYLE}</style></head><body>"
        f'<table width="100%" cellspacing="0" cellpadding="2" border="0"><tr>'
        f'<td bgcolor="#0a246a"><font color="white"><b>{esc(title)}</b></font></td></tr>'
        f"<tr><td>{bar}</td></tr><tr><td><table border=0 cellpadding=4><tr><td>{body}"
        "</td></tr></table></td></tr></table></body></html>"
    )


def _pw_hash(password: str, salt: str) -> str:
    return hashlib.sha256((salt + password).encode()).hexdigest()


class ErpHandler(wk.Handler):
    cookie_name = "MYSAPSSO"

    def conn(self):  # type: ignore[no-untyped-def]
        return erp_data.connect(self.sandbox.root)

    def route(self, method: str) -> None:
        path = self.url.path
        if path in ("/", "/login"):
            return self.login(method)
        if path == "/frame":
            return self.send(
                '<html><frameset cols="170,*"><frame name="nav" src="/nav">'
                '<frame name="content" src="/app/start"></frameset></html>'
            )
        if path == "/nav":
            return self.send(_nav())
        if not path.startswith("/app/"):
            return self.send("<h1>404</h1>", 404)
        sess = self.sandbox.session(self.sid())
        if sess is None:
            return self.redirect("/login?expired=1")
        if self.sandbox.fault(self.path):
            return self.error_500()
        parts = path.split("/")[2:]
        if parts[0] == "start":
            return self.send(_shell("SAP Easy Access", f"Benutzer {esc(sess['user'])}"))
        if parts[0] == "list" and len(parts) == 2 and parts[1] in erp_data.LISTS:
            return self.listing(parts[1])
        if parts[0] == "export" and len(parts) == 2:
            return self.export(parts[1].removesuffix(".csv"))
        if parts[0] == "mir7":
            step = parts[1] if len(parts) > 1 else "1"
            return self.entry(method, step, sess)
        if parts[0] == "suche":
            return self.search()
        return self.send("<h1>404</h1>", 404)

    # --- login -------------------------------------------------------------------------------
    def login(self, method: str) -> None:
        banner = None
        if method == "POST":
            f = self.form()
            cfg = self.sandbox.config
            ok = (
                f.get("bname", "").upper() == cfg["user"]
                and _pw_hash(f.get("passwort", ""), cfg["salt"]) == cfg["password_sha256"]
            )
            with self.conn() as c:
                c.execute(
                    "INSERT INTO anmeldung (usnam, ok, at) VALUES (?,?,?)",
                    (f.get("bname", "")[:40], int(ok), time.strftime("%Y-%m-%dT%H:%M:%S")),
                )
            if ok:
                sid = self.sandbox.new_session(cfg["user"])
                return self.redirect("/frame", {"Set-Cookie": f"{self.cookie_name}={sid}; Path=/"})
            banner = (
                "err",
                "E-0050 Name oder Kennwort nicht korrekt (Wiederholen Sie die Anmeldung)",
            )
        elif self.query().get("expired"):
            banner = ("err", "W-0007 Sitzung abgelaufen. Bitte erneut anmelden.")
        body = (
            '<form method="post" action="/login" target="_top"><table>'
            '<tr><td>Mandant</td><td><input name="mandt" value="100" size="3"></td></tr>'
            '<tr><td>Benutzer</td><td><input name="bname" id="bname"></td></tr>'
            '<tr><td>Kennwort</td><td><input type="password" name="passwort" id="passwort">'
            '</td></tr><tr><td></td><td><input type="submit" id="anmelden" value="Anmelden">'
            "</td></tr></table></form>"
        )
        self.send(_shell("SAP R/3 Anmeldung", body, banner))

    # --- lists and export ----------------------------------------------------------------------
    def listing(self, name: str) -> None:
        spec = erp_data.LISTS[name]
        try:
            number = max(1, int(self.query().get("seite", "1")))
        except ValueError:
            number = 1
        with self.conn() as c:
            rows, pages = erp_data.page(c, name, number, PAGE_SIZE)
        head = "".join(f"<th>{esc(erp_data.HEADERS[col])}</th>" for col in spec["cols"])
        body_rows = "".join(
            "<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>" for row in rows
        )
        pager = f'<span id="seite">Seite {number} von {pages}</span> '
        if number > 1:
            pager += f'<a class="pg-prev" href="/app/list/{name}?seite={number - 1}">&lt;&lt;</a> '
        if number < pages:
            pager += (
                f'<a class="pg-next" href="/app/list/{name}?seite={number + 1}">Weiter &gt;&gt;</a>'
            )
        if self.sandbox.config.get("export_enabled", True):
            export = (
                f'<form method="get" action="/app/export/{name}.csv">'
                '<input type="submit" id="export" value="Export (Tabellenkalkulation)"></form>'
            )
        else:
            export = '<input type="submit" id="export" value="Export" disabled>'
        body = (
            f"<table><tr><td>{export}</td><td>{pager}</td></tr><tr><td colspan=2>"
            f'<table class="grid" id="liste" cellspacing=0><tr>{head}</tr>{body_rows}</table>'
            "</td></tr></table>"
        )
        self.send(_shell(spec["title"], body))

    def export(self, name: str) -> None:
        if name not in erp_data.LISTS:
            return self.send("<h1>404</h1>", 404)
        if not self.sandbox.config.get("export_enabled", True):
            return self.send(
                _shell("Fehler", "", ("err", "E-9001 Keine Berechtigung (S_GUI 61)")), 403
            )
        spec = erp_data.LISTS[name]
        with self.conn() as c:
            rows = erp_data.all_rows(c, name)
        lines = [";".join(erp_data.HEADERS[col] for col in spec["cols"])]
        for row in rows:
            cells = []
            for col, v in zip(spec["cols"], row, strict=True):
                text = "" if v is None else str(v)
                if col in ("menge", "netpr"):
                    text = text.replace(".", ",")  # an old ERP exports decimal commas
                cells.append(text.replace(";", ","))
            lines.append(";".join(cells))
        data = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")
        self.send(
            data,
            ctype="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )

    # --- invoice entry -------------------------------------------------------------------------
    def entry(self, method: str, step: str, sess: dict[str, Any]) -> None:
        draft = sess.setdefault("draft", {})
        banner = None
        if method == "POST":
            f = {k: v.strip() for k, v in self.form().items()}
            with self.conn() as c:
                if step == "1":
                    banner = erp_data.check_header(c, f)
                    if banner is None:
                        sess["draft"] = {
                            k: f.get(k, "") for k in ("lifnr", "ebeln", "xblnr", "bldat")
                        }
                        return self.redirect("/app/mir7/2")
                elif step == "2" and draft.get("lifnr"):
                    banner = erp_data.check_amounts(c, draft, f)
                    if banner is None:
                        draft.update(
                            {k: f[k].replace(",", ".") for k in ("netto", "steuer", "brutto")}
                        )
                        draft["waers"] = f.get("waers", "")
                        return self.redirect("/app/mir7/3")
                elif step == "3" and draft.get("brutto"):
                    if self.sandbox.config.get("slow_save_ms"):
                        time.sleep(self.sandbox.config["slow_save_ms"] / 1000)
                    belnr = erp_data.post_invoice(
                        c, draft, sess["user"], time.strftime("%Y-%m-%dT%H:%M:%S")
                    )
                    sess["draft"] = {}
                    msg = f"S: Beleg {belnr} wurde im Buchungskreis 1000 gebucht"
                    return self.send(_shell("Rechnung erfassen", _mir7_again(), ("ok", msg)))
                else:
                    return self.redirect("/app/mir7/1")
            f_show = f
        else:
            f_show = draft if step != "1" else {}
        self.send(
            _shell(
                f"Rechnung erfassen: Schritt {step}/3",
                _mir7_form(step, f_show, draft),
                ("err", banner) if banner else None,
            )
        )

    def search(self) -> None:
        q = self.query()
        lifnr, xblnr = q.get("lifnr", "").strip(), q.get("xblnr", "").strip()
        rows = []
        if lifnr or xblnr:
            with self.conn() as c:
                rows = erp_data.search_invoices(c, lifnr, xblnr)
        cells = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in r) + "</tr>" for r in rows)
        body = (
            '<form method="get" action="/app/suche">Kreditor <input name="lifnr" id="s_lifnr" '
            f'value="{esc(lifnr)}"> Referenz <input name="xblnr" id="s_xblnr" value="{esc(xblnr)}">'
            ' <input type="submit" id="suchen" value="Ausführen"></form>'
            f'<p id="treffer_anzahl">{len(rows)} Treffer</p><table class="grid" id="treffer">'
            "<tr><th>Beleg</th><th>Kreditor</th><th>Bestellung</th><th>Referenz</th>"
            f"<th>Beleg.dat</th><th>Währg</th><th>Brutto</th></tr>{cells}</table>"
        )
        self.send(_shell("Rechnungen anzeigen", body))


def _nav() -> str:
    links = [
        ("/app/list/kred", "Kreditoren"),
        ("/app/list/best", "Bestellungen"),
        ("/app/list/we", "Wareneingänge"),
        ("/app/mir7/1", "Rechnung erfassen"),
        ("/app/suche", "Rechnungen anzeigen"),
    ]
    items = "".join(f'<li><a target="content" href="{h}">{esc(t)}</a></li>' for h, t in links)
    return f"<html><body><ul>{items}</ul></body></html>"


_FIELDS = {
    "1": [
        ("lifnr", "Rechnungssteller"),
        ("ebeln", "Bestellung"),
        ("xblnr", "Referenz"),
        ("bldat", "Rechnungsdatum (TT.MM.JJJJ)"),
    ],
    "2": [
        ("waers", "Währung"),
        ("netto", "Nettobetrag"),
        ("steuer", "Steuerbetrag"),
        ("brutto", "Bruttobetrag"),
    ],
}


def _mir7_form(step: str, values: dict[str, str], draft: dict[str, str]) -> str:
    if step == "3":
        summary = "".join(f"<tr><td>{esc(k)}</td><td>{esc(v)}</td></tr>" for k, v in draft.items())
        return (
            f'<table class="grid">{summary}</table><form method="post" action="/app/mir7/3">'
            '<input type="submit" id="buchen" value="Buchen"></form>'
        )
    rows = "".join(
        f'<tr><td>{esc(label)}</td><td><input name="{n}" id="f_{n}" '
        f'value="{esc(values.get(n, ""))}"></td></tr>'
        for n, label in _FIELDS.get(step, _FIELDS["1"])
    )
    button = "weiter" if step == "1" else "pruefen"
    return (
        f'<form method="post" action="/app/mir7/{esc(step)}"><table>{rows}</table>'
        f'<input type="submit" id="{button}" value="{button.capitalize()}"></form>'
    )


def _mir7_again() -> str:
    return '<a id="neu" href="/app/mir7/1">Weitere Rechnung erfassen</a>'


# --- the system as seen by ``bursar sandbox`` ---------------------------------------------


def up(
    root: Path, *, master: Path, password: str, options: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Seed the ERP from ``master`` and start it; return its state entry."""
    import secrets as pysecrets

    root.mkdir(parents=True, exist_ok=True)
    seeded = erp_data.seed(root, master)
    salt = pysecrets.token_hex(8)
    config = {"user": USER, "salt": salt, "password_sha256": _pw_hash(password, salt)}
    config |= options or {}
    (root / "config.json").write_text(json.dumps(config))
    port = wk.free_port()
    pid = wk.spawn(MODULE, root, port)
    url = f"http://127.0.0.1:{port}"
    bot = {"url": url, "user": USER, "password_secret": "erp_password"}
    return {
        "module": MODULE,
        "dir": str(root),
        "url": url,
        "port": port,
        "pid": pid,
        "user": USER,
        "password_secret": "erp_password",
        "seeded": seeded,
        "bots": {"erp_sync": dict(bot), "erp_post": dict(bot)},
    }


def main() -> None:
    root, port = wk.main_args()
    config = json.loads((root / "config.json").read_text())
    wk.serve(ErpHandler, wk.Sandbox(root, config), port)


if __name__ == "__main__":
    main()


def sandbox_up(ctx) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """``bursar sandbox up``: seed from the shared corpus's master data and start."""
    return up(
        ctx.root,
        master=ctx.corpus / "master",
        password=ctx.password("erp_password"),
        options=ctx.options,
    )
