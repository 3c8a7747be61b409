"""Tesseract's words made tokens like a text layer's: an amount's digit groups are one word."""

from __future__ import annotations

from extractors.ocr import words_from_tsv
from extractors.ocr_words import NNBSP, join_digit_groups, restore_squared_units


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


def test_a_squared_metre_read_as_a_question_mark_is_restored() -> None:
    data = _data(("rental,", 100, 80), ("12", 200, 30), ("m?", 240, 30))
    assert restore_squared_units(data)["text"] == ["rental,", "12", "m²"]
    data = _data(("80", 100, 30), ("g/m?,", 140, 60), ("500", 220, 40))
    assert restore_squared_units(data)["text"] == ["80", "g/m²,", "500"]
    data = _data(("2.5", 100, 40), ("mm\u201d,", 150, 50))
    assert restore_squared_units(data)["text"] == ["2.5", "mm²,"]


def test_a_question_mark_not_after_a_number_is_left_alone() -> None:
    data = _data(("Which", 100, 80), ("form?", 200, 60), ("m?", 280, 30))
    assert restore_squared_units(data)["text"] == ["Which", "form?", "m?"]


def test_a_word_box_that_took_in_the_lines_around_it_gets_its_phrase_box() -> None:
    data = _data(("Hauptstraße", 1366, 155), ("140", 1530, 32))
    data["top"], data["height"] = [145, 115], [20, 62]  # "140" spans three lines
    street, number = words_from_tsv(data, scale=0.5)
    assert (number.top, number.bottom) == (street.top, street.bottom) == (72.5, 82.5)


def test_words_of_a_phrase_grow_to_its_median_height() -> None:
    data = _data(("de", 100, 30), ("DE", 140, 34), ("Düsseldorf", 180, 140))
    data["top"], data["height"] = [108, 100, 100], [16, 24, 24]
    words = words_from_tsv(data, scale=1.0)
    assert [w.bottom - w.top for w in words] == [24, 24, 24]
    assert words[0].top == 104  # grown about its centre
