"""Offsets, positions and text edits."""

from __future__ import annotations

import pytest

from backlint.diagnostics import Edit, Position
from backlint.text import LineIndex, apply_edits, position_of_byte


def at(row: int, column: int) -> Position:
    return Position(row, column)


# -- lines --------------------------------------------------------------------------------


def test_lf_lines_start_after_each_newline() -> None:
    index = LineIndex("ab\ncd\n")
    assert index.line_count == 3
    assert [index.line_start(row) for row in (1, 2, 3)] == [0, 3, 6]
    assert [index.line_text(row) for row in (1, 2, 3)] == ["ab", "cd", ""]


def test_crlf_is_one_line_terminator() -> None:
    index = LineIndex("ab\r\ncd\r\n")
    assert index.line_count == 3
    assert [index.line_start(row) for row in (1, 2, 3)] == [0, 4, 8]
    assert [index.line_end(row) for row in (1, 2, 3)] == [2, 6, 8]
    assert [index.line_text(row) for row in (1, 2)] == ["ab", "cd"]


def test_lone_cr_ends_a_line() -> None:
    index = LineIndex("ab\rcd\ref")
    assert index.line_count == 3
    assert [index.line_start(row) for row in (1, 2, 3)] == [0, 3, 6]
    assert [index.line_text(row) for row in (1, 2, 3)] == ["ab", "cd", "ef"]


def test_mixed_line_terminators_each_end_one_line() -> None:
    index = LineIndex("a\nb\r\nc\rd")
    assert index.line_count == 4
    assert [index.line_text(row) for row in (1, 2, 3, 4)] == ["a", "b", "c", "d"]


def test_text_without_trailing_newline_has_its_last_line() -> None:
    index = LineIndex("ab\ncd")
    assert index.line_count == 2
    assert index.line_text(2) == "cd"
    assert index.line_end(2) == 5
    assert index.position(5) == at(2, 3)


def test_empty_text_has_one_empty_line() -> None:
    index = LineIndex("")
    assert index.line_count == 1
    assert index.line_text(1) == ""
    assert index.position(0) == at(1, 1)
    assert index.offset(at(1, 1)) == 0


# -- positions and offsets ----------------------------------------------------------------


def test_position_of_offsets_with_lf() -> None:
    index = LineIndex("ab\ncd\n")
    assert [index.position(offset) for offset in range(7)] == [
        at(1, 1),
        at(1, 2),
        at(1, 3),
        at(2, 1),
        at(2, 2),
        at(2, 3),
        at(3, 1),
    ]


def test_position_of_offsets_with_crlf() -> None:
    index = LineIndex("ab\r\ncd")
    assert index.position(2) == at(1, 3)
    assert index.position(4) == at(2, 1)
    assert index.position(6) == at(2, 3)


def test_position_of_offsets_with_lone_cr() -> None:
    index = LineIndex("ab\rcd")
    assert index.position(2) == at(1, 3)
    assert index.position(3) == at(2, 1)
    assert index.position(5) == at(2, 3)


def test_columns_count_code_points() -> None:
    index = LineIndex("\t日本😀x\n")
    assert index.position(4) == at(1, 5)
    assert index.offset(at(1, 5)) == 4


@pytest.mark.parametrize(
    "text",
    ["", "abc", "ab\ncd\n", "ab\r\ncd\r\n", "ab\rcd\r", "a\nb\r\nc\rd", "\n\n\r\n\r", "日本\n😀x"],
)
def test_offset_of_position_of_offset_is_the_offset(text: str) -> None:
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        if text[offset - 1 : offset + 1] == "\r\n":
            continue  # between the two characters of one terminator: not a position
        assert index.offset(index.position(offset)) == offset


@pytest.mark.parametrize("text", ["ab\ncd\n", "ab\r\ncd\r\n", "ab\rcd\r", "x\n\nyz"])
def test_position_of_offset_of_position_is_the_position(text: str) -> None:
    index = LineIndex(text)
    for row in range(1, index.line_count + 1):
        length = index.line_end(row) - index.line_start(row)
        for column in range(1, length + 2):
            assert index.position(index.offset(at(row, column))) == at(row, column)


def test_position_of_offset_past_the_end_clamps_to_the_end() -> None:
    index = LineIndex("ab\ncd")
    assert index.position(99) == at(2, 3)
    assert index.position(-4) == at(1, 1)


def test_offset_of_row_past_the_end_is_the_end_of_the_text() -> None:
    # An edit deleting the last line up to "the next line" must reach the end of the text.
    index = LineIndex("ab\ncd")
    assert index.offset(at(9, 1)) == 5
    assert index.offset(at(9, 99)) == 5


def test_offset_of_column_zero_clamps_to_the_line_start() -> None:
    index = LineIndex("ab\ncd")
    assert index.offset(at(2, 0)) == 3


def test_offset_of_column_past_the_end_of_the_last_line_clamps_to_the_text_end() -> None:
    index = LineIndex("ab\ncd")
    assert index.offset(at(2, 99)) == 5


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_offset_of_column_past_the_end_of_a_line_clamps_to_that_line(newline: str) -> None:
    # As in the language server protocol: a character past the line length means the line's
    # end, never a place inside the line terminator or on the next line.
    index = LineIndex(f"ab{newline}cd")
    assert index.offset(at(1, 3)) == 2
    assert index.offset(at(1, 4)) == 2
    assert index.offset(at(1, 99)) == 2


# -- edits --------------------------------------------------------------------------------


def test_apply_no_edits_returns_the_text() -> None:
    assert apply_edits("abc\n", []) == "abc\n"


def test_apply_insertion() -> None:
    assert apply_edits("ac\n", [Edit.insertion(at(1, 2), "b")]) == "abc\n"


def test_apply_insertion_at_end_of_text() -> None:
    assert apply_edits("ab", [Edit.insertion(at(1, 3), "\n")]) == "ab\n"


def test_apply_deletion() -> None:
    assert apply_edits("a_bc\n", [Edit.deletion(at(1, 2), at(1, 3))]) == "abc\n"


def test_apply_deletion_across_lines() -> None:
    text = "one\ntwo\nthree\n"
    assert apply_edits(text, [Edit.deletion(at(1, 4), at(3, 1))]) == "onethree\n"


def test_apply_replacement() -> None:
    assert apply_edits("x = old\n", [Edit(at(1, 5), at(1, 8), "new")]) == "x = new\n"


def test_apply_several_edits_on_several_lines() -> None:
    text = "a = 1\nb = 2\nc = 3\n"
    edits = [
        Edit(at(1, 5), at(1, 6), "10"),
        Edit.deletion(at(2, 1), at(3, 1)),
        Edit.insertion(at(3, 6), "  # three"),
    ]
    assert apply_edits(text, edits) == "a = 10\nc = 3  # three\n"


def test_apply_unsorted_edits() -> None:
    text = "a = 1\nb = 2\nc = 3\n"
    edits = [
        Edit.insertion(at(3, 6), "  # three"),
        Edit(at(1, 5), at(1, 6), "10"),
        Edit.deletion(at(2, 1), at(3, 1)),
    ]
    assert apply_edits(text, edits) == "a = 10\nc = 3  # three\n"


def test_apply_adjacent_edits() -> None:
    assert apply_edits(
        "abcd", [Edit(at(1, 3), at(1, 5), "CD"), Edit(at(1, 1), at(1, 3), "AB")]
    ) == ("ABCD")


def test_insertions_at_one_place_keep_their_order() -> None:
    edits = [Edit.insertion(at(1, 2), "1"), Edit.insertion(at(1, 2), "2")]
    assert apply_edits("ab", edits) == "a12b"


def test_insertion_before_a_replacement_at_the_same_place() -> None:
    edits = [Edit(at(1, 2), at(1, 3), "B"), Edit.insertion(at(1, 2), "+")]
    assert apply_edits("abc", edits) == "a+Bc"


def test_apply_edits_in_crlf_text_keeps_the_terminators() -> None:
    text = "a = 1\r\nb = 2\r\n"
    assert apply_edits(text, [Edit(at(2, 5), at(2, 6), "3")]) == "a = 1\r\nb = 3\r\n"


def test_apply_edits_counts_columns_in_code_points() -> None:
    text = 'x = "日本😀"; y = 1\n'
    assert apply_edits(text, [Edit(at(1, 12), at(1, 13), "z")]) == 'x = "日本😀"; z = 1\n'


def test_apply_edits_with_a_given_index() -> None:
    text = "ab\ncd\n"
    assert apply_edits(text, [Edit(at(2, 1), at(2, 2), "C")], LineIndex(text)) == "ab\nCd\n"


# -- byte positions -----------------------------------------------------------------------


def test_position_of_a_byte_counts_characters() -> None:
    data = "é日\nx😀y".encode()
    assert position_of_byte(data, data.index(b"y")) == at(2, 3)


def test_position_of_a_byte_after_a_lone_cr() -> None:
    assert position_of_byte(b"a\rbc", 3) == at(2, 2)


def test_position_of_a_byte_in_another_encoding() -> None:
    data = "été\nà".encode("latin-1")
    assert position_of_byte(data, 5, "latin-1") == at(2, 2)
