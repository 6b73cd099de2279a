"""A document with thousands of claims, in the real window: the view reads only the claims it paints from
the project, yet every highlight, click, tag, undo and step through the claims behaves as with a few."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor

from annotator.gui.main_window import MainWindow
from annotator.gui.style import kind_colour
from annotator.ops import claims
from annotator.ops.importing import import_paths
from annotator.store import queries
from annotator.store.project import open_project
from gui_support import painted_colour_at, select_span

KINDS = ("factual", "quote", "opinion")
WHITE = QColor("#ffffff")


@dataclass(frozen=True)
class ManyClaims:
    path: Path
    document_id: str
    text: str
    sentences: list[tuple[int, int]]  # every sentence of the text, in code points
    claim_ids: dict[tuple[int, int], str]  # the tagged sentences' claims, by span
    long_claim: tuple[int, int]  # a prediction over paragraphs 10 to 120, under the sentences' claims


def _sentence_kind(number: int) -> str:
    return KINDS[number % len(KINDS)]


@pytest.fixture
def many_claims(tmp_path: Path) -> ManyClaims:
    """200 paragraphs of 10 sentences; every sentence but each seventh is a claim (about 1,700)."""
    paragraphs = [
        " ".join(f"Paragraph {p} sentence {s} says the border stays closed." for s in range(10))
        for p in range(200)
    ]
    source = tmp_path / "long report.txt"
    source.write_text("Long report\n\n" + "\n".join(paragraphs) + "\n", encoding="utf-8")
    path = tmp_path / "many.sqlite"
    with open_project(path) as project:
        [outcome] = import_paths(project, [source])
        assert outcome.document_id is not None
        document_id = outcome.document_id
        text = queries.get_document(project, document_id).text
        sentences = [match.span() for match in re.finditer(r"Paragraph \d+ sentence \d+[^.]*\.", text)]
        assert len(sentences) == 2000
        claim_ids = {}
        with project.transaction():
            for number, (start, end) in enumerate(sentences):
                if number % 7:
                    kind = _sentence_kind(number)
                    claim = claims.tag_claim(project, document_id, start, end, kind, text=text)
                    claim_ids[start, end] = claim.id
            long_start, long_end = sentences[100][0], sentences[1209][1]
            claims.tag_claim(project, document_id, long_start, long_end, "prediction", text=text)
    return ManyClaims(path, document_id, text, sentences, claim_ids, (long_start, long_end))


def _open(open_window: Callable[[Path], MainWindow], data: ManyClaims) -> MainWindow:
    window = open_window(data.path)
    window.document_list.select(data.document_id)
    assert window.document_id == data.document_id
    return window


def _painted(window: MainWindow, codepoint: int) -> str:
    """The colour painted behind a character, as #rrggbb (a darker shade is drawn to the nearest unit)."""
    return painted_colour_at(window, codepoint).name()


def _inside(span: tuple[int, int]) -> int:
    """A code point a few letters into a span ("Paragraph": a lowercase letter, nothing rises to the top)."""
    return span[0] + 4


def test_highlights_are_painted_from_the_top_to_the_end_and_a_long_claim_reaches_far_down(
    qtbot, many_claims: ManyClaims, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = _open(open_window, many_claims)
    sentences = many_claims.sentences
    # At the top, past the long claim's reach, and at the very end of the text.
    for number in (1, 2, 3, 1501, 1502, 1998):
        assert _painted(window, _inside(sentences[number])) == kind_colour(_sentence_kind(number)).name()
    for number in (7, 1498, 1995):  # untagged sentences outside the long claim
        assert _painted(window, _inside(sentences[number])) == WHITE.name()
    # Deep inside the long claim, a thousand sentences after it starts: it alone, or under a sentence's.
    assert _painted(window, _inside(sentences[1197])) == kind_colour("prediction").name()
    assert _painted(window, _inside(sentences[1196])) == kind_colour(_sentence_kind(1196), 2).name()
    # Scrolling back up finds the first paragraphs as they were.
    assert _painted(window, _inside(sentences[0])) == WHITE.name()
    assert _painted(window, _inside(sentences[2])) == kind_colour(_sentence_kind(2)).name()


def test_clicking_a_claim_deep_in_the_document_selects_it_and_outlines_it(
    qtbot, many_claims: ManyClaims, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = _open(open_window, many_claims)
    view = window.document_view
    target = many_claims.sentences[1600]
    _painted(window, _inside(target))  # scrolls it into view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(_inside(target)))
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    claim_id = many_claims.claim_ids[target]
    assert window.panel.claim is not None and window.panel.claim.id == claim_id
    assert view.selected_claim == claim_id
    # Inside the long claim, the first click takes the sentence (innermost), the second the long claim.
    inner = many_claims.sentences[1000]
    _painted(window, _inside(inner))
    cursor.setPosition(view.offsets.to_utf16(_inside(inner)))
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.selected_claim == many_claims.claim_ids[inner]
    # The selected claim was brought to the middle of the view: the same letter is elsewhere now.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center())
    assert window.panel.claim is not None and window.panel.claim.kind == "prediction"
    assert view.selected_claim == window.panel.claim.id
    assert (window.panel.claim.start, window.panel.claim.end) == many_claims.long_claim


def test_tag_then_undo_repaints_only_what_changed_far_down_the_document(
    qtbot, many_claims: ManyClaims, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = _open(open_window, many_claims)
    untagged, neighbour = many_claims.sentences[1701], many_claims.sentences[1702]
    assert _painted(window, _inside(untagged)) == WHITE.name()
    total = len(many_claims.claim_ids) + 1  # the sentences' claims and the long one
    assert window.panel.count_label.text() == f"{total:,} claims" and "," in f"{total:,}"
    select_span(window, *untagged)
    assert window.tag_selection("quote")
    assert window.panel.count_label.text() == f"{total + 1:,} claims"
    assert _painted(window, _inside(untagged)) == kind_colour("quote").name()
    assert _painted(window, _inside(neighbour)) == kind_colour(_sentence_kind(1702)).name()
    assert window.panel.claim is not None and window.document_view.selected_claim == window.panel.claim.id
    window.session.undo_stack.undo()
    assert _painted(window, _inside(untagged)) == WHITE.name()
    assert window.document_view.selected_claim is None
    window.session.undo_stack.redo()
    assert _painted(window, _inside(untagged)) == kind_colour("quote").name()
    # Deleting a claim (its id is all the view is told) takes its highlight away too.
    window.panel.select_claim(many_claims.claim_ids[neighbour])
    window.panel.delete_current()
    assert _painted(window, _inside(neighbour)) == WHITE.name()


def test_next_and_previous_claim_select_and_outline_claims_far_from_the_top(
    qtbot, many_claims: ManyClaims, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    window = _open(open_window, many_claims)
    view = window.document_view
    start_claim = many_claims.claim_ids[many_claims.sentences[1899]]
    window.open_claim(start_claim)
    assert view.selected_claim == start_claim
    window.actions_by_name["actionNextClaim"].trigger()
    following = many_claims.claim_ids[many_claims.sentences[1900]]
    assert window.panel.claim is not None and window.panel.claim.id == following
    assert view.selected_claim == following
    # The claim the view outlines is on screen.
    shown = view.viewport().rect()
    top = view.offsets.to_codepoint(view.cursorForPosition(shown.topLeft()).position())
    bottom = view.offsets.to_codepoint(view.cursorForPosition(shown.bottomRight()).position())
    assert top <= many_claims.sentences[1900][0] <= bottom
    window.actions_by_name["actionPreviousClaim"].trigger()
    window.actions_by_name["actionPreviousClaim"].trigger()
    assert view.selected_claim == many_claims.claim_ids[many_claims.sentences[1898]]
    # A claim of another document is outlined in none.
    view.select_claim("no such claim")
    assert view.selected_claim is None


@pytest.fixture
def one_long_paragraph(tmp_path: Path) -> ManyClaims:
    """One paragraph of 400 sentences, many screens tall; every sentence but each seventh is a claim."""
    source = tmp_path / "one paragraph.txt"
    paragraph = " ".join(f"Paragraph 0 sentence {s} says the border stays closed." for s in range(400))
    source.write_text("One paragraph\n\n" + paragraph + "\n", encoding="utf-8")
    path = tmp_path / "paragraph.sqlite"
    with open_project(path) as project:
        [outcome] = import_paths(project, [source])
        assert outcome.document_id is not None
        document_id = outcome.document_id
        text = queries.get_document(project, document_id).text
        sentences = [match.span() for match in re.finditer(r"Paragraph \d+ sentence \d+[^.]*\.", text)]
        claim_ids = {}
        with project.transaction():
            for number, (start, end) in enumerate(sentences):
                if number % 7:
                    claim = claims.tag_claim(
                        project, document_id, start, end, _sentence_kind(number), text=text
                    )
                    claim_ids[start, end] = claim.id
            long_start, long_end = sentences[150][0], sentences[250][1]
            claims.tag_claim(project, document_id, long_start, long_end, "prediction", text=text)
    return ManyClaims(path, document_id, text, sentences, claim_ids, (long_start, long_end))


def _expected(data: ManyClaims, number: int) -> str:
    inside_long = data.long_claim[0] <= data.sentences[number][0] < data.long_claim[1]
    if number % 7:
        return kind_colour(_sentence_kind(number), 2 if inside_long else 1).name()
    return kind_colour("prediction").name() if inside_long else WHITE.name()


def test_a_paragraph_taller_than_the_window_is_highlighted_as_each_line_scrolls_into_view(
    qtbot, one_long_paragraph: ManyClaims, open_window: Callable[[Path], MainWindow]
) -> None:  # type: ignore[no-untyped-def]
    # The view works out the highlights of the lines on screen only: each sentence read below brings
    # its line just into view (at the window's foot), so every line is worked out as the user scrolls.
    data = one_long_paragraph
    window = _open(open_window, data)
    for number in range(0, 400, 3):
        assert _painted(window, _inside(data.sentences[number])) == _expected(data, number), number
    # Back up, then a jump into the middle: lines worked out before and lines not yet, side by side.
    for number in (2, 1, 201, 200, 199, 330, 329):
        assert _painted(window, _inside(data.sentences[number])) == _expected(data, number), number
    # A tag and its undo in lines not worked out yet (and in lines that were).
    window.document_view.verticalScrollBar().setValue(0)
    untagged = data.sentences[357]
    select_span(window, *untagged)
    assert window.tag_selection("quote")
    assert _painted(window, _inside(untagged)) == kind_colour("quote").name()
    window.session.undo_stack.undo()
    assert _painted(window, _inside(untagged)) == WHITE.name()
    assert _painted(window, _inside(data.sentences[358])) == _expected(data, 358)
