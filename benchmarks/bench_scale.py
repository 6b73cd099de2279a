"""Newsroom-scale benchmark: what a user waits for at 1k/10k/100k claims and 100/1k/10k documents.

Run by hand, not in the test suite:
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_scale.py [--quick] [--markdown]
Every figure is printed beside a raw baseline measured in the same run, with the ratio, and each row
repeats at every size with the growth from the size before. `--quick` stops at 10k claims and 1k
documents (about a minute on 2 cores); the full run takes a few minutes. `--markdown` prints the table for
the README's performance section. Merge and export keep their own scripts too (bench_merge.py,
bench_export.py) for their own detail; this script times merge and every export at 1k/10k/100k claims
with their builders. Targets (issue 16): open within 3x setPlainText + paint; tag and undo under 30 ms;
cold start under 1 s with 10k documents and 100k claims; list sort/filter within 3x a plain Qt model;
import within 3x insert + FTS; common-word search under 50 ms.
"""

# The measuring lambdas run at once, inside the loop iteration that made them.
# ruff: noqa: B023

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import (  # noqa: E402
    QAbstractTableModel,
    QEvent,
    QObject,
    QPoint,
    QRect,
    QSettings,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel, QTextCharFormat, QTextCursor  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractScrollArea,
    QApplication,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from annotator.domain.anchors import make_anchor  # noqa: E402
from annotator.domain.filters import ClaimFilter  # noqa: E402
from annotator.domain.models import CLAIM_KINDS, new_id, utc_now  # noqa: E402
from annotator.domain.offsets import OffsetMap  # noqa: E402
from annotator.gui.app import create_window  # noqa: E402
from annotator.ops.documents import text_hash  # noqa: E402
from annotator.ops.importing import import_paths  # noqa: E402
from annotator.store import script_search, search  # noqa: E402
from annotator.store.project import open_project  # noqa: E402

WORDS = (
    "the of and to in a that said would was for on with as by it not be from at has have this they "
    "president government minister army border troops war talks sanctions statement officials country "
    "Belarus Minsk Kyiv Moscow Lukashenko Zelenskyy naïve café Беларусь Київ 白俄罗斯 战争"
).split()
RARE = "zyxwvut"


@dataclass
class Row:
    what: str
    size: str
    value: float  # seconds (or MB for memory)
    baseline: float
    baseline_name: str
    target: str = ""
    unit: str = "ms"


ROWS: list[Row] = []


def record(what: str, size: str, value: float, baseline: float, name: str, target: str = "") -> None:
    row = Row(what, size, value, baseline, name, target)
    previous = next((r for r in reversed(ROWS) if r.what == what), None)
    growth = f"  x{value / previous.value:5.1f} from {previous.size}" if previous and previous.value else ""
    ROWS.append(row)
    print(
        f"{what:<42} {size:>14} {value * 1000:9.1f} ms  {name} {baseline * 1000:8.1f} ms  "
        f"ratio {value / baseline if baseline else 0:6.2f}x{growth}  {target}",
        flush=True,
    )


def best(runs: int, measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(runs))


def best_alternately(
    runs: int, value: Callable[[], float], baseline: Callable[[], float]
) -> tuple[float, float]:
    """The best of `runs` timings of each, the two timed one after the other in turn.

    On the shared 2-core machine the speed drifts from minute to minute: a baseline timed in a phase
    of its own before the window opened made a ratio swing with the phase (the same setPlainText of 5
    MB took 38.3 ms in one run and 50.4 ms in the next, the app's open 76 - 82 ms in both).
    """
    values, baselines = [], []
    for _ in range(runs):
        baselines.append(baseline())
        values.append(value())
    return min(values), min(baselines)


def timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    QApplication.processEvents()
    return time.perf_counter() - began


# --- data ---------------------------------------------------------------------------------------


def prose(rng: random.Random, size: int) -> str:
    parts, length = [], 0
    while length < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18))).capitalize() + ". "
        if rng.random() < 0.12:
            sentence += "\n\n"
        parts.append(sentence)
        length += len(sentence)
    return "".join(parts)[:size]


def claim_rows(document_id: str, text: str, count: int, rng: random.Random) -> list[tuple[object, ...]]:
    now = utc_now()
    rows = []
    for index in range(count):
        start = rng.randrange(0, max(1, len(text) - 300))
        end = min(len(text), start + rng.randint(20, 200))
        anchor = make_anchor(text, start, end)
        kind = CLAIM_KINDS[index % len(CLAIM_KINDS)]
        rows.append(
            (new_id(), document_id, start, end, anchor.exact, anchor.prefix, anchor.suffix, kind, now, now)
        )
    return rows


_DOC_SQL = (
    "INSERT INTO documents (id, text, sha256, length, title, authors, publisher, url, published, language,"
    " source_format, source_filename, metadata, notes, created_by, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, '[]', ?, '', ?, '', 'text', ?, '{}', '', NULL, ?, ?)"
)
_CLAIM_SQL = (
    'INSERT INTO claims (id, document_id, start, "end", exact, prefix, suffix, kind, created_at, updated_at)'
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def document_row(rng: random.Random, number: int, text: str) -> tuple[object, ...]:
    now = utc_now()
    published = f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} report {number}"
    publisher = rng.choice(("BBC", "Reuters", "Meduza", "Kyiv Independent", "DW", "blog"))
    return (
        new_id(),
        text,
        text_hash(text),
        len(text),
        title,
        publisher,
        published,
        f"{number}.txt",
        now,
        now,
    )


def make_project(
    path: Path, documents: list[str], claims_per_document: list[int], seed: int = 1
) -> list[str]:
    """A project written with raw SQL (the schema's FTS triggers fire): quick to build at any size."""
    rng = random.Random(seed)
    with open_project(path) as project, project.transaction():
        ids = []
        for number, text in enumerate(documents):
            row = document_row(rng, number, text)
            project.conn.execute(_DOC_SQL, row)
            ids.append(str(row[0]))
            project.conn.executemany(_CLAIM_SQL, claim_rows(ids[-1], text, claims_per_document[number], rng))
    return ids


# --- baselines ----------------------------------------------------------------------------------


def plain_open(text: str, spans: list[tuple[int, int]] | None) -> float:
    """setPlainText and one paint; with spans, every span's background merged in one edit block."""
    editor = QPlainTextEdit()
    editor.resize(1000, 800)
    editor.show()
    QApplication.processEvents()
    offsets = OffsetMap(text)
    u16 = [(offsets.to_utf16(s), offsets.to_utf16(e)) for s, e in spans or []]
    fmt = QTextCharFormat()
    fmt.setBackground(QColor("#ffc971"))
    began = time.perf_counter()
    editor.setPlainText(text)
    if u16:
        cursor = QTextCursor(editor.document())
        cursor.beginEditBlock()
        for start, end in u16:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
        cursor.endEditBlock()
    editor.viewport().repaint()
    elapsed = time.perf_counter() - began
    editor.close()
    editor.deleteLater()
    QApplication.processEvents()
    return elapsed


def page_scrolls(area: QAbstractScrollArea, start: float, pages: int = 10) -> float:
    """Page down `pages` times from `start` (a fraction of the way down), each page painted: the time
    per page. Each run starts elsewhere, so the lines it shows are laid out for the first time."""
    bar = area.verticalScrollBar()
    assert bar.maximum() > bar.pageStep() * pages, "nothing to scroll: the figure would be empty"
    bar.setValue(int(bar.maximum() * start))
    area.viewport().repaint()
    began = time.perf_counter()
    for _ in range(pages):
        bar.setValue(bar.value() + bar.pageStep())
        area.viewport().repaint()
    return (time.perf_counter() - began) / pages


def scrolled(area: QAbstractScrollArea, runs: int) -> float:
    """The best of `runs` page-scroll runs, each from a different place, after one run near the top
    that is not counted (a new window's first paints set up its backing store and glyph caches)."""
    page_scrolls(area, 0.02, pages=3)
    return min(page_scrolls(area, (attempt + 1) / (runs + 2)) for attempt in range(runs))


def plain_scroll(text: str, like: QWidget, runs: int) -> float:
    """A page down in a plain QPlainTextEdit holding the same text, placed and sized as `like` is in a
    top-level window the size of `like`'s (a top-level editor of its own is flushed whole, slower)."""
    window = QWidget()
    window.resize(like.window().size())
    editor = QPlainTextEdit(window)
    editor.setGeometry(QRect(like.mapTo(like.window(), QPoint(0, 0)), like.size()))
    window.show()
    editor.setPlainText(text)
    QApplication.processEvents()
    editor.viewport().repaint()
    elapsed = scrolled(editor, runs)
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    return elapsed


def plain_list_scroll(rows: list[tuple[object, ...]], columns: int, like: QWidget, runs: int) -> float:
    """A page down in a QTableView over the plainest model of the same rows, placed as `like` is."""
    window = QWidget()
    window.resize(like.window().size())
    table = QTableView(window)
    table.setGeometry(QRect(like.mapTo(like.window(), QPoint(0, 0)), like.size()))
    table.setModel(PlainModel(rows, columns))
    window.show()
    QApplication.processEvents()  # the scroll bar's range is set once the view has laid itself out
    table.viewport().repaint()
    elapsed = scrolled(table, runs)
    window.close()
    window.deleteLater()
    return elapsed


class PlainModel(QAbstractTableModel):
    """The plainest Python table model: a list of tuples, data() indexes it."""

    def __init__(self, rows: list[tuple[object, ...]], columns: int) -> None:
        super().__init__()
        self.rows, self.columns = rows, columns

    def rowCount(self, parent=None) -> int:  # type: ignore[no-untyped-def]  # noqa: N802
        return len(self.rows)

    def columnCount(self, parent=None) -> int:  # type: ignore[no-untyped-def]  # noqa: N802
        return self.columns

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        return self.rows[index.row()][index.column()] if role == Qt.ItemDataRole.DisplayRole else None


def plain_list_figures(
    rows: list[tuple[object, ...]], columns: int, needle: str, *more_needles: str
) -> tuple[float, ...]:
    """(populate, sort, filter, filter per more needle) of a plain Qt model of the same rows:
    QStandardItemModel + proxy."""
    table = QTableView()
    table.resize(600, 800)
    table.show()
    model = PlainModel([], columns)
    table.setModel(model)

    def populate() -> None:
        model.beginResetModel()
        model.rows = rows
        model.endResetModel()
        table.viewport().repaint()

    populate_time = timed(populate)
    standard = QStandardItemModel(len(rows), columns)
    for r, row in enumerate(rows):
        for c in range(columns):
            standard.setItem(r, c, QStandardItem(str(row[c])))
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(standard)
    proxy.setFilterKeyColumn(1)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    table.setModel(proxy)
    table.setSortingEnabled(True)
    sort_time = best(
        2,
        lambda: (
            timed(
                lambda: (
                    table.sortByColumn(1, Qt.SortOrder.AscendingOrder),
                    table.sortByColumn(1, Qt.SortOrder.DescendingOrder),
                )
            )
            / 2
        ),
    )

    def filtered(typed: str) -> float:
        return timed(lambda: (proxy.setFilterFixedString(typed), proxy.setFilterFixedString(""))) / 2

    filter_times = [best(2, lambda: filtered(typed)) for typed in (needle, *more_needles)]  # noqa: B023
    table.close()
    return populate_time, sort_time, *filter_times


# --- the window ---------------------------------------------------------------------------------


def open_window(path: Path, folder: Path):  # type: ignore[no-untyped-def]
    settings = QSettings(str(folder / f"settings-{path.stem}.ini"), QSettings.Format.IniFormat)
    window = create_window(path, settings)
    window.show()
    QApplication.processEvents()
    wait_for_suggestions(window)
    return window


def wait_for_suggestions(window) -> None:  # type: ignore[no-untyped-def]
    """The open document has its suggestions computed on a worker thread (1-3 s for 1-5 MB, holding
    the GIL most of that time): waited for, so the figures time each action, not the action beside
    that worker. A user who opens another document within those seconds waits longer."""
    deadline = time.perf_counter() + 60  # a worker that failed fills no cache: stop waiting for it
    while (
        window.document_id is not None
        and window.document_id not in window.suggestions.cache
        and time.perf_counter() < deadline
    ):
        QApplication.processEvents()
        time.sleep(0.01)


def bench_claims(folder: Path, sizes: list[int], runs: int) -> None:
    rng = random.Random(3)
    text = prose(rng, 1_000_000)
    for count in sizes:
        path = folder / f"claims-{count}.sqlite"
        big, small = make_project(path, [text, "A short note."], [count, 0])
        spans = [(int(r[2]), int(r[3])) for r in claim_rows(big, text, min(count, 10_000), random.Random(4))]
        formatted = best(1, lambda: plain_open(text, spans))
        window = open_window(path, folder)

        def app_open() -> float:
            window.open_document(small)
            QApplication.processEvents()
            began = time.perf_counter()
            window.open_document(big)
            window.document_view.viewport().repaint()
            window.panel.list.viewport().repaint()
            return time.perf_counter() - began

        opened, raw = best_alternately(runs, app_open, lambda: plain_open(text, None))
        size = f"1 MB/{count // 1000}k claims"
        record("open a document", size, opened, raw, "setPlainText+paint", "target <= 3x")
        span_note = "" if count <= 10_000 else " (10k spans)"
        record("open a document vs per-span format", size, opened, formatted, "mergeCharFormat" + span_note)
        wait_for_suggestions(window)  # the opens above started them for the claims' document
        record(
            "scroll the document a page",
            size,
            scrolled(window.document_view, runs),
            plain_scroll(text, window.document_view, runs),
            "QPlainTextEdit",
        )

        tag_raw = best(runs, lambda: raw_tag(path, big, text))
        for filtered in (False, True):
            # Through the filter bar, as a user sets it: the window then re-filters after every edit.
            window.panel.filter_bar.set_filter(
                ClaimFilter(kinds=frozenset({"factual", "quote"})) if filtered else ClaimFilter()
            )
            QApplication.processEvents()
            label = " (claim filter on)" if filtered else ""
            tag_time, undo_time = tag_and_undo(window, text, runs)
            record(
                "tag one claim -> highlight" + label, size, tag_time, tag_raw, "write+paint", "target < 30 ms"
            )
            record("undo the tag" + label, size, undo_time, tag_raw, "write+paint", "target < 30 ms")
        window.panel.filter_bar.set_filter(ClaimFilter())

        model = window.panel.model
        view = window.panel.list
        rows = [
            tuple(model.data(model.index(r, c)) for c in range(len(model.HEADERS)))
            for r in range(model.rowCount())
        ]
        # The Cyrillic needle is folded by Python per row (SQLite's lower() folds ASCII only), the
        # proxy by Qt in C++: the dearer of the app's two filter paths against the same baseline.
        plain_populate, plain_sort, plain_filter, plain_cyrillic = plain_list_figures(
            rows, len(model.HEADERS), "minsk", "минск"
        )
        plain_page = plain_list_scroll(rows, len(model.HEADERS), view, runs)
        del rows
        gc.collect()  # the plain models' 600,000 items are freed here, not inside a timing below
        window.open_document(small)
        QApplication.processEvents()
        populate = timed(lambda: (window.open_document(big), window.panel.list.viewport().repaint()))
        record("claim list: fill on opening", size, populate, plain_populate, "plain model reset+paint")
        # Each page further down is read from SQL as it comes on screen (claim_list_model.PAGE rows).
        record("claim list: scroll a page", size, scrolled(view, runs), plain_page, "plain model")
        # Back to the top, as the rows below time a list a user has just opened: a list scrolled half-way
        # down has its sorted page read at an offset of 50,000 rows (0.7 s at 100k, the proxy's time).
        view.scrollToTop()
        QApplication.processEvents()
        held_after: list[float] = []

        def first_sort() -> float:
            # From text order: the first page painted, as the user sees it; the sorted rows are held
            # on the event loop's next turn (claim_list_model.ClaimListModel.settle), timed apart.
            view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
            QApplication.processEvents()
            began = time.perf_counter()
            view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
            view.viewport().repaint()
            shown = time.perf_counter() - began
            held_after.append(timed(lambda: None))
            return shown

        sort_time = best(2, first_sort)
        record(
            "claim list: sort by quote", size, sort_time, plain_sort, "QSortFilterProxyModel", "target <= 3x"
        )
        record(
            "claim list: sorted rows held after the paint",
            size,
            min(held_after),
            plain_sort,
            "QSortFilterProxyModel",
        )
        reverse = best(
            2,
            lambda: (
                timed(
                    lambda: (
                        view.sortByColumn(1, Qt.SortOrder.DescendingOrder),
                        view.sortByColumn(1, Qt.SortOrder.AscendingOrder),
                    )
                )
                / 2
            ),
        )
        record("claim list: reverse the sort", size, reverse, plain_sort, "QSortFilterProxyModel")
        box = window.panel.findChild(object, "claimFilterText")
        if box is not None:
            panel = window.panel

            def typed(needle: str) -> float:
                # The list filters once typing pauses (claim_panel.FILTER_PAUSE_MS): timed from the
                # pause, as the user waits for it, to the list painted; then cleared, at once.
                box.setText(needle)
                began = time.perf_counter()
                panel._apply_text_filter()
                view.viewport().repaint()
                box.setText("")
                view.viewport().repaint()
                return (time.perf_counter() - began) / 2

            for label, needle, baseline in (
                ("claim list: type a filter", "minsk", plain_filter),
                ("claim list: type a filter, Cyrillic", "минск", plain_cyrillic),
            ):
                record(
                    label,
                    size,
                    best(2, lambda: typed(needle)),  # noqa: B023  (called at once, in this turn)
                    baseline,
                    "QSortFilterProxyModel",
                    "target <= 3x",
                )
        window.close()
        window.deleteLater()
        QApplication.processEvents()


def bench_big_document(folder: Path, runs: int) -> None:
    """Opening a 5 MB document with 10,000 claims, against setPlainText + paint of the same text."""
    text = prose(random.Random(12), 5_000_000)
    path = folder / "claims-5mb.sqlite"
    big, small = make_project(path, [text, "A short note."], [10_000, 0])
    window = open_window(path, folder)

    def app_open() -> float:
        window.open_document(small)
        QApplication.processEvents()
        began = time.perf_counter()
        window.open_document(big)
        window.document_view.viewport().repaint()
        window.panel.list.viewport().repaint()
        return time.perf_counter() - began

    opened, raw = best_alternately(runs, app_open, lambda: plain_open(text, None))
    record("open a document", "5 MB/10k claims", opened, raw, "setPlainText+paint", "target <= 2x")
    window.close()
    window.deleteLater()
    QApplication.processEvents()


def raw_tag(path: Path, document_id: str, text: str) -> float:
    """Insert one claim row in its own transaction, then repaint a plain editor showing the text."""
    editor = QPlainTextEdit()
    editor.setPlainText(text[:20_000])
    editor.show()
    QApplication.processEvents()
    conn = sqlite3.connect(path, isolation_level=None)
    began = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    row = claim_rows(document_id, text, 1, random.Random(9))[0]
    conn.execute(_CLAIM_SQL, row)
    conn.execute("COMMIT")
    editor.viewport().repaint()
    elapsed = time.perf_counter() - began
    conn.execute("DELETE FROM claims WHERE id = ?", [row[0]])
    conn.close()
    editor.close()
    return elapsed


class PaintCount(QObject):
    """Counts the paint events of the widget it filters."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def tag_and_undo(window, text: str, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Tag and undo until the highlight is painted: the events the edit posted are handled (the
    window's widgets repainted), and the document is repainted if that did not paint it."""
    view = window.document_view
    paints = PaintCount()
    view.viewport().installEventFilter(paints)

    def until_painted(began: float) -> float:
        painted = paints.count
        QApplication.processEvents()
        if paints.count == painted:  # not painted by the events handled: painted here
            view.viewport().repaint()
        return time.perf_counter() - began

    tags, undos = [], []
    for attempt in range(runs):
        cursor = view.textCursor()
        cursor.setPosition(view.offsets.to_utf16(100 + attempt * 50))
        cursor.setPosition(view.offsets.to_utf16(160 + attempt * 50), QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        QApplication.processEvents()
        began = time.perf_counter()
        window.tag_selection("factual")
        tags.append(until_painted(began))
        began = time.perf_counter()
        window.session.undo_stack.undo()
        undos.append(until_painted(began))
    view.viewport().removeEventFilter(paints)
    return min(tags), min(undos)


def bench_documents(folder: Path, sizes: list[int], runs: int, document_chars: int) -> None:
    rng = random.Random(5)
    for count in sizes:
        path = folder / f"documents-{count}.sqlite"
        make_project(path, [prose(rng, document_chars) for _ in range(count)], [10] * count)
        size = f"{count // 1000 or count}{'k' if count >= 1000 else ''} docs/{count * 10 // 1000}k claims"
        megabytes = path.stat().st_size / 1e6
        cold_start(path, drop_cache=False)  # untimed: compiles the bytecode the timed starts read
        bare = best(runs, lambda: cold_start(None, drop_cache=False)[0])
        warm = [cold_start(path, drop_cache=False) for _ in range(runs)]
        cold = [cold_start(path, drop_cache=True) for _ in range(runs)]
        record(
            "cold start to a usable window",
            size,
            min(usable for usable, _counted in warm),
            bare,
            "bare window",
            "target < 1 s",
        )
        record(
            "cold start, file not in cache",
            size,
            min(usable for usable, _counted in cold),
            bare,
            "bare window",
        )
        record(
            "cold start, claim counts in the list",
            size,
            min(counted for _usable, counted in warm),
            bare,
            "bare window",
        )
        record(
            "cold start, counts, file not in cache",
            size,
            min(counted for _usable, counted in cold),
            bare,
            "bare window",
        )
        window = open_window(path, folder)
        doc_list = window.document_list
        model = doc_list.model
        rows = [
            tuple(model.data(model.index(r, c)) for c in range(len(model.HEADERS)))
            for r in range(model.rowCount())
        ]
        plain_populate, plain_sort, plain_filter = plain_list_figures(rows, len(model.HEADERS), "report 1")
        populate = best(
            runs, lambda: timed(lambda: (window._reload_documents(), doc_list.table.viewport().repaint()))
        )
        record("document list: load", size, populate, plain_populate, "plain model reset")
        table = doc_list.table
        sort_time = best(
            2,
            lambda: (
                timed(
                    lambda: (
                        table.sortByColumn(0, Qt.SortOrder.AscendingOrder),
                        table.sortByColumn(0, Qt.SortOrder.DescendingOrder),
                    )
                )
                / 2
            ),
        )
        record(
            "document list: sort by title",
            size,
            sort_time,
            plain_sort,
            "QSortFilterProxyModel",
            "target <= 3x",
        )
        keys = "report 1"
        typing = best(
            2,
            lambda: (
                timed(
                    lambda: (
                        [doc_list.filter.setText(keys[: i + 1]) for i in range(len(keys))]
                        + [doc_list.filter.setText("")]
                    )
                )
                / (len(keys) + 1)
            ),
        )
        record(
            "document list: type in the filter, per key",
            size,
            typing,
            plain_filter,
            "QSortFilterProxyModel",
            "target <= 3x",
        )
        project = window.session.project
        for label, query in (
            ("common word", "president"),
            ("prefix", "presid*"),
            ("phrase", '"said the"'),
            ("rare word", RARE),
            ("CJK", "白俄罗斯"),
            ("CJK, two characters", "战争"),
        ):
            expression = search.match_expression(query)
            # The raw query of the index the search uses: Chinese goes to the trigram index.
            table = "search_trigram" if script_search.is_spaceless(query) else "search_index"
            raw_sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rank LIMIT 50"
            raw_name = "FTS5 MATCH LIMIT 50" if table == "search_index" else "trigram MATCH LIMIT 50"
            short = script_search.is_spaceless(query) and not script_search.matchable(query)
            if short:
                # Too short for a trigram: a scan of the indexed texts, newest first, up to the window.
                raw_sql = (
                    "SELECT rowid FROM search_trigram WHERE instr(title, ?1) > 0 OR instr(meta, ?1) > 0"
                    f" OR instr(body, ?1) > 0 ORDER BY rowid DESC LIMIT {search.RANK_WINDOW}"
                )
                expression, raw_name = query, f"instr scan, newest {search.RANK_WINDOW}"
            raw = best(runs, lambda: timed(lambda: project.conn.execute(raw_sql, [expression]).fetchall()))
            found = best(runs, lambda: timed(lambda: search.search(project, query)))
            record(
                f"search: {label}",
                f"{size}/{megabytes:.0f} MB",
                found,
                raw,
                raw_name,
                "target < 50 ms" if label == "common word" else "",
            )
            if short:
                continue
            matched = project.conn.execute(
                f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", [expression]
            ).fetchone()[0]
            if matched > search.RANK_WINDOW:
                # A query this common is ranked among its RANK_WINDOW newest matches: the same by SQL.
                window_sql = (
                    f"SELECT rowid FROM (SELECT rowid, rank FROM {table} WHERE {table} MATCH ?"
                    " ORDER BY rowid DESC LIMIT ?) ORDER BY rank LIMIT 50"
                )
                window_raw = best(
                    runs,
                    lambda: timed(
                        lambda: project.conn.execute(window_sql, [expression, search.RANK_WINDOW]).fetchall()
                    ),
                )
                record(
                    f"search: {label}, vs its ranked window",
                    f"{size}/{megabytes:.0f} MB",
                    found,
                    window_raw,
                    f"{'FTS5' if table == 'search_index' else 'trigram'} newest {search.RANK_WINDOW} by rank",
                )
        window.close()
        window.deleteLater()
        QApplication.processEvents()


_START = """
import json, sys
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMainWindow
if len(sys.argv) > 1:
    from annotator.gui.web_engine import prepare_web_engine
    prepare_web_engine()  # as run_gui does, before the QApplication
app = QApplication([])
if len(sys.argv) > 1:
    from pathlib import Path
    from annotator.gui.app import create_window
    window = create_window(Path(sys.argv[1]), QSettings(sys.argv[2], QSettings.Format.IniFormat))
else:
    window = QMainWindow()
window.show()
app.processEvents()
# What makes it usable, for the parent to check: the list filled, a document's text on screen.
usable = {"visible": window.isVisible()}
if len(sys.argv) > 1:
    usable |= {"documents": window.document_list.model.rowCount(), "text": len(window.document_view.text)}
print(json.dumps(usable), flush=True)  # the parent's clock stops when it reads this line
if len(sys.argv) > 1:
    # The list's claim counts fill in once the window is on screen: the second line says when.
    while not window.document_list.model.counted:
        app.processEvents()
    print("{}", flush=True)
# Closed as a user closes it: a project left open leaves its -wal behind, the mark of a crash, and the
# next start would then run the full integrity check.
window.close()
"""


def cold_start(path: Path | None, drop_cache: bool) -> tuple[float, float]:
    """Seconds from starting a fresh interpreter to its window shown and usable (the document list
    filled, the last document's text on screen), as the parent reads the child's word that it is; and
    to the list's claim counts shown, which come after the first paint. The child's closing and exit
    come after the clocks stop (its window is gone by then: nobody waits for that), though the parent
    waits for them so runs never overlap."""
    args = [sys.executable, "-c", _START]
    if path is not None:
        if drop_cache:
            # Evict the project's pages from the OS file cache (no root needed): a first open after a reboot.
            fd = os.open(path, os.O_RDONLY)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            os.close(fd)
        args += [str(path), str(path.with_suffix(".ini"))]
    began = time.perf_counter()
    with subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_child_environment()
    ) as child:
        assert child.stdout is not None
        line = child.stdout.readline()
        usable_after = time.perf_counter() - began
        counted = child.stdout.readline() if path is not None else line
        counted_after = time.perf_counter() - began
        child.stdout.read()
    if child.returncode != 0 or not line or not counted:
        raise RuntimeError(f"the start failed (exit status {child.returncode})")
    usable = json.loads(line)
    if not usable["visible"] or (path is not None and not (usable["documents"] and usable["text"])):
        raise RuntimeError(f"the window was not usable when shown: {usable}")
    return usable_after, counted_after


def _child_environment() -> dict[str, str]:
    """The environment a start runs in, with compiled bytecode as an installed annotator has (pip
    compiles a wheel's modules as it installs them): a PYTHONDONTWRITEBYTECODE environment would
    otherwise compile every module of annotator from source at every start (0.1-0.3 s here). The
    bytecode goes to a folder of its own, which the first (untimed) start fills."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "annotator-bench-pycache")
    return env


def bench_import(folder: Path, sizes: list[int], runs: int) -> None:
    rng = random.Random(6)
    for count in sizes:
        files = folder / f"import-{count}"
        files.mkdir()
        texts = [prose(rng, 2000) + f" {number}" for number in range(count)]
        for number, text in enumerate(texts):
            (files / f"{number:05d}.txt").write_text(text, encoding="utf-8")
        paths = sorted(files.iterdir())

        def through_ops() -> float:
            target = folder / f"imported-{count}-{time.perf_counter_ns()}.sqlite"
            with open_project(target) as project:
                began = time.perf_counter()
                import_paths(project, paths)
                return time.perf_counter() - began

        def raw_insert(with_fts: bool) -> float:
            target = folder / f"raw-{count}-{with_fts}-{time.perf_counter_ns()}.sqlite"
            with open_project(target) as project:
                if not with_fts:
                    for (name,) in project.conn.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search_%'"
                    ).fetchall():
                        project.conn.execute(f"DROP TRIGGER {name}")
                began = time.perf_counter()
                with project.transaction():
                    rows = [
                        document_row(rng, n, path.read_text(encoding="utf-8")) for n, path in enumerate(paths)
                    ]
                    project.conn.executemany(_DOC_SQL, rows)
                return time.perf_counter() - began

        imported = best(runs, through_ops)
        size = f"{count} small files"
        record(
            "import files", size, imported, best(runs, lambda: raw_insert(True)), "insert+FTS", "target <= 3x"
        )
        record(
            "import files vs bare insert",
            size,
            imported,
            best(runs, lambda: raw_insert(False)),
            "bare insert",
        )


def bench_merge(folder: Path, sizes: list[int], runs: int) -> None:
    """Merge a colleague's claims (their own import of the same documents), and merge again (a no-op),
    against INSERT ... SELECT of the same rows from the attached file and a read-only pass over both."""
    import bench_merge as merging  # the merge benchmark's project builders, in this folder

    from annotator.ops.annotators import ensure_annotator
    from annotator.ops.merge import merge_project, unmerge

    texts = merging._texts()
    for count in sizes:
        theirs_path, ours_path = folder / f"theirs-{count}.sqlite", folder / f"ours-{count}.sqlite"
        with open_project(theirs_path) as theirs:
            colleague = ensure_annotator(theirs, "Colleague")
            their_documents = merging._add_documents(theirs, texts)
            merging._insert_claims(theirs, merging._claim_rows(their_documents, texts, count, colleague))
        with open_project(ours_path) as ours:
            our_documents = merging._add_documents(ours, texts)
        columns = ", ".join(f'"{name}"' for name in merging.CLAIM_COLUMNS)
        chosen = ", ".join("m.ours" if n == "document_id" else f'c."{n}"' for n in merging.CLAIM_COLUMNS)

        def insert_select() -> float:
            # The rows the merge writes, by SQLite alone: their claims, documents mapped to ours.
            copy = folder / f"raw-merge-{count}-{time.perf_counter_ns()}.sqlite"
            shutil.copy(ours_path, copy)
            with open_project(copy) as raw:
                conn = raw.conn
                conn.execute("ATTACH DATABASE ? AS theirs", [str(theirs_path)])
                began = time.perf_counter()
                with raw.transaction():
                    conn.execute("CREATE TEMP TABLE m (theirs TEXT PRIMARY KEY, ours TEXT)")
                    conn.executemany(
                        "INSERT INTO m VALUES (?, ?)", zip(their_documents, our_documents, strict=True)
                    )
                    conn.execute("INSERT INTO annotators SELECT * FROM theirs.annotators")
                    conn.execute(
                        f"INSERT INTO claims ({columns}) SELECT {chosen} FROM theirs.claims c "
                        "JOIN m ON m.theirs = c.document_id"
                    )
                elapsed = time.perf_counter() - began
                conn.execute("DETACH DATABASE theirs")
            return elapsed

        def attached_pass(work: Callable[[sqlite3.Connection], object]) -> float:
            """The time of `work` on a plain connection to ours with theirs attached."""
            conn = sqlite3.connect(ours_path)
            conn.execute("ATTACH DATABASE ? AS theirs", [str(theirs_path)])
            began = time.perf_counter()
            work(conn)
            elapsed = time.perf_counter() - began
            conn.close()
            return elapsed

        def read_pass() -> float:
            return attached_pass(
                lambda conn: (
                    conn.execute("SELECT * FROM theirs.claims").fetchall(),
                    conn.execute("SELECT * FROM main.claims").fetchall(),
                )
            )

        # Their claims compared with ours column by column in one SQL pass, nothing fetched into Python:
        # the least a "nothing new" answer costs for the claims alone (the merge also attaches and checks
        # their file and looks at every other table).
        differs = " OR ".join(
            f'm."{n}" IS NOT c."{n}"' for n in merging.CLAIM_COLUMNS if n not in ("id", "document_id")
        )
        compare_sql = (
            f"SELECT count(*) FROM theirs.claims c LEFT JOIN main.claims m ON m.id = c.id"
            f" WHERE m.id IS NULL OR {differs}"
        )

        def compare_pass() -> float:
            return attached_pass(lambda conn: conn.execute(compare_sql).fetchone())

        def merges() -> tuple[float, float, float, float]:
            with open_project(ours_path) as ours:
                me = ensure_annotator(ours, "Me")
                began = time.perf_counter()
                first = merge_project(ours, theirs_path, me)
                first_time = time.perf_counter() - began
                # The baseline of merging again reads both claim tables as they are then: ours holds
                # their claims by now (read after the unmerge, it read an empty table of ours).
                read_time = read_pass()
                compare_time = compare_pass()
                began = time.perf_counter()
                again = merge_project(ours, theirs_path, me)
                again_time = time.perf_counter() - began
                assert first.figures()["claims"] == count and not again.changed
                unmerge(ours, first)
            return first_time, again_time, read_time, compare_time

        timings = [merges() for _ in range(runs)]
        size = f"{count // 1000}k claims"
        record(
            "merge a colleague's project",
            size,
            min(t[0] for t in timings),
            best(runs, insert_select),
            "INSERT...SELECT",
            "target <= 3x",
        )
        record(
            "merge it again (nothing new)",
            size,
            min(t[1] for t in timings),
            min(t[2] for t in timings),
            "read both claim tables",
            "target <= 3x",
        )
        record(
            "merge it again, vs comparing in SQL",
            size,
            min(t[1] for t in timings),
            min(t[3] for t in timings),
            "claims compared in SQL",
        )


def bench_export(folder: Path, sizes: list[int], runs: int) -> None:
    """Every export format, against a raw read of the rows a report shows (bench_export.py's baseline)."""
    import bench_export as exporting  # the export benchmark's project builder and baseline

    from annotator.export.formats import FORMATS, export
    from annotator.export.model import ReportFilter

    for count in sizes:
        path = folder / f"export-{count}.sqlite"
        exporting.make_project(path, count)
        raw = best(runs, lambda: timed(lambda: exporting.raw_read(path)))
        size = f"{count // 1000}k claims"
        with open_project(path) as project:
            for name in FORMATS:
                if name == "pdf" and count > 10_000:
                    continue  # laying out 100k claims' pages takes minutes; bench_export.py times it
                seconds = best(
                    1 if name == "pdf" else runs,
                    lambda: timed(lambda: export(project, name, ReportFilter())),
                )
                record(f"export {name}", size, seconds, raw, "raw read of the rows", "")


_MEMORY = """
import sys
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QPlainTextEdit
app = QApplication([])
if sys.argv[1] == "plain":
    from annotator.store.project import open_project
    with open_project(Path(sys.argv[2])) as project:
        text = project.conn.execute("SELECT text FROM documents ORDER BY length DESC").fetchone()[0]
    editor = QPlainTextEdit()
    editor.setPlainText(text)
    editor.show()
else:
    from annotator.gui.app import create_window
    window = create_window(Path(sys.argv[2]), QSettings(sys.argv[3], QSettings.Format.IniFormat))
    window.show()
app.processEvents()
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the (large) benchmark process across exec.
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(int(peak.split()[1]) / 1024, flush=True)
if sys.argv[1] != "plain":
    window.close()
"""


def bench_memory(folder: Path, claims: int) -> None:
    path = folder / "memory.sqlite"
    make_project(path, [prose(random.Random(8), 20_000_000)], [claims])
    ini = str(path.with_suffix(".ini"))

    def peak(kind: str) -> float:
        output = subprocess.run(
            [sys.executable, "-c", _MEMORY, kind, str(path), ini], capture_output=True, text=True, check=True
        ).stdout
        return float(output.split()[-1])

    app, plain = peak("app"), peak("plain")
    ROWS.append(
        Row(
            "peak memory",
            f"20 MB/{claims // 1000}k claims",
            app,
            plain,
            "setPlainText",
            "target < 300 MB",
            "MB",
        )
    )
    print(
        f"{'peak memory':<42} {ROWS[-1].size:>14} {app:9.0f} MB  setPlainText {plain:8.0f} MB  "
        f"ratio {app / plain:6.2f}x  target < 300 MB",
        flush=True,
    )


def markdown() -> str:
    lines = [
        f"Measured by `benchmarks/bench_scale.py` on {platform.machine()} with {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}, offscreen Qt.",
        "",
        "| what the user feels | size | annotator | raw baseline (same run) | ratio | target |",
        "|---|---|---|---|---|---|",
    ]
    for row in ROWS:
        scale = 1000 if row.unit == "ms" else 1
        lines.append(
            f"| {row.what} | {row.size} | {row.value * scale:.1f} {row.unit} | {row.baseline_name} "
            f"{row.baseline * scale:.1f} {row.unit} | {row.value / row.baseline:.2f}x | {row.target} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="stop at 10k claims and 1k documents")
    parser.add_argument("--markdown", action="store_true", help="also print the README table")
    parser.add_argument(
        "--only", choices=("claims", "documents", "import", "merge", "export", "memory"), action="append"
    )
    parser.add_argument(
        "--document-kb", type=int, default=4, help="size of each listed document (10 = 100 MB)"
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    claim_sizes = [1000, 10_000] if args.quick else [1000, 10_000, 100_000]
    document_sizes = [100, 1000] if args.quick else [100, 1000, 10_000]
    import_sizes = [100, 1000] if args.quick else [100, 1000, 10_000]
    only = set(args.only or ("claims", "documents", "import", "merge", "export", "memory"))
    QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="annotator-scale-") as name:
        folder = Path(name)
        if "claims" in only:
            bench_claims(folder, claim_sizes, args.runs)
            bench_big_document(folder, args.runs)
        if "documents" in only:
            bench_documents(folder, document_sizes, args.runs, args.document_kb * 1000)
        if "import" in only:
            bench_import(folder, import_sizes, args.runs)
        if "merge" in only:
            bench_merge(folder, claim_sizes, args.runs)
        if "export" in only:
            bench_export(folder, claim_sizes, args.runs)
        if "memory" in only:
            bench_memory(folder, claim_sizes[-1])
    if args.markdown:
        print()
        print(markdown())


if __name__ == "__main__":
    main()
