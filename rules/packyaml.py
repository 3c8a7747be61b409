"""YAML loading that remembers where each mapping and key came from, for ``file:line`` errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from bursar.errors import InputError


class _LineLoader(yaml.SafeLoader):
    """A SafeLoader that records the source line of every mapping and of each key's value."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.map_lines: dict[int, int] = {}
        self.key_lines: dict[tuple[int, str], int] = {}


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:
    data: dict[Any, Any] = {}
    yield data
    data.update(loader.construct_mapping(node))
    loader.map_lines[id(data)] = node.start_mark.line + 1
    for key_node, value_node in node.value:
        loader.key_lines[(id(data), str(key_node.value))] = value_node.start_mark.line + 1


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)


class Located:
    """A parsed YAML document plus a way to say ``file:line`` for any mapping or key in it."""

    def __init__(self, path: Path, data: Any, loader: _LineLoader) -> None:
        self.path = path
        self.data = data
        self._maps = loader.map_lines
        self._keys = loader.key_lines

    def line(self, mapping: object, key: str | None = None) -> int:
        """Return the 1-based line of ``mapping`` (or of its ``key``'s value), 1 if unknown."""
        if key is not None and (id(mapping), key) in self._keys:
            return self._keys[(id(mapping), key)]
        return self._maps.get(id(mapping), 1)

    def error(self, mapping: object, reason: str, key: str | None = None) -> InputError:
        """Return an InputError located at ``file:line`` of the mapping or key."""
        return InputError(reason, where=f"{self.path}:{self.line(mapping, key)}", code="bad_pack")


def load_located(path: Path, text: str) -> Located:
    """Return the parsed YAML with line information; syntax errors raise ``file:line: reason``."""
    loader = _LineLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        reason = " ".join(str(exc.problem or exc.context or "invalid YAML").split())
        raise InputError(
            f"YAML syntax error: {reason}", where=f"{path}:{line}", code="bad_pack"
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", where=f"{path}:1", code="bad_pack") from None
    finally:
        loader.dispose()
    return Located(path, data, loader)
