"""Tesseract's words made tokens like a text layer's: an amount's digit groups are one word."""

from __future__ import annotations

from extractors.ocr import NNBSP, join_digit_groups


def _data(*words: tuple[str, int, int]) -> dict[str, list]:
    """Return TSV columns of words on one line: (text, left, width), 24 px tall."""
    n = len(words)
    return {
        "block_num": [1] * n,
        "par_num": [1] * n,
        "line_num": [1] * n,
        "left": [w[1] for w in words],
        "top": [100] * n,
        "width": [w[2] for w in words],
        "height": [24] * n,
        "conf": [90.0] * n,
        "text": [w[0] for w in words],
    }


def test_a_french_amount_read_as_two_words_becomes_one() -> None:
    data = join_digit_groups(_data(("MON", 300, 50), ("1", 500, 10), ("779,24", 528, 110)))
    assert data["text"] == ["MON", f"1{NNBSP}779,24"]
    assert (data["left"][1], data["width"][1]) == (500, 138)


def test_millions_join_across_every_group() -> None:
    data = join_digit_groups(_data(("1", 500, 10), ("234", 528, 60), ("567,89", 606, 110)))
    assert data["text"] == [f"1{NNBSP}234{NNBSP}567,89"]


def test_groups_without_decimals_stay_apart() -> None:
    data = join_digit_groups(_data(("BE", 100, 40), ("548", 160, 60), ("722", 238, 60)))
    assert data["text"] == ["BE", "548", "722"]


def test_a_quantity_a_column_away_from_the_price_is_not_glued_to_it() -> None:
    data = join_digit_groups(_data(("2", 500, 14), ("140,99", 600, 110)))
    assert data["text"] == ["2", "140,99"]


def test_words_on_different_lines_are_never_joined() -> None:
    data = _data(("1", 500, 10), ("779,24", 528, 110))
    data["line_num"] = [1, 2]
    assert join_digit_groups(data)["text"] == ["1", "779,24"]
