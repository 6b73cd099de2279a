"""The queries behind a document's claim list: a count and one page of rows at a time, in the list's sort
order and under its filters, all asked of SQL, so 100,000 claims never become 100,000 Python objects."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from typing import NamedTuple

from annotator.domain.filters import NO_VERDICT, ClaimFilter
from annotator.domain.spans import ClaimSpan, as_spans
from annotator.store.project import Project


class ClaimListRow(NamedTuple):
    """What one row of the claim list shows (and where its claim sits in the text)."""

    id: str
    start: int
    end: int
    kind: str
    exact: str
    claimant_id: str | None
    stated_text: str
    stated_lo: str
    stated_precision: str
    anchor_status: str
    created_by: str | None
    key: str = ""  # the sort column's folded value, when the list is sorted or filtered (held rows)


_ROW_COLUMNS = (
    'c.id, c.start, c."end", c.kind, c.exact, c.claimant_id, c.stated_text, c.stated_lo,'
    " c.stated_precision, c.anchor_status, c.created_by"
)


def claimed_offsets(project: Project, document_id: str) -> frozenset[tuple[int, int]]:
    """The (start, end) of every claim of the document, read from the covering index into a set in C:
    what the suggester needs to leave claimed text alone, without an object per claim."""
    return frozenset(
        project.conn.execute('SELECT start, "end" FROM claims WHERE document_id = ?', [document_id])
    )


def document_claims(project: Project, document_id: str) -> int:
    """How many claims the document holds: one row of the counts the claims' triggers keep (schema v16),
    where counting its entries in the claims' index walked all 100,000 (6-8 ms)."""
    row = project.conn.execute(
        "SELECT claims FROM derived_claim_counts WHERE document_id = ?", [document_id]
    ).fetchone()
    return int(row[0]) if row is not None else 0


# Named, as SQLite would rather walk the covering index, which also holds document_id and anchor_status.
UNSETTLED_SQL = (
    "SELECT 1 FROM claims INDEXED BY claims_unsettled WHERE document_id = ? AND anchor_status != 'ok' LIMIT 1"
)


def has_unsettled_anchors(project: Project, document_id: str) -> bool:
    """Whether any claim of the document was moved by a new version (one step into claims_unsettled)."""
    row = project.conn.execute(UNSETTLED_SQL, [document_id]).fetchone()
    return row is not None


# What each sortable column of the claim list orders by, as SQL over claims c (the verdict column's
# text is the list's own, held in a temporary table: see ClaimListRows.set_verdicts).
SORT_EXPRESSIONS = {
    "kind": "c.kind",
    "quote": "c.exact",
    "claimant": "(SELECT a.name FROM actors a WHERE a.id = c.claimant_id)",
    "stated": "CASE WHEN c.stated_precision = 'day' THEN c.stated_lo ELSE c.stated_text END",
    "anchor": "CASE WHEN c.anchor_status = 'ok' THEN '' ELSE c.anchor_status END",
    "by": "(SELECT n.name FROM annotators n WHERE n.id = c.created_by)",
}

# The fields of claims c the text filter looks in. The claimant's and the author's names are matched in
# their own (small) tables first and the claims then picked by id: a name looked up per claim doubled
# the filter's time at 100,000 claims.
_TEXT_FIELDS = ("c.exact", "c.statement", "c.note", "c.tags", "c.kind", "c.stated_text")
_HAYSTACK = " || ' ' || ".join(f"coalesce({field}, '')" for field in _TEXT_FIELDS)
_NAMED = (("c.claimant_id", "actors"), ("c.created_by", "annotators"))

# Text order, and the tie-break of every other order: the columns of claims_document_spans after
# document_id, so the index alone serves a page, a count and a claim's position in text order.
_TEXT_ORDER = ("start", '"end"', "kind", "anchor_status", "id")

_numbers = itertools.count(1)


def _json(values: Iterable[str]) -> str:
    return json.dumps(sorted(values))


def _casefold(value: str | None) -> str | None:
    return value.casefold() if isinstance(value, str) else value


class ClaimListRows:
    """One document's claim list as SQL holds it: how many rows, the rows of one page, where a claim is.

    In text order with no filter the list is read straight from the covering index of the document's
    claims. Sorted by a column, or filtered (claim filter, text filter), the listed claims' sort keys are
    copied once into a temporary table whose primary key is the list's order; a page is then a walk of
    that index, a claim's row a count of the keys before its own, and an edit one row in or out.
    Claims listed with the document though anchored in an earlier version (`extra_ids`) go that way too.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        # annotator_casefold(text), Unicode case folding for the text filter (see _text_condition): a
        # function of this connection, not of the schema, so other tools still read the file as it is.
        project.conn.create_function("annotator_casefold", 1, _casefold, deterministic=True)
        number = next(_numbers)
        self._held = f"claim_list_rows_{number}"
        self._verdicts = f"claim_list_verdicts_{number}"
        self._made = False
        self.document_id: str | None = None
        self.extra_ids: list[str] = []
        self.column: str | None = None  # a SORT_EXPRESSIONS key or "verdict"; None: text order
        self.descending = False
        self.claim_filter = ClaimFilter()
        self.text = ""
        self.held = False  # whether the list is (to be) read from the temporary table
        # Sorted with no filter, the rows are read straight from the claims (ORDER BY … LIMIT) until the
        # temporary table is filled (`settle`), so the first page shows without waiting for all 100,000.
        self.live = False
        self.count = 0  # claims listed under the filters
        self.total = 0  # claims listed with the document, filters aside
        self.unsettled = False  # whether any was moved by a new version, when the document was set

    # --- the list's settings ------------------------------------------------------------------

    def set_document(self, document_id: str | None, extra_ids: Iterable[str] = ()) -> None:
        self.document_id = document_id
        self.extra_ids = list(extra_ids)
        if document_id is None:
            self.total, self.unsettled = 0, False
        else:
            # Whether a new version moved any: one step into the index of moved claims.
            self.total = document_claims(self.project, document_id) + self._extra_count()
            self.unsettled = has_unsettled_anchors(self.project, document_id)
        self.rebuild()

    def _extra_count(self) -> int:
        """How many of `extra_ids` are still claims of other documents (a handful: looked up by id)."""
        if not self.extra_ids:
            return 0
        (count,) = self.project.conn.execute(
            "SELECT count(*) FROM claims WHERE id IN (SELECT value FROM json_each(?)) AND document_id != ?",
            [_json(self.extra_ids), str(self.document_id)],
        ).fetchone()
        return int(count)

    def set_order(self, column: str | None, descending: bool) -> None:
        # The same column the other way round: the held rows' index is read backwards, not rebuilt.
        reverse_only = self.held and column is not None and column == self.column
        self.column, self.descending = column, descending
        if not reverse_only:
            self.rebuild()

    def set_claim_filter(self, claim_filter: ClaimFilter) -> None:
        self.claim_filter = claim_filter
        self.rebuild()

    def set_text(self, text: str) -> None:
        self.text = text
        self.rebuild()

    def set_verdicts(self, shown: dict[str, str], labels: dict[str, str]) -> None:
        """The verdict column's text per claim and the published verdict's label: what the column sorts
        by and the claim filter's verdicts match (held per claim that has either, not per listed claim).
        The caller rebuilds, or refreshes the claims whose verdict changed."""
        self._make_tables()
        conn = self.project.conn
        conn.execute(f"DELETE FROM {self._verdicts}")
        conn.executemany(
            f"INSERT INTO {self._verdicts} (id, shown, label) VALUES (?, ?, ?)",
            [(claim_id, shown.get(claim_id, ""), labels.get(claim_id)) for claim_id in {*shown, *labels}],
        )

    @property
    def sorted_by_verdict(self) -> bool:
        return self.column == "verdict"

    def rebuild(self) -> None:
        """Take the rows again from the claims, under the current order and filters."""
        self.held = bool(self.column or self.text or self.claim_filter.active or self.extra_ids)
        self.live = False
        if self._made:
            self.project.conn.execute(f"DELETE FROM {self._held}")
        if self.document_id is None:
            self.count = 0
            return
        if not self.held:
            self.count = self.total
            return
        self._make_tables()
        if not (self.text or self.claim_filter.active or self.extra_ids):
            # Only sorted: every claim of the document is listed, so the count is known already.
            self.live, self.count = True, self.total
            return
        self._fill()

    def settle(self) -> None:
        """Fill the temporary table of a list read live (see `live`): then a page deep down, a claim's
        row and an edit are walks of its index rather than sorts of every claim."""
        if self.live:
            self.live = False
            self._fill()

    def _fill(self) -> None:
        where, params = self._where(scan=self._scan_table())
        cursor = self.project.conn.execute(
            f"INSERT INTO {self._held} SELECT {self._key()}, {', '.join(f'c.{n}' for n in _TEXT_ORDER)}"
            f" FROM claims c WHERE {where} ORDER BY 1, 2, 3, 4, 5, 6",
            params,
        )
        self.count = cursor.rowcount

    # --- reading ------------------------------------------------------------------------------

    def page(self, offset: int, limit: int) -> list[ClaimListRow]:
        """The rows from `offset` on, at most `limit` of them, in the list's order."""
        if self.document_id is None:
            return []
        source, params = self._source()
        order = ", ".join(f"{column} {self._direction}" for column in self._order_columns())
        key = "v.key" if self._reads_held else self._key()
        keys = self.project.conn.execute(
            f"SELECT {self._alias}.id, {key} FROM {source} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        rows = {
            row[0]: ClaimListRow._make(row)
            for row in self.project.conn.execute(
                # A join, not IN (…json_each): SQLite then looks each id up rather than scanning.
                f"SELECT {_ROW_COLUMNS}, json_extract(j.value, '$[1]') FROM json_each(?) j"
                " JOIN claims c ON c.id = json_extract(j.value, '$[0]')",
                [json.dumps(keys)],
            )
        }
        return [rows[claim_id] for claim_id, _key in keys if claim_id in rows]

    def position(self, claim_id: str) -> int:
        """The row a claim is listed at, in the current order and under the filters; -1 if it is not."""
        if self.document_id is None:
            return -1
        conn = self.project.conn
        if self.live:  # its key from its claim row, then the claims before it counted
            where, params = self._scope(by_id=True)
            columns = ", ".join(f"c.{name}" for name in _TEXT_ORDER)
            key = conn.execute(
                f"SELECT {self._key()}, {columns} FROM claims c WHERE c.id = ? AND {where}",
                [claim_id, *params],
            ).fetchone()
            return -1 if key is None else self.rows_before(tuple(key))
        if not self.held:
            key = conn.execute(
                f"SELECT {', '.join(_TEXT_ORDER)} FROM claims WHERE id = ? AND +document_id = ?",
                [claim_id, self.document_id],
            ).fetchone()
            return -1 if key is None else self.rows_before(tuple(key))
        # Its key worked out from its claim row (by primary key) is the held one unless the claim changed
        # since it was held; only then, or when it is not held, are the held rows scanned for its id.
        columns = ", ".join(f"c.{name}" for name in _TEXT_ORDER)
        key = conn.execute(
            f"SELECT {self._key()}, {columns} FROM claims c WHERE c.id = ?", [claim_id]
        ).fetchone()
        if key is None or not self._holds(tuple(key)):
            key = conn.execute(
                f"SELECT key, {', '.join(_TEXT_ORDER)} FROM {self._held} WHERE id = ?", [claim_id]
            ).fetchone()
        return -1 if key is None else self.rows_before(tuple(key))

    def _holds(self, key: tuple[object, ...]) -> bool:
        condition = " AND ".join(f"{name} = ?" for name in ("key", *_TEXT_ORDER))
        return (
            self.project.conn.execute(f"SELECT 1 FROM {self._held} WHERE {condition}", key).fetchone()
            is not None
        )

    def rows_before(self, key: tuple[object, ...]) -> int:
        """How many listed rows come before the given order key (as `key_of` gives it): the row of a
        claim with that key, whether or not it is still there."""
        source, params = self._source()
        columns = ", ".join(self._order_columns())
        marks = ", ".join("?" * len(key))
        comparison = ">" if self.descending else "<"
        join = "WHERE" if self._reads_held else "AND"
        return int(
            self.project.conn.execute(
                f"SELECT count(*) FROM {source} {join} ({columns}) {comparison} ({marks})", [*params, *key]
            ).fetchone()[0]
        )

    def key_of(self, row: ClaimListRow) -> tuple[object, ...]:
        """The order key of a row as `page` read it: where it sits, even once its claim is gone."""
        text_order = (row.start, row.end, row.kind, row.anchor_status, row.id)
        return (row.key, *text_order) if self.held else text_order

    def is_listed(self, claim_id: str) -> bool:
        """Whether the claim is listed with the document, shown or filtered out."""
        if self.document_id is None:
            return False
        where, params = self._scope(by_id=True)
        query = f"SELECT 1 FROM claims c WHERE c.id = ? AND {where}"
        return self.project.conn.execute(query, [claim_id, *params]).fetchone() is not None

    def listed_spans(self) -> list[ClaimSpan]:
        """Every claim listed with the document, shown or filtered out, in text order."""
        if self.document_id is None:
            return []
        where, params = self._scope()
        rows = self.project.conn.execute(
            f'SELECT c.start, c."end", c.id, c.kind FROM claims c WHERE {where} ORDER BY c.start, c."end"',
            params,
        )
        return as_spans(rows)

    # --- edits --------------------------------------------------------------------------------

    def add(self, claim_ids: list[str]) -> None:
        """Claims of the document were made (or brought back): list those the filters let through."""
        self.total += len(claim_ids)
        if not self._reads_held:
            self.count += len(claim_ids)
            return
        self._insert(claim_ids)

    def remove(self, claim_ids: list[str], shown: Iterable[ClaimListRow] = ()) -> None:
        """Claims of the document were deleted (or a tag undone). `shown`: those of them as `page` read
        them, whose held rows are then found by their keys rather than by scanning for their ids."""
        self.total -= len(claim_ids)
        if not self._reads_held:
            self.count -= len(claim_ids)
            return
        self._delete(claim_ids, shown)

    def refresh(self, claim_ids: list[str], shown: Iterable[ClaimListRow] = ()) -> None:
        """Claims were edited: their sort keys and whether the filters let them through may differ.
        `shown` as for `remove`."""
        if self._reads_held:
            self._delete(claim_ids, shown)
            self._insert(claim_ids)

    def _insert(self, claim_ids: list[str]) -> None:
        where, params = self._where(by_id=True)
        cursor = self.project.conn.execute(
            f"INSERT OR IGNORE INTO {self._held} SELECT {self._key()},"
            f" {', '.join(f'c.{n}' for n in _TEXT_ORDER)} FROM json_each(?) j JOIN claims c"
            f" ON c.id = j.value WHERE {where}",
            [_json(claim_ids), *params],
        )
        self.count += cursor.rowcount

    def _delete(self, claim_ids: list[str], shown: Iterable[ClaimListRow] = ()) -> None:
        conn = self.project.conn
        keys = {row.id: self.key_of(row) for row in shown}
        condition = " AND ".join(f"{name} = ?" for name in ("key", *_TEXT_ORDER))
        by_key = [keys[claim_id] for claim_id in claim_ids if claim_id in keys]
        if by_key:
            self.count -= conn.executemany(f"DELETE FROM {self._held} WHERE {condition}", by_key).rowcount
        others = [claim_id for claim_id in claim_ids if claim_id not in keys]
        if others:  # not on screen: the held rows have no index by id, so they are scanned once
            cursor = conn.execute(
                f"DELETE FROM {self._held} WHERE id IN (SELECT value FROM json_each(?))", [_json(others)]
            )
            self.count -= cursor.rowcount

    # --- SQL ----------------------------------------------------------------------------------

    def _make_tables(self) -> None:
        # Temporary tables live with this connection only: other processes and the project file never
        # see them, and a read-only project can have them too.
        if self._made:
            return
        conn = self.project.conn
        conn.execute(
            f'CREATE TEMP TABLE IF NOT EXISTS {self._held} (key TEXT NOT NULL, start INTEGER, "end" INTEGER,'
            " kind TEXT, anchor_status TEXT, id TEXT NOT NULL,"
            ' PRIMARY KEY (key, start, "end", kind, anchor_status, id)) WITHOUT ROWID'
        )
        conn.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {self._verdicts}"
            " (id TEXT PRIMARY KEY, shown TEXT NOT NULL, label TEXT) WITHOUT ROWID"
        )
        self._made = True

    def _key(self) -> str:
        """The sort column's value per claim c, folded as the list compares it ('' in text order).

        SQLite's lower() folds ASCII letters only: "Éclat" sorts after "zebra", as in a plain byte sort."""
        if self.column is None:
            return "''"
        if self.column == "verdict":
            expression = f"(SELECT v.shown FROM {self._verdicts} v WHERE v.id = c.id)"
        else:
            expression = SORT_EXPRESSIONS[self.column]
        return f"lower(coalesce({expression}, ''))"

    @property
    def _reads_held(self) -> bool:
        """Whether the rows are read from the temporary table (sorted or filtered, and filled)."""
        return self.held and not self.live

    @property
    def _alias(self) -> str:
        return "v" if self._reads_held else "c"

    @property
    def _direction(self) -> str:
        return "DESC" if self.descending else "ASC"

    def _order_columns(self) -> list[str]:
        if self.live:
            return [self._key(), *(f"c.{name}" for name in _TEXT_ORDER)]
        names = ["key", *_TEXT_ORDER] if self.held else list(_TEXT_ORDER)
        return [f"{self._alias}.{name}" for name in names]

    def _source(self) -> tuple[str, list[str]]:
        """The FROM (and, in text order, WHERE) of the listed rows."""
        if self._reads_held:
            return f"{self._held} v", []
        if self.live:  # every claim's key worked out: file order beats the index (see _scan_table)
            where, params = self._scope(scan=self._scan_table())
            return f"claims c WHERE {where}", params
        return "claims c WHERE c.document_id = ?", [str(self.document_id)]

    def _scan_table(self) -> bool:
        """Whether the document holds so many of the project's claims that reading the whole claims
        table in file order beats walking its index and looking each claim up (4x faster at 100,000
        claims in one document: 54 against 213 ms to read every quote)."""
        (claims,) = self.project.conn.execute("SELECT max(rowid) FROM claims").fetchone()
        return claims is not None and self.total * 4 >= int(claims)  # rowids only grow: a bound

    def _scope(self, by_id: bool = False, scan: bool = False) -> tuple[str, list[str]]:
        # by_id: the claims are looked up by id; the unary + keeps SQLite from walking the document's
        # index instead (it would, for 100,000 claims, to check a handful). scan: see _scan_table.
        document = "+c.document_id" if by_id or scan else "c.document_id"
        if not self.extra_ids:
            return f"{document} = ?", [str(self.document_id)]
        return f"({document} = ? OR c.id IN (SELECT value FROM json_each(?)))", [
            str(self.document_id),
            _json(self.extra_ids),
        ]

    def _where(self, by_id: bool = False, scan: bool = False) -> tuple[str, list[str]]:
        """The listed claims c that the claim filter and the text filter let through."""
        where, params = self._scope(by_id, scan)
        parts = [where]
        claim_filter = self.claim_filter

        def among(expression: str, values: Iterable[str], *before: str) -> None:
            parts.append(f"{expression} IN (SELECT value FROM json_each(?))")
            params.extend([*before, _json(values)])

        if claim_filter.kinds:
            among("c.kind", claim_filter.kinds)
        if claim_filter.verdicts:
            self._make_tables()
            label = f"coalesce((SELECT v.label FROM {self._verdicts} v WHERE v.id = c.id), ?)"
            among(label, claim_filter.verdicts, NO_VERDICT)
        if claim_filter.claimants:
            among("c.claimant_id", claim_filter.claimants)
        if claim_filter.annotators:
            among("c.created_by", claim_filter.annotators)
        if claim_filter.tags:
            among("EXISTS (SELECT 1 FROM json_each(c.tags) t WHERE t.value", claim_filter.tags)
            parts[-1] += ")"
        if claim_filter.events:
            among(
                "EXISTS (SELECT 1 FROM claim_events e WHERE e.claim_id = c.id AND e.event_id",
                claim_filter.events,
            )
            parts[-1] += ")"
        if claim_filter.date_from or claim_filter.date_to:
            # A claim qualifies when what it may mean overlaps the range; undated claims do not.
            parts.append("c.stated_lo != ''")
            if claim_filter.date_from:
                parts.append("c.stated_hi >= ?")
                params.append(claim_filter.date_from)
            if claim_filter.date_to:
                parts.append("c.stated_lo <= ?")
                params.append(claim_filter.date_to)
        if self.text:
            parts.append(self._text_condition(params))
        return " AND ".join(parts), params

    def _text_condition(self, params: list[str]) -> str:
        needle = self.text
        if needle.isascii():
            # SQLite's lower() folds ASCII letters, all that an ASCII needle can match, and keeps the
            # per-row work in C. (Only "ß" against "ss" and the like, which casefold equates, are missed.)
            test, value = "instr(lower({0}), ?)", needle.lower()
        else:
            # lower() leaves every other letter as it is, so "минск" would miss "Минск": such a needle is
            # matched with Python's casefold, one call per row (about 1 µs) and only for these needles.
            test, value = "instr(annotator_casefold({0}), ?)", needle.casefold()

        def found(expression: str) -> str:
            params.append(value)
            return test.format(expression)

        alternatives = [found(_HAYSTACK)]
        for column, table in _NAMED:
            alternatives.append(f"{column} IN (SELECT id FROM {table} WHERE {found('name')})")
        return f"({' OR '.join(alternatives)})"
