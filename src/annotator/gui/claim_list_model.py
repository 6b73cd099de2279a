"""Qt table model of one document's claims, for the annotation panel's list: sortable by every column,
filtered by text and by the claim filter, read from SQL a page at a time, so 100,000 claims open, sort,
filter and take a new tag without a Python object per claim."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication

from annotator.domain.filters import ClaimFilter
from annotator.domain.models import Claim
from annotator.domain.spans import ClaimSpan
from annotator.gui.style import kind_colour, text_on, verdict_colour
from annotator.gui.table_model import HeaderedTableModel
from annotator.store.claim_list_queries import ClaimListRow, ClaimListRows
from annotator.store.project import Project

ModelIndex = QModelIndex | QPersistentModelIndex

# From this many claims a new order or filter may take a noticeable moment (0.1-0.3 s at 100,000): the
# pointer shows it is busy meanwhile rather than the window seeming frozen.
BUSY_FROM = 20_000

# Rows read by one query when the view shows a row not read yet: a couple of screenfuls, so scrolling
# asks the database once per page, not once per row (and a tag re-reads only the page on screen).
PAGE = 64
# Pages kept; beyond that the least recently read go (a long scroll does not grow without end).
_KEPT_PAGES = 40
# More claims than this coming or going at once (an import, a merge's undo) relayout the list instead
# of announcing each row.
_ONE_BY_ONE = 20

# The roles data() answers; every other role a view asks is None.
_ANSWERED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.UserRole,
    }
)


class ClaimListModel(HeaderedTableModel):
    """Rows are counted and read by SQL (store.claim_list_queries.ClaimListRows) in the list's order and
    under its filters; the model keeps only the pages the view has shown since the last change.

    Edits arrive as claims added, removed or changed: each becomes one row inserted, removed, moved or
    repainted at the row SQL reports, so a tag costs the same with 10 claims or 100,000. Sorting and
    filtering are layout changes that carry the selection (persistent indexes) to the claims' new rows.
    """

    HEADERS = ("Kind", "Quote", "Claimant", "Stated", "Anchor", "By", "Verdict")
    SORT_COLUMNS = ("kind", "quote", "claimant", "stated", "anchor", "by", "verdict")
    VERDICT_COLUMN = 6

    def __init__(self, project: Project | None = None) -> None:
        super().__init__()
        self.project = project
        self.rows = ClaimListRows(project) if project is not None else None
        self._count = 0  # the row count the views know (changes between begin/end of each edit)
        self._pages: dict[int, list[ClaimListRow]] = {}
        self._before: Callable[[int], int | ClaimListRow | None] | None = None  # see _announce_inserts
        self.actor_names: dict[str, str] = {}
        self.annotators: dict[str, tuple[str, str]] = {}  # id -> (name, colour)
        self.text_filter = ""
        self.verdicts: dict[str, str] = {}  # claim id -> its published verdict, as the list shows it
        self.verdict_labels: dict[str, str] = {}  # claim id -> its published verdict's label (colour)
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder
        # A list just sorted shows its first page read live; its rows are held once the window has
        # painted it (the next turn of the event loop), before the user scrolls or tags.
        self._settling = QTimer(self)
        self._settling.setSingleShot(True)
        self._settling.setInterval(0)
        self._settling.timeout.connect(self.settle)

    @property
    def document_id(self) -> str | None:
        return self.rows.document_id if self.rows is not None else None

    @property
    def extra_ids(self) -> list[str]:
        return self.rows.extra_ids if self.rows is not None else []

    # --- rows in ----------------------------------------------------------------------------

    def set_claims(self, document_id: str | None, extra_ids: list[str] | None = None) -> None:
        """Show a document's claims plus `extra_ids` listed with it (anchored in an earlier version)."""
        self.beginResetModel()
        self._pages = {}
        if self.rows is not None:
            # Sorted or filtered, the document's claims are read again under the list's settings.
            with busy(bool(self.rows.text or self.rows.claim_filter.active)):
                self.rows.set_document(document_id, extra_ids or [])
            self._count = self.rows.count
        self.endResetModel()
        self._settle_later()

    def _settle_later(self) -> None:
        if self.rows is not None and self.rows.live:
            self._settling.start()

    def stop_settling(self) -> None:
        """The project is closing: the rows of a list read live are not to be held after all."""
        self._settling.stop()

    def settle(self) -> None:
        """Hold the rows of a list read live (store.claim_list_queries.ClaimListRows.live): its order,
        count and rows stay as shown."""
        if self.rows is not None and self.rows.live:
            with busy(self.rows.total >= BUSY_FROM):
                self.rows.settle()

    def add_claims(self, added: list[Claim]) -> None:
        if self.rows is None or not added:
            return
        ids = [claim.id for claim in added]
        if len(ids) > _ONE_BY_ONE:
            self._relayout(lambda rows: rows.add(ids))
            return
        rows = self.rows
        rows.add(ids)
        self._announce_inserts([position for position in map(rows.position, ids) if position >= 0])
        self._settle()

    def remove_claims(self, removed_ids: list[str]) -> None:
        if self.rows is None or not removed_ids:
            return
        positions = [self._position_before_removal(claim_id) for claim_id in removed_ids]
        if len(removed_ids) > _ONE_BY_ONE or None in positions:
            self._relayout(lambda rows: rows.remove(removed_ids))
            return
        leaving = {p: self._row(p) for p in positions if p is not None and p >= 0}
        self.rows.remove(removed_ids, [row for row in leaving.values() if row is not None])
        self._announce_removals(leaving)
        self._settle()

    def _position_before_removal(self, claim_id: str) -> int | None:
        """Where a claim being removed is listed (-1: not listed); None when that cannot be told.

        Its row's key comes from the page it was shown on (a removed claim is nearly always one on
        screen). Otherwise, sorted or filtered, the held rows still have it; in text order its claim row
        is gone already, and the list is laid out again instead."""
        assert self.rows is not None
        shown = self._cached(claim_id)
        if shown is not None:
            return self.rows.rows_before(self.rows.key_of(shown))
        return self.rows.position(claim_id) if self.rows.held and not self.rows.live else None

    def _cached(self, claim_id: str) -> ClaimListRow | None:
        for page in self._pages.values():
            for row in page:
                if row.id == claim_id:
                    return row
        return None

    def replace_claim(self, claim: Claim) -> None:
        """A claim was edited: repaint its row, or move it, or show or hide it under the filters."""
        self.refresh_claims([claim.id])

    def refresh_claims(self, claim_ids: Iterable[str]) -> None:
        """Claims may have changed (fields, verdicts, links to events): put each where it now belongs."""
        if self.rows is None:
            return
        rows = self.rows
        claim_ids = list(claim_ids)
        if rows.live and any(self._cached(claim_id) is None for claim_id in claim_ids):
            # Read live, a claim not on screen has no row of before the change to move from: the list
            # is laid out again (only in the moment between a sort and its rows being held).
            self._relayout(lambda _rows: None)
            return
        for claim_id in claim_ids:
            if self._cached(claim_id) is None and not rows.is_listed(claim_id):
                continue  # deleted (its row went with claimsChanged), or another document's
            before = self._shown_row(claim_id)
            shown = self._row(before) if before >= 0 else None  # read while the row is still there
            rows.refresh([claim_id], [shown] if shown is not None else [])
            after = rows.position(claim_id)
            if before == after:
                if after >= 0:
                    self._read_again(after)
                    self.dataChanged.emit(self.index(after, 0), self.index(after, len(self.HEADERS) - 1))
            elif before < 0:
                self._announce_inserts([after])
            elif after < 0:
                self._announce_removals({before: shown})
            else:
                self._move(before, after)
        self._settle()

    def _read_again(self, row: int) -> None:
        """Read one kept row again: dropping its page would read all 64 rows at the next paint, about
        0.8 ms of a tag with the claim filter on (the filter looks at the new claim again)."""
        assert self.rows is not None
        number, offset = divmod(row, PAGE)
        page = self._pages.get(number)
        if page is None:
            return
        fresh = self.rows.page(row, 1)
        if fresh and offset < len(page):
            page[offset] = fresh[0]
        else:
            del self._pages[number]

    def _shown_row(self, claim_id: str) -> int:
        """The row a claim is shown at now, as the view knows it (before the change reaches SQL)."""
        assert self.rows is not None
        for number, page in self._pages.items():
            for offset, row in enumerate(page):
                if row.id == claim_id:
                    return number * PAGE + offset
        return self.rows.position(claim_id)

    # SQL has every change before the views hear of it (the operation committed, then signalled). Between
    # a begin… and its end… the views (and Qt's model tester) may still read rows as they were: `_before`
    # maps such a row to the row SQL now has in its place, or to the row itself when SQL has it no more.

    def _announce_inserts(self, positions: list[int]) -> None:
        # In the order of their rows, so each lands where the ones before it already are.
        waiting = sorted(positions)
        while waiting:
            self._before = lambda row, later=tuple(waiting): _past_inserts(row, later)
            self.beginInsertRows(QModelIndex(), waiting[0], waiting[0])
            self._announced(+1)
            self.endInsertRows()
            waiting.pop(0)

    def _announce_removals(self, leaving: dict[int, ClaimListRow | None]) -> None:
        # From the last row up, so each position still holds when its turn comes.
        waiting = sorted(leaving)
        while waiting:
            self._before = lambda row, left=tuple(waiting): (
                leaving[row] if row in left else _past_removals(row, left)
            )
            self.beginRemoveRows(QModelIndex(), waiting[-1], waiting[-1])
            self._announced(-1)
            self.endRemoveRows()
            waiting.pop()

    def _move(self, before: int, after: int) -> None:
        def moved_back(row: int) -> int:
            if row == before:
                return after
            rank = row - (1 if row > before else 0)
            return rank + (1 if rank >= after else 0)

        self._before = moved_back
        # Qt's destination is the row it goes before, counted before the move.
        destination = after + 1 if after > before else after
        self.beginMoveRows(QModelIndex(), before, before, QModelIndex(), destination)
        self._announced(0)
        self.endMoveRows()

    def _announced(self, rows: int) -> None:
        self._before = None
        self._pages = {}
        self._count += rows

    def _settle(self) -> None:
        # The count the views were told must be the one SQL has; if not (a claim read between two
        # signals, another window's change), the list is laid out again rather than left wrong.
        if self.rows is not None and self._count != self.rows.count:
            self._relayout(lambda _rows: None)

    def set_annotators(self, annotators: dict[str, tuple[str, str]]) -> None:
        self.annotators = annotators
        self._names_changed(5, "by")

    def set_actor_names(self, actor_names: dict[str, str]) -> None:
        self.actor_names = actor_names
        self._names_changed(2, "claimant")

    def _names_changed(self, column: int, sort_name: str) -> None:
        # Names are sort keys and text filter matches: only then is the list read again.
        if self.rows is not None and (self.rows.column == sort_name or self.rows.text):
            self._relayout(lambda rows: rows.rebuild())
        elif self._count:
            self.dataChanged.emit(self.index(0, column), self.index(self._count - 1, column))

    def set_verdicts(self, verdicts: dict[str, str], labels: dict[str, str] | None = None) -> None:
        """The published verdict per claim ("Confirmed", "Confirmed +1 proposal", "1 proposal"), and its
        label ("confirmed"), which colours the cell as the highlights are coloured by verdict."""
        labels = labels or {}
        changed = {
            claim_id
            for claim_id in {*verdicts, *self.verdicts, *labels, *self.verdict_labels}
            if verdicts.get(claim_id) != self.verdicts.get(claim_id)
            or labels.get(claim_id) != self.verdict_labels.get(claim_id)
        }
        self.verdicts, self.verdict_labels = verdicts, labels
        if self.rows is None or not changed:
            return
        self.rows.set_verdicts(verdicts, labels)
        if self.rows.sorted_by_verdict or self.rows.claim_filter.verdicts:
            if len(changed) > _ONE_BY_ONE:  # another document's verdicts, or a whole review
                self._relayout(lambda rows: rows.rebuild())
            else:
                self.refresh_claims(sorted(changed))
        elif self._count:
            column = self.VERDICT_COLUMN
            self.dataChanged.emit(self.index(0, column), self.index(self._count - 1, column))

    # --- filters and order ------------------------------------------------------------------

    def set_claim_filter(self, claim_filter: ClaimFilter) -> None:
        """Show only claims the filter lets through: the window's claim filter."""
        if self.rows is not None and claim_filter != self.rows.claim_filter:
            self._relayout(lambda rows: rows.set_claim_filter(claim_filter))

    def set_text_filter(self, text: str) -> None:
        """Show only claims whose quote, statement, note, tags, kind, claimant or author holds `text`."""
        self.text_filter = text.strip()
        if self.rows is not None and self.text_filter != self.rows.text:
            self._relayout(lambda rows: rows.set_text(self.text_filter))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = column, order
        if self.rows is None:
            return
        name = self.SORT_COLUMNS[column] if 0 <= column < len(self.SORT_COLUMNS) else None
        descending = name is not None and order == Qt.SortOrder.DescendingOrder
        if (name, descending) != (self.rows.column, self.rows.descending):
            self._relayout(lambda rows: rows.set_order(name, descending))

    def _relayout(self, change: Any) -> None:
        """Apply `change` to the SQL rows and tell the views, carrying the selection and current row
        (persistent indexes: a handful) to their claims' new rows."""
        assert self.rows is not None
        with busy(self.rows.total >= BUSY_FROM):
            self._relayout_now(change)
        self._settle_later()

    def _relayout_now(self, change: Any) -> None:
        assert self.rows is not None
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self._claim_at(index.row()), index.column()) for index in persistent]
        change(self.rows)
        self._pages = {}
        self._count = self.rows.count
        if persistent:
            # Once per claim: the current row has a persistent index per column, and a row looked up
            # in a list sorted a moment ago counts the claims before it (~40 ms at 100,000).
            claims = {claim_id for claim_id, _column in held if claim_id}
            rows = {claim_id: self.rows.position(claim_id) for claim_id in claims}
            self.changePersistentIndexList(
                persistent,
                [
                    self.index(rows[claim_id], column)
                    if claim_id and rows.get(claim_id, -1) >= 0
                    else QModelIndex()
                    for claim_id, column in held
                ],
            )
        self.layoutChanged.emit()

    # --- reading ----------------------------------------------------------------------------

    @property
    def claims(self) -> list[ClaimSpan]:
        """Every claim listed, shown or filtered out, in text order (one query: for tests and tools)."""
        return self.rows.listed_spans() if self.rows is not None else []

    def shown_ids(self) -> list[str]:
        """Every shown claim's id in the list's order (reads every row: for tests and tools)."""
        return [row.id for row in self.rows.page(0, self._count)] if self.rows is not None else []

    def shown_spans(self) -> list[ClaimSpan]:
        """Every shown claim in the list's order (reads every row: for tests and tools)."""
        if self.rows is None:
            return []
        return [ClaimSpan(row.start, row.end, row.id, row.kind) for row in self.rows.page(0, self._count)]

    def claim_id_at(self, row: int) -> str:
        found = self._row(row)
        if found is None:
            raise IndexError(row)
        return found.id

    def _claim_at(self, row: int) -> str | None:
        found = self._row(row) if 0 <= row < self._count else None
        return found.id if found is not None else None

    def claim_count(self) -> int:
        """How many claims are listed with the document, filters aside."""
        return self.rows.total if self.rows is not None else 0

    def row_of(self, claim_id: str) -> int:
        """The row a claim is shown at (its position in the current order, asked of SQL); -1 if none."""
        position = self.rows.position(claim_id) if self.rows is not None else -1
        # Beyond the rows the views were told of: in the file (another process), not yet in the list.
        return position if position < self._count else -1

    def has_row(self, claim_id: str) -> bool:
        """Whether the claim is listed with the document, shown or filtered out."""
        return self.rows is not None and self.rows.is_listed(claim_id)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._count

    def _row(self, row: int) -> ClaimListRow | None:
        number = row // PAGE
        page = self._pages.pop(number, None)
        if page is None and self._before is not None:
            assert self.rows is not None
            now = self._before(row)
            if now is None or isinstance(now, ClaimListRow):
                return now
            found = self.rows.page(now, 1)
            return found[0] if found else None
        if page is None:
            assert self.rows is not None
            page = self.rows.page(number * PAGE, PAGE)
            if len(self._pages) >= _KEPT_PAGES:
                del self._pages[next(iter(self._pages))]
        self._pages[number] = page  # last: the most recently read
        offset = row - number * PAGE
        return page[offset] if offset < len(page) else None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The role first, by hash: a paint asks ~15 roles per cell and more than half have no answer.
        if role not in _ANSWERED_ROLES or not index.isValid() or index.row() >= self._count:
            return None
        row = self._row(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if column == self.VERDICT_COLUMN:
            # The tooltip has it whole: "Confirmed +1 proposal" does not fit the narrow column.
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return self.verdicts.get(row.id, "")
            label = self.verdict_labels.get(row.id)
            if label and role == Qt.ItemDataRole.BackgroundRole:
                return verdict_colour(label)
            if label and role == Qt.ItemDataRole.ForegroundRole:
                return text_on(verdict_colour(label))
            return None
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return row.kind
            if role == Qt.ItemDataRole.BackgroundRole:
                return kind_colour(row.kind)
            if role == Qt.ItemDataRole.ForegroundRole:
                return text_on(kind_colour(row.kind))
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 1:
                quote = " ".join(row.exact.split())
                return quote if len(quote) <= 90 else quote[:87] + "…"
            if column == 2:
                return self.actor_names.get(row.claimant_id or "", "")
            if column == 3:
                return row.stated_lo if row.stated_precision == "day" else row.stated_text
            if column == 4:
                # Only anchors that moved or need attention are worth a word; "ok" stays quiet.
                return "" if row.anchor_status == "ok" else row.anchor_status.replace("_", " ")
            if column == 5:
                return self.annotators.get(row.created_by or "", ("", ""))[0]
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and column == 5:
            colour = self.annotators.get(row.created_by or "", ("", ""))[1]
            if not colour:
                return None
            background = QColor(colour).lighter(160)
            return background if role == Qt.ItemDataRole.BackgroundRole else text_on(background)
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return row.exact
        return None


@contextmanager
def busy(waits: bool = True) -> Iterator[None]:
    """The busy pointer over the application while the block runs, if `waits`."""
    if not waits:
        yield
        return
    QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def _past_inserts(row: int, waiting: tuple[int, ...]) -> int:
    """Where SQL has the row the views know as `row`, while the inserts at `waiting` (rows as SQL has
    them, ascending) are still to be announced."""
    for position in waiting:
        if position <= row:
            row += 1
    return row


def _past_removals(row: int, waiting: tuple[int, ...]) -> int:
    """Where SQL has the row the views know as `row`, while the removals at `waiting` (rows as the views
    know them) are still to be announced."""
    return row - sum(1 for position in waiting if position < row)
