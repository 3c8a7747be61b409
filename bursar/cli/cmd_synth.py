"""``bursar synth``: write a deterministic synthetic corpus with ground truth and master data."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer

from bursar.cli import output
from bursar.errors import InputError


def register(app: typer.Typer) -> None:
    """Add the ``synth`` command to ``app``."""
    app.command("synth")(synth)


def synth(
    out_dir: Path = typer.Argument(..., help="Folder to write the corpus into."),
    count: int = typer.Option(40, "--count", "-n", help="Number of clean base documents."),
    seed: int = typer.Option(7, "--seed", help="Random seed; same seed, same bytes."),
    no_scans: bool = typer.Option(False, "--no-scans", help="Skip scanned variants."),
    no_claims: bool = typer.Option(False, "--no-claims", help="Skip claim forms."),
    no_einvoices: bool = typer.Option(False, "--no-einvoices", help="Skip e-invoices."),
    discrepancies: bool = typer.Option(
        False, "--discrepancies", help="Add documents with one known discrepancy each."
    ),
    unlisted: float = typer.Option(
        0.0,
        "--unlisted",
        help="Share of invoices (0-1) printed with label wordings the extractor does not list.",
    ),
    grammar_train: int = typer.Option(
        0, "--grammar-train", help="Layouts to draw from the layout grammar for training."
    ),
    grammar_heldout: int = typer.Option(
        0, "--grammar-heldout", help="Layouts to draw from the layout grammar, held out."
    ),
    grammar_docs: int = typer.Option(
        2, "--grammar-docs", help="Invoices per grammar layout (one vendor each)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the manifest as JSON."),
) -> None:
    """Generate invoices, credit notes, claims, scans and e-invoices with ground truth."""
    output.require_devkit("synth")
    from devkit.synth import generate

    if count < 1 or count > 100_000:
        raise InputError(f"--count must be between 1 and 100000, got {count}", where="synth")
    if seed < 0:
        raise InputError(f"--seed must be zero or positive, got {seed}", where="synth")
    if not 0.0 <= unlisted <= 1.0:
        raise InputError(f"--unlisted must be between 0 and 1, got {unlisted}", where="synth")
    for flag, value in (("--grammar-train", grammar_train), ("--grammar-heldout", grammar_heldout),
                        ("--grammar-docs", grammar_docs)):  # fmt: skip
        if not 0 <= value <= 10_000:
            raise InputError(f"{flag} must be between 0 and 10000, got {value}", where="synth")
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("exists and is not a folder; pick another path", where=str(out_dir))
    manifest = generate(
        out_dir,
        count=count,
        seed=seed,
        scans=not no_scans,
        claims=not no_claims,
        einvoices=not no_einvoices,
        discrepancies=discrepancies,
        unlisted=unlisted,
        grammar_train=grammar_train,
        grammar_heldout=grammar_heldout,
        grammar_docs=grammar_docs,
        progress=None if as_json else (lambda docs, what: output.progress(list(docs), what)),
    )
    if as_json:
        output.emit_json(manifest.to_dict() | {"out_dir": str(out_dir)})
        return
    counts = Counter((d["variant"], d["kind"], d["split"]) for d in manifest.documents)
    output.table(
        f"{len(manifest.documents)} documents in {out_dir}",
        ["variant", "kind", "split", "documents"],
        [(*key, n) for key, n in sorted(counts.items())],
    )
