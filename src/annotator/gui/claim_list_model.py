"""Qt table model of one document's claims, for the annotation panel's list: sortable by every column,
filtered by text and by the claim filter, fed lazily so 100,000 claims open without a pause."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.domain.models import Claim
from annotator.domain.spans import ClaimSpan
from annotator.gui.style import kind_colour, text_on, verdict_colour
from annotator.gui.table_model import SortedRowsModel
from annotator.store import claim_list_queries
from annotator.store.claim_list_queries import ClaimListDetail
from annotator.store.project import Project

ModelIndex = QModelIndex | QPersistentModelIndex

# How many rows' details one query fetches when the view first shows a row without them: a screenful
# and then some, so scrolling asks the database once per page, not once per row.
_DETAIL_BLOCK = 300


class ClaimListModel(SortedRowsModel):
    """Rows are ClaimSpans (what opening a document reads anyway); the shown columns' details are read
    per page on first display, sort keys per column on the first sort by it, text matches by one query."""

    HEADERS = ("Kind", "Quote", "Claimant", "Stated", "Anchor", "By", "Verdict")
    SORT_COLUMNS = ("kind", "quote", "claimant", "stated", "anchor", "by", "verdict")
    VERDICT_COLUMN = 6

    def __init__(self, project: Project | None = None) -> None:
        super().__init__()
        self.project = project
        self.document_id: str | None = None
        self.extra_ids: list[str] = []  # listed with the document though anchored in an earlier version
        self.actor_names: dict[str, str] = {}
        self.annotators: dict[str, tuple[str, str]] = {}  # id -> (name, colour)
        self._details: dict[str, ClaimListDetail] = {}
        self._keys: dict[int, dict[str, tuple[str, int, int]]] = {}
        self.text_filter = ""
        self.verdicts: dict[str, str] = {}  # claim id -> its published verdict, as the list shows it
        self.verdict_labels: dict[str, str] = {}  # claim id -> its published verdict's label (colour)

    # --- rows in ----------------------------------------------------------------------------

    def set_claims(
        self, document_id: str | None, spans: list[ClaimSpan], extra_ids: list[str] | None = None
    ) -> None:
        """Show a document's claims (spans in text order) plus `extra_ids` listed with it."""
        self.document_id = document_id
        self.extra_ids = list(extra_ids or [])
        self._details = {}
        self._keys = {}
        self._allowed.pop("text", None)
        if self.text_filter and document_id is not None:
            self._allowed["text"] = self._matching(self.text_filter)
        self._reset_rows(spans)

    def add_claims(self, added: list[Claim]) -> None:
        for claim in added:
            self._details[claim.id] = ClaimListDetail.of(claim)
            for column, keys in self._keys.items():
                keys[claim.id] = self._key_of(claim, column)
            text_ids = self._allowed.get("text")
            if text_ids is not None and self._claim_has_text(claim, self.text_filter):
                text_ids.add(claim.id)
            self.insert_row(ClaimSpan(claim.start, claim.end, claim.id, claim.kind))

    def remove_claims(self, removed_ids: list[str]) -> None:
        for claim_id in removed_ids:
            self.remove_row(claim_id)
            self._details.pop(claim_id, None)

    def replace_claim(self, claim: Claim) -> None:
        if claim.id not in self._by_id:
            return
        self._details[claim.id] = ClaimListDetail.of(claim)
        for column, keys in self._keys.items():
            keys[claim.id] = self._key_of(claim, column)
        self.replace_row(ClaimSpan(claim.start, claim.end, claim.id, claim.kind))

    def set_annotators(self, annotators: dict[str, tuple[str, str]]) -> None:
        self.annotators = annotators
        self._keys.pop(5, None)
        if self._shown:
            self.dataChanged.emit(self.index(0, 5), self.index(len(self._shown) - 1, 5))

    def set_verdicts(self, verdicts: dict[str, str], labels: dict[str, str] | None = None) -> None:
        """The published verdict per claim ("Confirmed", "Confirmed +1 proposal", "1 proposal"), and its
        label ("confirmed"), which colours the cell as the highlights are coloured by verdict."""
        self.verdicts = verdicts
        self.verdict_labels = labels or {}
        self._keys.pop(self.VERDICT_COLUMN, None)
        if self._shown:
            column = self.VERDICT_COLUMN
            self.dataChanged.emit(self.index(0, column), self.index(len(self._shown) - 1, column))

    def set_actor_names(self, actor_names: dict[str, str]) -> None:
        self.actor_names = actor_names
        self._keys.pop(2, None)
        if self._shown:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._shown) - 1, 2))

    # --- filters ----------------------------------------------------------------------------

    def set_visible_claims(self, claim_ids: set[str] | None) -> None:
        """Show only these claims (None: all): the window's claim filter."""
        self.set_allowed("claims", claim_ids)

    def set_text_filter(self, text: str) -> None:
        """Show only claims whose quote, statement, note, tags, kind, claimant or author holds `text`."""
        self.text_filter = text.strip()
        self.set_allowed("text", self._matching(self.text_filter) if self.text_filter else None)

    def _matching(self, text: str) -> set[str]:
        if self.project is None or self.document_id is None:
            return set()
        return claim_list_queries.matching_ids(self.project, self.document_id, self.extra_ids, text)

    def _claim_has_text(self, claim: Claim, text: str) -> bool:
        fields = (
            claim.exact,
            claim.statement,
            claim.note,
            " ".join(claim.tags),
            claim.kind,
            claim.stated_text,
            self.actor_names.get(claim.claimant_id or "", ""),
            self.annotators.get(claim.created_by or "", ("", ""))[0],
        )
        haystack = " ".join(fields)
        return text.lower() in haystack.lower() or text in haystack

    # --- sorting ----------------------------------------------------------------------------

    def natural_key(self, row: ClaimSpan) -> tuple[int, int]:
        return (row.start, row.end)

    def sort_keys(self, column: int) -> dict[str, tuple[str, int, int]]:
        keys = self._keys.get(column)
        if keys is None:
            if column == 0:
                values = {row.id: row.kind for row in self._all}
            elif column == self.VERDICT_COLUMN:
                values = self.verdicts  # held already, as the column shows it
            elif self.project is not None and self.document_id is not None:
                values = claim_list_queries.sort_values(
                    self.project, self.document_id, self.extra_ids, self.SORT_COLUMNS[column]
                )
            else:
                values = {}
            keys = {row.id: (values.get(row.id, "").casefold(), row.start, row.end) for row in self._all}
            self._keys[column] = keys
        return keys

    def _key_of(self, claim: Claim, column: int) -> tuple[str, int, int]:
        value = (
            claim.kind,
            claim.exact,
            self.actor_names.get(claim.claimant_id or "", ""),
            claim.stated_lo if claim.stated_precision == "day" else claim.stated_text,
            "" if claim.anchor_status == "ok" else claim.anchor_status,
            self.annotators.get(claim.created_by or "", ("", ""))[0],
            self.verdicts.get(claim.id, ""),
        )[column]
        return (value.casefold(), claim.start, claim.end)

    # --- reading ----------------------------------------------------------------------------

    @property
    def claims(self) -> list[ClaimSpan]:
        """Every claim listed, shown or filtered out, in text order."""
        return list(self._all)

    def claim_id_at(self, row: int) -> str:
        return str(self._shown[row].id)

    def claim_count(self) -> int:
        return len(self._all)

    def _detail(self, row: int) -> ClaimListDetail | None:
        claim_id = self._shown[row].id
        detail = self._details.get(claim_id)
        if detail is None and self.project is not None:
            block = self._shown[max(0, row - _DETAIL_BLOCK // 4) : row + _DETAIL_BLOCK]
            wanted = [span.id for span in block if span.id not in self._details]
            self._details.update(claim_list_queries.details(self.project, wanted))
            detail = self._details.get(claim_id)
        return detail

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        span = self._shown[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            return span.id
        if column == self.VERDICT_COLUMN:
            # The tooltip has it whole: "Confirmed +1 proposal" does not fit the narrow column.
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return self.verdicts.get(span.id, "")
            label = self.verdict_labels.get(span.id)
            if label and role == Qt.ItemDataRole.BackgroundRole:
                return verdict_colour(label)
            if label and role == Qt.ItemDataRole.ForegroundRole:
                return text_on(verdict_colour(label))
            return None
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return span.kind
            if role == Qt.ItemDataRole.BackgroundRole:
                return kind_colour(span.kind)
            if role == Qt.ItemDataRole.ForegroundRole:
                return text_on(kind_colour(span.kind))
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.BackgroundRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        detail = self._detail(index.row())
        if detail is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 1:
                quote = " ".join(detail.exact.split())
                return quote if len(quote) <= 90 else quote[:87] + "…"
            if column == 2:
                return self.actor_names.get(detail.claimant_id or "", "")
            if column == 3:
                return detail.stated_lo if detail.stated_precision == "day" else detail.stated_text
            if column == 4:
                # Only anchors that moved or need attention are worth a word; "ok" stays quiet.
                return "" if detail.anchor_status == "ok" else detail.anchor_status.replace("_", " ")
            if column == 5:
                return self.annotators.get(detail.created_by or "", ("", ""))[0]
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and column == 5:
            colour = self.annotators.get(detail.created_by or "", ("", ""))[1]
            if not colour:
                return None
            background = QColor(colour).lighter(160)
            return background if role == Qt.ItemDataRole.BackgroundRole else text_on(background)
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return detail.exact
        return None
