"""Shadow runs: a candidate reads live documents beside the active model, is recorded and
never acted on, and is promoted only when it beats the active one on confirmed documents.

Active: the shipped field labeller (``BURSAR_DEFAULT_MODELS=kind,fields``). Candidate: a
tiny labeller trained for two steps on toy documents. On these layouts both read the same
values (the extractor's rules decide where a labeller is unsure), so on confirmed live
documents the candidate ties and is refused. With too few confirmed documents the
comparison falls back to the held-out figures: a better-trained kind classifier wins there.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from test_drift import _setup


@pytest.fixture
def shadow_home(db_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from bursar.config import get_settings, reset_settings

    if not db_url.startswith("sqlite"):
        pytest.skip("the pipeline part is the same on PostgreSQL; once is enough here")
    monkeypatch.setenv("BURSAR_DEFAULT_MODELS", "kind,fields")
    monkeypatch.setenv("BURSAR_SHADOW_MIN_CONFIRMED", "3")
    monkeypatch.setenv("BURSAR_DRIFT_ENABLED", "0")
    reset_settings()
    return get_settings()


def _candidate(settings, steps: int = 2) -> int:  # type: ignore[no-untyped-def]
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "models"))
    from toydocs import make_docs

    from models import registry
    from models.jobs import resolve_base
    from models.train import TrainConfig, train_fields

    spec = resolve_base("tiny", settings.base_model)
    trained = train_fields(
        make_docs(),
        spec,
        TrainConfig(max_steps=steps, batch_size=8),
        None,
    )
    return registry.save_version(settings.models_dir, trained)


def _docs(rng: random.Random, vendor, out: Path, n: int, start: int, layout=None) -> list:  # type: ignore[no-untyped-def]
    from devkit.synth import specs
    from devkit.synth.render import render
    from devkit.synth.truth import invoice_fields

    out.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(start, start + n):
        spec = specs.random_invoice(rng, vendor=vendor, name=f"s{i}", seq=i, layout=layout)
        path = out / f"{vendor.vendor_id}-{i:04d}.pdf"
        path.write_bytes(render(spec))
        made.append((path, invoice_fields(spec)))
    return made


def test_shadow_run_is_recorded_never_acted_on_and_a_tie_is_refused(
    shadow_home, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from bursar.cli import main
    from bursar.db import session_scope
    from bursar.inbox.corrections import correct_and_redecide
    from bursar.inbox.users import Person
    from bursar.ingest.batch import ingest_paths
    from bursar.records import Decision, Extraction, ModelShadow
    from models import registry

    settings = shadow_home
    version = _candidate(settings)
    assert main(["models", "shadow", "fields", str(version)]) == 0
    assert registry.shadow_version(settings.models_dir, "fields") == version

    rng = random.Random(21)
    (vendor,) = _setup(tmp_path, 1)
    first = _docs(rng, vendor, tmp_path / "a", 3, 1)
    results = ingest_paths([p for p, _ in first], workers=1)
    with session_scope(write=False) as session:
        shadows = session.exec(select(ModelShadow)).all()
        versions = [e.versions for e in session.exec(select(Extraction)).all()]
        decisions = session.exec(select(Decision)).all()
    assert len(shadows) == 3 and {s.candidate for s in shadows} == {f"fields@{version}"}
    assert {s.active for s in shadows} == {"fields@default-1"}
    # recorded, never acted on: every extraction and decision names the active model only
    assert all(v["labeler"] == "fields@default-1" for v in versions)
    assert all(f"fields@{version}" not in json.dumps(d.model_dump(mode="json")) for d in decisions)

    clerk = Person("clerk1", "clerk", None)
    for k, res in enumerate(results):  # a field both misread: a tie, never a win
        correct_and_redecide(res.document_id, clerk, "payment_terms", f"Net {k + 40} days")
    capsys.readouterr()
    assert main(["models", "promote", "fields", str(version)]) == 1
    err = capsys.readouterr().err
    assert "does not beat the active fields@default-1 on 3 confirmed live documents" in err
    assert registry.active_version(settings.models_dir, "fields") is None


def _kind(settings, lr: float | None, epochs: int) -> int:  # type: ignore[no-untyped-def]
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "models"))
    from toydocs import make_docs

    from models import registry
    from models.jobs import resolve_base
    from models.train import TrainConfig, train_kind

    spec = resolve_base("tiny", settings.base_model)
    cfg = TrainConfig(epochs=epochs, lr=lr, batch_size=8, max_steps=1 if lr and lr < 1e-9 else None)
    return registry.save_version(settings.models_dir, train_kind(make_docs(), spec, cfg, None))


def test_too_few_confirmed_documents_fall_back_to_the_held_out_figures(
    shadow_home, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from bursar.cli import main
    from bursar.db import session_scope
    from bursar.ingest.batch import ingest_paths
    from bursar.records import ModelShadow
    from models import registry

    settings = shadow_home
    weak = _kind(settings, lr=1e-12, epochs=1)  # one step at a learning rate of ~zero
    assert main(["models", "promote", "kind", str(weak), "--force"]) == 0
    better = _kind(settings, lr=None, epochs=30)  # the default rate, long enough to learn
    assert main(["models", "shadow", "kind", str(better)]) == 0
    rng = random.Random(22)
    (vendor,) = _setup(tmp_path, 1)
    (res,) = ingest_paths([p for p, _ in _docs(rng, vendor, tmp_path / "b", 1, 100)], workers=1)
    with session_scope(write=False) as session:
        rows = session.exec(select(ModelShadow).where(ModelShadow.document_id == res.document_id))
        assert [(r.candidate, r.active) for r in rows] == [(f"kind@{better}", f"kind@{weak}")]
    capsys.readouterr()
    assert main(["models", "promote", "kind", str(better), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["promoted"] and not out["forced"] and "documents" not in out
    assert out["metric"] == "accuracy" and out["candidate"] > out["active"]
    assert registry.active_version(settings.models_dir, "kind") == better
    assert registry.shadow_version(settings.models_dir, "kind") is None  # the run ended
    assert [h["action"] for h in registry.history(settings.models_dir, "kind")] == [
        "promote", "shadow", "promote"]  # fmt: skip
