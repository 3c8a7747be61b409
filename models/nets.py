"""The two network shapes on top of a BERT encoder, and how they are saved.

* ``SeqClassifier`` -- mean-pooled encoder output -> linear; the document kind and GL coding.
* ``LayoutTagger`` -- token classification where each word piece also gets the
  quantised x and y of its word's box centre as learned embeddings added to the word
  embedding (LayoutLM's idea without its non-commercial weights), so where a word sits
  matters, not only what it says; and its word's shape (amount, date, identifier ...,
  ``features.shape``), so a value reads as a value whatever its digits.

A saved model is a folder: ``encoder/config.json``, ``model.safetensors`` (all weights,
encoder and head), ``tokenizer.json`` and ``head.json`` (labels and shapes).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from torch import nn

from models.encoders import encoder_from_config_dir, load_tokenizer_file

BUCKETS = 64  # x and y are quantised into this many buckets of the page size


@dataclass(frozen=True)
class HeadSpec:
    """What sits on the encoder: the task, its labels and the input shapes."""

    task: str  # "kind" | "fields" | "glcode"
    shape: str  # "seq" | "tagger"
    labels: tuple[str, ...]
    max_len: int = 256
    buckets: int = BUCKETS
    shapes: int = 0  # word-shape vocabulary (``features.N_SHAPES``); 0: no shape embedding


class SeqClassifier(nn.Module):
    """Sequence classification: mean of the encoder's token states -> labels."""

    def __init__(self, encoder: nn.Module, spec: HeadSpec):
        super().__init__()
        self.encoder = encoder
        self.spec = spec
        hidden = encoder.config.hidden_size
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(hidden, len(spec.labels))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask)[0]
        mask = attention_mask.unsqueeze(-1).to(states.dtype)
        pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled))


class LayoutTagger(nn.Module):
    """Token classification with x/y bucket embeddings added to the word embeddings."""

    def __init__(self, encoder: nn.Module, spec: HeadSpec):
        super().__init__()
        self.encoder = encoder
        self.spec = spec
        hidden = encoder.config.hidden_size
        self.x_emb = nn.Embedding(spec.buckets + 1, hidden)  # last bucket: special tokens
        self.y_emb = nn.Embedding(spec.buckets + 1, hidden)
        nn.init.normal_(self.x_emb.weight, std=0.02)
        nn.init.normal_(self.y_emb.weight, std=0.02)
        # Saved before shapes existed: ``spec.shapes == 0`` and the model has no such table.
        self.s_emb = nn.Embedding(spec.shapes, hidden) if spec.shapes else None
        if self.s_emb is not None:
            nn.init.normal_(self.s_emb.weight, std=0.02)
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(hidden, len(spec.labels))

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        xb: torch.Tensor,
        yb: torch.Tensor,
        sb: torch.Tensor | None = None,
    ) -> torch.Tensor:
        words = self.encoder.get_input_embeddings()(input_ids)
        embeds = words + self.x_emb(xb) + self.y_emb(yb)
        if self.s_emb is not None and sb is not None:
            embeds = embeds + self.s_emb(sb)
        states = self.encoder(inputs_embeds=embeds, attention_mask=attention_mask)[0]
        return self.head(self.dropout(states))


def build(encoder: nn.Module, spec: HeadSpec) -> nn.Module:
    """Return the network for ``spec`` around ``encoder``."""
    return LayoutTagger(encoder, spec) if spec.shape == "tagger" else SeqClassifier(encoder, spec)


def save(model: nn.Module, tokenizer, folder: Path) -> None:
    """Write ``model`` (weights, encoder config, head spec) and ``tokenizer`` into ``folder``."""
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    model.encoder.config.save_pretrained(str(folder / "encoder"))
    state = {k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}
    save_file(state, str(folder / "model.safetensors"))
    tokenizer.save(str(folder / "tokenizer.json"))
    spec = asdict(model.spec)
    (folder / "head.json").write_text(json.dumps(spec, indent=2) + "\n", encoding="utf-8")


def load(folder: Path) -> tuple[nn.Module, object]:
    """Return ``(model, tokenizer)`` saved in ``folder`` (weights on the CPU, eval mode)."""
    from safetensors.torch import load_file

    raw = json.loads((folder / "head.json").read_text(encoding="utf-8"))
    spec = HeadSpec(**{**raw, "labels": tuple(raw["labels"])})
    model = build(encoder_from_config_dir(folder / "encoder"), spec)
    model.load_state_dict(load_file(str(folder / "model.safetensors")))
    model.eval()
    return model, load_tokenizer_file(folder / "tokenizer.json")
