"""The sandbox desktop program: "Legacy AP Entry", a small Tk form that keys invoices.

Fields Vendor, Invoice No, Date, Amount and a Save button; a saved entry is appended as
one JSON line to the data file and gets a number ``AP-000001``. Like the programs it
stands in for it has no API, validates on Save with terse codes (``E017 BAD DATE``,
``E031 VENDOR TOO LONG``) and refuses an invoice number it already holds for the vendor
(``E042 DUPLICATE``).

The look is fixed on purpose -- one font, one size, no window manager decoration,
window at the screen's top-left -- so a bot finds its controls by template matching.
``python -m devkit.sandbox.desktop_app --templates DIR`` renders the form (needs an X
display) and writes those templates and ``controls.json`` (where to click, relative to
each template); ``devkit/sandbox/desktop_assets/`` holds the ones shipped.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tkinter as tk
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from bursar.types import utcnow

TITLE = "Legacy AP Entry 2.1"
FONT = ("DejaVu Sans Mono", 12)
BG = "#d4d0c8"  # the grey of the programs it imitates
FIELDS = (
    ("vendor", "Vendor:"),
    ("invoice_number", "Invoice No:"),
    ("date", "Date (YYYY-MM-DD):"),
    ("amount", "Amount:"),
)
ASSETS = Path(__file__).with_name("desktop_assets")
VENDOR_MAX = 35  # the old program's column width


def read_entries(path: Path) -> list[dict[str, Any]]:
    """Return every entry saved in the data file (oldest first)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def validate(values: dict[str, str], existing: list[dict[str, Any]]) -> str | None:
    """Return the program's error banner for ``values``, or None when they may be saved."""
    for key, label in FIELDS:
        if not values[key].strip():
            return f"E001 REQUIRED {label.rstrip(':').upper()}"
    if len(values["vendor"].strip()) > VENDOR_MAX:
        return "E031 VENDOR TOO LONG"
    try:
        date.fromisoformat(values["date"].strip())
    except ValueError:
        return "E017 BAD DATE"
    try:
        amount = Decimal(values["amount"].strip())
    except InvalidOperation:
        return "E023 BAD AMOUNT"
    if not amount.is_finite() or amount <= 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        return "E023 BAD AMOUNT"
    key = (values["vendor"].strip().casefold(), values["invoice_number"].strip().casefold())
    for e in existing:
        if (e["vendor"].casefold(), e["invoice_number"].casefold()) == key:
            return f"E042 DUPLICATE {e['entry']}"
    return None


def save(path: Path, values: dict[str, str]) -> dict[str, Any]:
    """Append one entry to the data file and return it (``entry`` is its number)."""
    existing = read_entries(path)
    entry = {
        "entry": f"AP-{len(existing) + 1:06d}",
        "vendor": values["vendor"].strip(),
        "invoice_number": values["invoice_number"].strip(),
        "date": values["date"].strip(),
        "amount": str(Decimal(values["amount"].strip())),
        "saved_at": utcnow().isoformat(),
    }
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(entry, sort_keys=True) + "\n")
        f.flush()
        os.fsync(f.fileno())
    return entry


class EntryForm:
    """The Tk window."""

    def __init__(self, root: tk.Tk, data: Path):
        self.root, self.data = root, data
        root.title(TITLE)
        root.configure(bg=BG)
        root.geometry("520x260+0+0")
        root.resizable(False, False)
        self.entries: dict[str, tk.Entry] = {}
        self.labels: dict[str, tk.Label] = {}
        opts: dict[str, Any] = {"font": FONT, "bg": BG}
        head = tk.Label(root, text=TITLE, font=(FONT[0], 12, "bold"), bg="#000080", fg="white")
        head.grid(row=0, column=0, columnspan=2, sticky="we", padx=0, pady=(0, 10))
        for row, (key, label) in enumerate(FIELDS, start=1):
            lab = tk.Label(root, text=label, anchor="e", width=18, **opts)
            lab.grid(row=row, column=0, padx=(10, 6), pady=4)
            ent = tk.Entry(root, font=FONT, width=24, bg="white", relief="sunken", bd=2)
            ent.grid(row=row, column=1, padx=(0, 10), pady=4, sticky="w")
            self.labels[key], self.entries[key] = lab, ent
        self.button = tk.Button(
            root,
            text="Save",
            width=8,
            command=self.on_save,
            activebackground=BG,  # the same look under the mouse and with the focus
            highlightthickness=0,
            **opts,
        )
        self.button.grid(row=len(FIELDS) + 1, column=1, sticky="w", pady=8)
        self.status = tk.Label(root, text="READY", anchor="w", width=40, **opts)
        self.status.grid(row=len(FIELDS) + 2, column=0, columnspan=2, sticky="w", padx=10)
        root.bind("<Return>", lambda _e: self.on_save())
        root.columnconfigure(1, weight=1)
        # Under bare Xvfb there is no window manager to give the window the keyboard:
        # X focus stays PointerRoot and Tk ignores keys for its entries. Take it.
        root.after(100, root.focus_force)
        root.bind_all("<Button-1>", lambda e: e.widget.focus_force(), add="+")

    def on_save(self) -> None:
        values = {k: e.get() for k, e in self.entries.items()}
        error = validate(values, read_entries(self.data))
        if error:
            self.status.configure(text=error, fg="#a00000")
            return
        entry = save(self.data, values)
        for e in self.entries.values():
            e.delete(0, "end")
        self.entries[FIELDS[0][0]].focus_set()  # the cursor goes back to the first field
        self.status.configure(text=f"SAVED {entry['entry']}", fg="black")

    def controls(self) -> dict[str, dict[str, Any]]:
        """Return each control's template box and click point, in window pixels."""
        ox, oy = self.root.winfo_rootx(), self.root.winfo_rooty()

        def box(w: tk.Widget) -> tuple[int, int, int, int]:
            return w.winfo_rootx() - ox, w.winfo_rooty() - oy, w.winfo_width(), w.winfo_height()

        out: dict[str, dict[str, Any]] = {}
        for key, _label in FIELDS:
            lx, ly, lw, lh = box(self.labels[key])
            ex, ey, ew, eh = box(self.entries[key])
            # the template is the label's text; the click goes into the entry beside it
            out[key] = {"box": [lx, ly, lw, lh], "click": [ex + 12 - lx, ey + eh // 2 - ly]}
        bx, by, bw, bh = box(self.button)
        inset = 4  # the button's caption, without its 3-D border (which changes when pressed)
        out["save"] = {
            "box": [bx + inset, by + inset, bw - 2 * inset, bh - 2 * inset],
            "click": [bw // 2 - inset, bh // 2 - inset],
        }
        return out


def make_templates(out_dir: Path, data: Path) -> None:
    """Render the form, screenshot it and write one PNG per control + ``controls.json``."""
    import cv2
    import mss
    import numpy as np

    root = tk.Tk()
    form = EntryForm(root, data)
    root.update()
    root.after(300, root.quit)
    root.mainloop()
    root.update()
    controls = form.controls()
    with mss.MSS() as sct:
        shot = np.array(sct.grab(sct.monitors[1]))[:, :, :3]  # BGRA -> BGR
    ox, oy = root.winfo_rootx(), root.winfo_rooty()
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {"title": TITLE, "controls": {}}
    for name, c in controls.items():
        x, y, w, h = c["box"]
        crop = _text_crop(shot[oy + y : oy + y + h, ox + x : ox + x + w])
        cx, cy, crop_img = crop
        cv2.imwrite(str(out_dir / f"{name}.png"), crop_img)
        click = [c["click"][0] - cx, c["click"][1] - cy]
        manifest["controls"][name] = {"template": f"{name}.png", "click": click}
    (out_dir / "controls.json").write_text(json.dumps(manifest, indent=2) + "\n")
    root.destroy()


def _text_crop(img: Any) -> tuple[int, int, Any]:
    """Trim a widget image to its ink plus a margin: (x offset, y offset, image)."""
    import numpy as np

    bg = img[0, 0].astype(int)
    ink = np.argwhere(np.abs(img.astype(int) - bg).sum(axis=2) > 60)
    (y0, x0), (y1, x1) = ink.min(axis=0), ink.max(axis=0)
    m = 3
    y0, x0 = max(int(y0) - m, 0), max(int(x0) - m, 0)
    y1, x1 = min(int(y1) + m + 1, img.shape[0]), min(int(x1) + m + 1, img.shape[1])
    return x0, y0, img[y0:y1, x0:x1].copy()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="legacy-ap-entry", description=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="JSON-lines file of entries")
    parser.add_argument("--templates", type=Path, help="write control templates here and exit")
    args = parser.parse_args(argv)
    if not re.match(r"^:\d+", os.environ.get("DISPLAY", "")):
        parser.error("needs an X display (DISPLAY=:N); the sandbox runs it under Xvfb")
    if args.templates:
        make_templates(args.templates, args.data)
        return
    root = tk.Tk()
    EntryForm(root, args.data)
    root.mainloop()


if __name__ == "__main__":
    main()
