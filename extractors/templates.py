"""Vendor templates (placeholder)."""

from __future__ import annotations

from typing import Any


def load_templates(folder=None) -> list[Any]:
    return []


def apply_templates(pages, fields, lines, templates):
    return fields, lines, None
