"""Merging a colleague's project file into ours: one transaction, idempotent, conflicts kept for review."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain.models import Actor, new_id, utc_now
from annotator.domain.people import likely_duplicates
from annotator.ops import originals
from annotator.ops.changes import Changes
from annotator.ops.documents import EDITABLE_METADATA
from annotator.store import queries
from annotator.store.project import (
    Project,
    ProjectError,
    attached_snapshot,
    check_project_contents,
    check_project_header,
    project_snapshot,
)
from annotator.store.schema import SCHEMA_VERSION

# Tables whose rows have a key of their own, parents before children: by the time a table is merged,
# every row its foreign keys may point to is already in main.
ROW_TABLES: tuple[tuple[str, str], ...] = (
    ("annotators", "id"),
    ("actors", "id"),
    ("originals", "sha256"),
    ("documents", "id"),
    ("events", "id"),
    ("claims", "id"),
    ("mentions", "id"),  # people's mentions; the id is derived from the text, span and person
    ("claim_provenance", "claim_id"),
    ("suggestion_decisions", "id"),
    ("verdict_labels", "label"),
    ("verdicts", "id"),
    ("verdict_publications", "verdict_id"),
    ("evidence", "id"),
    ("reviews", "id"),
    ("custody", "id"),
    ("factchecks", "id"),  # other organisations' ClaimReviews, as a colleague imported them
)
# Link rows have no id and leave no tombstone when removed, so a union is all a merge can do with them.
LINK_TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("actor_aliases", ("actor_id", "alias")),
    ("claim_events", ("claim_id", "event_id", "relation")),
    ("claim_links", ("claim_id", "other_id", "relation")),  # "same claim as", kept once per pair
    # Where a claim was before a new version of its document moved it. Its integer id is only a local
    # counter: kept when free here (a restore gives back the same ids), else a new one is taken.
    ("anchor_history", ("claim_id", "document_id", "replaced_by_document", "recorded_at")),
)
TOMBSTONE_KEY = ("table_name", "row_id")
ALIAS = "other"
_DOCMAP = "temp.merge_docmap"
_ACTORMAP = "temp.merge_actormap"


@dataclass
class MergeSummary:
    """What one merge brought in, with the keys of every inserted row so `unmerge` can take it back."""

    source: str
    merged_by: str | None = None
    inserted: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    conflict_ids: list[str] = field(default_factory=list)
    # Their documents recognised by text hash as one of ours, counted when rows of theirs attached to it.
    documents_matched: int = 0
    # When it ran: the conflicts it recorded carry this time, and a redo (`replay`) the same again.
    merged_at: str = ""
    # What views must refresh, after the merge and after its undo alike.
    changes: Changes = field(default_factory=Changes)
    # (our name, their new name) for people they created who look like ours spelt another way.
    similar_people: list[tuple[str, str]] = field(default_factory=list)
    # The same pairs by actor id (ours, theirs), for the window's offer to merge them.
    similar_actor_ids: list[tuple[str, str]] = field(default_factory=list)

    def count(self, table: str) -> int:
        return len(self.inserted.get(table, []))

    def figures(self) -> dict[str, int]:
        return {
            "documents": self.count("documents"),
            "documents_matched": self.documents_matched,
            "claims": self.count("claims"),
            "verdicts": self.count("verdicts"),
            "evidence": self.count("evidence"),
            "events": self.count("events"),
            "actors": self.count("actors"),
            "reviews": self.count("reviews"),
            "annotators": self.count("annotators"),
            "links": self.count("claim_events") + self.count("actor_aliases") + self.count("claim_links"),
            "deletions": self.count("tombstones"),
            "conflicts": len(self.conflict_ids),
        }

    @property
    def changed(self) -> bool:
        return any(self.figures().values())

    def describe(self) -> str:
        """A sentence for the command line and the GUI's merge report."""
        name = Path(self.source).name
        if not self.changed:
            return f"Merged {name}: nothing new (everything in it is already here)."
        figures = self.figures()
        words = [
            ("documents", "new document", "new documents"),
            ("documents_matched", "document recognised by its text", "documents recognised by their text"),
            ("claims", "claim", "claims"),
            ("verdicts", "verdict", "verdicts"),
            ("evidence", "piece of evidence", "pieces of evidence"),
            ("events", "event", "events"),
            ("actors", "actor", "actors"),
            ("reviews", "review", "reviews"),
            ("annotators", "annotator", "annotators"),
            ("links", "link", "links"),
            ("deletions", "deletion noted (nothing removed here)", "deletions noted (nothing removed here)"),
        ]
        parts = [
            f"{figures[key]} {one if figures[key] == 1 else many}" for key, one, many in words if figures[key]
        ]
        conflicts = figures["conflicts"]
        tail = (
            f"{conflicts} conflict{'' if conflicts == 1 else 's'} kept for review"
            if conflicts
            else "no conflicts"
        )
        offer = "".join(
            f" {theirs} looks like {ours}: if they are one person, merge them (Review > People, or"
            f" `annotator actor PROJECT merge {ours!r} {theirs!r}`)."
            for ours, theirs in self.similar_people
        )
        return f"Merged {name}: {', '.join(parts) or 'no new rows'}; {tail}.{offer}"


def check_merge_source(project: Project, other_path: Path | str) -> Path:
    """Refuse a file that cannot be merged into `project`, without writing to either; return its path."""
    other = _merge_source_path(project, other_path)
    with (
        project_snapshot(other) as copy,
        contextlib.closing(sqlite3.connect(":memory:", isolation_level=None)) as conn,
        _checked_snapshot(conn, copy, other),
    ):
        pass
    return other


def _merge_source_path(project: Project, other_path: Path | str) -> Path:
    other = Path(other_path)
    if not other.exists():
        raise ProjectError(other, "does not exist")
    if _same_file(other, project.path):
        raise ProjectError(other, "is the project itself: a project cannot be merged into itself")
    if other.is_file() and other.stat().st_size == 0:
        raise ProjectError(other, "is an empty file, not an annotator project")
    return other


@contextlib.contextmanager
def _checked_snapshot(conn: sqlite3.Connection, copy: Path, other: Path) -> Iterator[None]:
    """The colleague's private copy attached as `other` on `conn` once it passed every check, over the
    same connection the merge reads it with; errors name their file, not the copy."""
    try:
        check_project_header(copy)
    except ProjectError as error:
        raise ProjectError(other, error.reason) from error
    with contextlib.ExitStack() as attached:
        try:
            attached.enter_context(attached_snapshot(conn, copy, ALIAS))
        except sqlite3.DatabaseError as error:  # SQLite could not even read their schema
            raise ProjectError(other, f"is damaged and cannot be read ({error})") from error
        try:
            # A colleague's file: read whole anyway, so every page is checked.
            version = check_project_contents(conn, copy, ALIAS, thorough=True)
        except ProjectError as error:
            raise ProjectError(other, error.reason) from error
        if version != SCHEMA_VERSION:
            # Merging reads the file as it is, and it is never ours to upgrade behind its owner's back.
            raise ProjectError(
                other,
                f"was saved by an older version of annotator (schema {version}; this version uses "
                f"{SCHEMA_VERSION}). Open it in this version first to upgrade it, then merge it.",
            )
        yield


def _same_file(first: Path, second: Path) -> bool:
    if first.resolve() == second.resolve():
        return True
    try:
        return os.path.samefile(first, second)  # hard links and other aliases of one file
    except OSError:
        return False


def merge_project(
    project: Project,
    other_path: Path | str,
    merged_by: str | None = None,
    replay: MergeSummary | None = None,
    with_conflicts: bool = False,
) -> MergeSummary:
    """Bring a colleague's project into ours as one transaction; see `_Merge` for the rules.

    `replay`, the summary of this merge before its undo, makes a redo record its conflicts under the
    same ids and time, so the redo gives back the very same rows. `with_conflicts` also brings the
    conflicts the other file is waiting to have reviewed: right for a backup of this project (ops/backup.py),
    not for a colleague's file, whose conflicts are between their rows and a third person's.
    """
    other = _merge_source_path(project, other_path)
    if project.conn.in_transaction:
        raise RuntimeError("merge_project must not run inside another transaction (ATTACH cannot)")
    summary = MergeSummary(
        source=str(other), merged_by=merged_by, merged_at=replay.merged_at if replay else utc_now()
    )
    conflict_ids = iter(replay.conflict_ids if replay else [])
    # Their file is only ever copied, never opened by SQLite, so it and its folder stay as they were.
    # ATTACH cannot run inside a transaction, so the copy is attached first and the merge begins after.
    with project_snapshot(other) as copy, _checked_snapshot(project.conn, copy, other):
        try:
            try:
                with project.transaction():
                    _Merge(project.conn, summary, other.name, conflict_ids, with_conflicts).run()
                    summary.changes = _changes(project.conn, summary)
                    similar = _similar_people(project, summary)
                    summary.similar_people = [(ours.name, theirs.name) for ours, theirs in similar]
                    summary.similar_actor_ids = [(ours.id, theirs.id) for ours, theirs in similar]
                    # Dropped before the commit, so a rollback takes them away too (the finally then
                    # finds none).
                    _drop_temp_tables(project.conn)
            finally:
                _drop_temp_tables(project.conn)
        except sqlite3.Error as error:
            raise ProjectError(other, f"could not be merged, nothing was changed ({error})") from error
    return summary


def _changes(conn: sqlite3.Connection, summary: MergeSummary) -> Changes:
    """What a merge changed, for the views: documents that came in, or got claims, verdicts or evidence
    of theirs, reload whole (a merge may bring thousands of rows: no per-claim signals). Read from the
    merge's own tables of new keys, before they are dropped."""
    inserted = summary.inserted
    documents = {str(key[0]) for key in inserted.get("documents", [])}
    # Only tables the merge brought rows into have a table of new keys (see _Merge._nothing_from).
    readers = {
        "claims": "SELECT c.document_id FROM temp.merge_new_claims n JOIN main.claims c ON c.id = n.k",
        "verdicts": "SELECT c.document_id FROM temp.merge_new_verdicts n JOIN main.verdicts v ON v.id = n.k "
        "JOIN main.claims c ON c.id = v.claim_id",
        "verdict_publications": "SELECT c.document_id FROM temp.merge_new_verdict_publications n "
        "JOIN main.verdict_publications p ON p.verdict_id = n.k JOIN main.claims c ON c.id = p.claim_id",
        "evidence": "SELECT c.document_id FROM temp.merge_new_evidence n JOIN main.evidence e ON e.id = n.k "
        "JOIN main.claims c ON c.id = e.claim_id",
        "suggestion_decisions": "SELECT document_id FROM main.suggestion_decisions "
        "WHERE id IN (SELECT k FROM temp.merge_new_suggestion_decisions)",
        "mentions": "SELECT document_id FROM main.mentions "
        "WHERE id IN (SELECT k FROM temp.merge_new_mentions)",
    }
    found = {
        table: frozenset(row[0] for row in conn.execute(query)) if inserted.get(table) else frozenset()
        for table, query in readers.items()
    }
    for table in ("claims", "verdicts", "verdict_publications", "evidence"):
        documents |= found[table]
    claim_links = inserted.get("claim_links", [])
    return Changes(
        mentions=found["mentions"],
        links=frozenset(str(claim_id) for key in claim_links for claim_id in key[:2]),
        suggestions=found["suggestion_decisions"],
        factchecks=frozenset(str(key[0]) for key in summary.inserted.get("factchecks", [])),
        documents=frozenset(documents),
        actors=frozenset(
            str(key[0]) for table in ("actors", "annotators") for key in summary.inserted.get(table, [])
        ),
        events=frozenset(str(key[0]) for key in summary.inserted.get("events", [])),
        reviews=frozenset(
            [*summary.conflict_ids, *(str(key[0]) for key in summary.inserted.get("reviews", []))]
        ),
    )


def _similar_people(project: Project, summary: MergeSummary) -> list[tuple[Actor, Actor]]:
    """The people this merge brought in who look like someone already here spelt another way."""
    new_ids = {str(key[0]) for key in summary.inserted.get("actors", [])}
    if not new_ids:
        return []
    actors = queries.actors(project)
    arrived = [actor for actor in actors if actor.id in new_ids]
    known = [actor for actor in actors if actor.id not in new_ids]
    return [
        (old, new) for old, new, _ in likely_duplicates(known + arrived, arrived) if old.id not in new_ids
    ]


def unmerge(project: Project, summary: MergeSummary) -> None:
    """Undo of `merge_project`: remove exactly the rows and conflicts that merge inserted."""
    keys = dict(ROW_TABLES)
    plan: list[tuple[str, tuple[str, ...]]] = [("conflicts", ("id",)), ("tombstones", TOMBSTONE_KEY)]
    plan += [*LINK_TABLES, *((table, (keys[table],)) for table, _ in reversed(ROW_TABLES))]
    inserted = {**summary.inserted, "conflicts": [(conflict_id,) for conflict_id in summary.conflict_ids]}
    try:
        with project.transaction():
            # Deletions run child-first, but a reply can sit next to the review it answers.
            project.conn.execute("PRAGMA defer_foreign_keys = ON")
            for table, key in plan:
                if inserted.get(table):
                    _delete_keys(project.conn, table, key, inserted[table])
    finally:
        project.conn.execute("DROP TABLE IF EXISTS temp.merge_undo")


def _delete_keys(
    conn: sqlite3.Connection, table: str, key: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> None:
    """Delete rows by key in one statement: per-row statements would each flush the full-text index."""
    names = ", ".join(f"k{n}" for n in range(len(key)))
    conn.execute("DROP TABLE IF EXISTS temp.merge_undo")
    conn.execute(f"CREATE TEMP TABLE merge_undo ({names})")
    conn.executemany(f"INSERT INTO temp.merge_undo VALUES ({', '.join('?' for _ in key)})", rows)
    columns = ", ".join(map(_q, key))
    conn.execute(f"DELETE FROM main.{table} WHERE ({columns}) IN (SELECT {names} FROM temp.merge_undo)")


def _drop_temp_tables(conn: sqlite3.Connection) -> None:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM temp.sqlite_master WHERE type = 'table' AND name LIKE 'merge\\_%' ESCAPE '\\'"
        )
    ]
    for name in names:
        conn.execute(f'DROP TABLE IF EXISTS temp."{name}"')


def _q(name: str) -> str:
    return f'"{name}"'


def _exists(table: str, column: str, value: str) -> str:
    """SQL: whether main.`table` has a row whose `column` equals the SQL expression `value`."""
    return f"EXISTS (SELECT 1 FROM main.{table} p WHERE p.{_q(column)} = {value})"


class _Merge:
    """The merge rules, applied table by table with set-based SQL (main = ours, other = theirs).

    - Rows are matched by key. A document of theirs with no id match but the same text sha256 as one of
      ours is the same document: their rows that point at it are rewritten to point at our copy.
    - A row only they have is inserted, unless we deleted it (our tombstone) or a row it needs (its
      claim, say) is absent here because we deleted that: then it is held back, as a conflict.
    - A row both have with the same content (updated_at aside; for documents, the editable metadata)
      is left alone. With different content, ours stays and both versions are recorded as a conflict.
    - A row they deleted (their tombstone, row gone there) that we still have stays, as a conflict; their
      tombstones are copied into ours so the deletion keeps travelling.
    - Link rows are a union. A conflict identical to one already recorded is not recorded again, so
      merging the same file twice changes nothing.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        summary: MergeSummary,
        source: str,
        conflict_ids: Iterator[str],
        with_conflicts: bool = False,
    ) -> None:
        self.with_conflicts = with_conflicts
        self.conn = conn
        self.summary = summary
        self.source = source
        self.now = summary.merged_at
        self.conflict_ids = conflict_ids
        self.docmap: dict[str, str] = {}
        self.actormap: dict[str, str] = {}
        self._column_cache: dict[str, list[str]] = {}
        self._foreign_key_cache: dict[str, list[tuple[Any, ...]]] = {}

    def run(self) -> None:
        # Every foreign key is checked at commit: a reply may arrive in the same statement as its parent.
        self.conn.execute("PRAGMA defer_foreign_keys = ON")
        self._map_documents()
        self._map_merged_actors()
        # A table that is empty in their file and has no deletion of theirs cannot change anything
        # here: only its (empty) set of new keys is made. Most of a file's 20 tables are empty, and
        # each costs a dozen statements, a third of merging a file again when nothing is new.
        with_rows = self._tables_with_rows()
        for table, key in ROW_TABLES:
            if table in with_rows:
                self._merge_rows(table, key)
            else:
                self._nothing_from(table)
        for table, keys in LINK_TABLES:
            if table in with_rows:
                self._merge_links(table, keys)
            else:
                self._nothing_from(table)
        self._count_matched_documents()
        self._record_custody()
        # Last, so that their deletions are not mistaken for ours while the tables above are merged.
        self._copy_tombstones()
        if self.with_conflicts:
            self._copy_conflicts()

    def _tables_with_rows(self) -> set[str]:
        """The tables of ROW_TABLES and LINK_TABLES that have a row, or a tombstone, in their file."""
        tables = [table for table, _ in (*ROW_TABLES, *LINK_TABLES)]
        probes = " UNION ALL ".join(
            f"SELECT '{table}' WHERE EXISTS (SELECT 1 FROM {ALIAS}.{table})" for table in tables
        )
        rows = self.conn.execute(f"{probes} UNION SELECT DISTINCT table_name FROM {ALIAS}.tombstones")
        return {str(row[0]) for row in rows}

    def _nothing_from(self, table: str) -> None:
        """What merging `table` leaves when their file has nothing of it: no new keys, and no table of
        them (creating and dropping one each for the empty tables cost a tenth of a no-op merge): what
        reads the tables of new keys reads only those of tables with a new row."""
        self.summary.inserted[table] = []

    @functools.cached_property
    def colleague(self) -> str:
        """Who the merged file is the work of: the annotator who last created something in it, leaving
        out the one merging (a file sent back and forth has their older work in it too); "" if nobody.
        Asked when a conflict is recorded: it reads every row they created (a document's created_by
        lies past its text), which a merge bringing nothing new need not do."""
        tables = ("claims", "verdicts", "reviews", "evidence", "events", "documents")
        union = " UNION ALL ".join(f"SELECT created_by, created_at FROM {ALIAS}.{t}" for t in tables)
        row = self.conn.execute(
            f"""SELECT created_by FROM ({union}) WHERE created_by IS NOT NULL AND created_by != ?
                AND created_by IN (SELECT id FROM {ALIAS}.annotators)
                ORDER BY created_at DESC LIMIT 1""",
            [self.summary.merged_by or ""],
        ).fetchone()
        return str(row[0]) if row else ""

    def _record_custody(self) -> None:
        """A custody entry for each document that came in: merged from which colleague's project. Its id
        is derived from the two, so a redo of the merge writes the very same entry."""
        row = self.conn.execute(f"SELECT value FROM {ALIAS}.settings WHERE key = 'project_id'").fetchone()
        their_project = str(row[0]) if row else ""
        added = []
        for (document_id,) in self.summary.inserted.get("documents", []):
            entry_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"annotator:merge:{their_project}:{document_id}"))
            digests = self.conn.execute(
                "SELECT original_sha256, sha256 FROM main.documents WHERE id = ?", [document_id]
            ).fetchone()
            self.conn.execute(
                "INSERT OR IGNORE INTO main.custody (id, document_id, action, recorded_at, recorded_by, "
                "source, source_project, tool, original_sha256, text_sha256) "
                "VALUES (?, ?, 'merge', ?, ?, ?, ?, ?, ?, ?)",
                [
                    entry_id,
                    document_id,
                    self.now,
                    self.summary.merged_by,
                    self.source,
                    their_project,
                    originals.TOOL,
                    digests[0] or "",
                    digests[1],
                ],
            )
            added.append((entry_id,))
        self.summary.inserted["custody"] = [*self.summary.inserted.get("custody", []), *added]

    # -- documents recognised by text hash

    def _map_documents(self) -> None:
        self.conn.execute(f"CREATE TEMP TABLE {_DOCMAP} (their_id TEXT PRIMARY KEY, our_id TEXT NOT NULL)")
        self.conn.execute(
            f"""INSERT INTO {_DOCMAP} (their_id, our_id)
                SELECT o.id, (SELECT min(m.id) FROM main.documents m WHERE m.sha256 = o.sha256)
                FROM {ALIAS}.documents o
                WHERE NOT EXISTS (SELECT 1 FROM main.documents m WHERE m.id = o.id)
                  AND EXISTS (SELECT 1 FROM main.documents m WHERE m.sha256 = o.sha256)"""
        )
        self.docmap = dict(self.conn.execute(f"SELECT their_id, our_id FROM {_DOCMAP}").fetchall())

    # -- people we merged into one

    def _map_merged_actors(self) -> None:
        """Actors we merged into another (a tombstone naming `merged_into`): their rows that point at
        one point at the actor it became, following merges of merges."""
        merged = self.conn.execute(
            """WITH RECURSIVE merged(their_id, our_id, depth) AS (
                    SELECT row_id, json_extract("row", '$.merged_into'), 0 FROM main.tombstones
                    WHERE table_name = 'actors' AND json_extract("row", '$.merged_into') IS NOT NULL
                    UNION ALL
                    SELECT m.their_id, json_extract(t."row", '$.merged_into'), m.depth + 1
                    FROM merged m JOIN main.tombstones t ON t.table_name = 'actors' AND t.row_id = m.our_id
                    WHERE json_extract(t."row", '$.merged_into') IS NOT NULL AND m.depth < 64
                )
                SELECT their_id, our_id FROM merged m
                WHERE depth = (SELECT max(depth) FROM merged n WHERE n.their_id = m.their_id)"""
        ).fetchall()
        self.actormap = dict(merged)
        if self.actormap:  # read by the SQL only then (see _their)
            self.conn.execute(f"CREATE TEMP TABLE {_ACTORMAP} (their_id TEXT PRIMARY KEY, our_id TEXT)")
            self.conn.executemany(f"INSERT INTO {_ACTORMAP} VALUES (?, ?)", self.actormap.items())

    def _actor_columns(self, table: str) -> set[str]:
        return {fk[3] for fk in self._foreign_keys(table) if fk[2] == "actors"}

    def _document_columns(self, table: str) -> set[str]:
        """Columns of `table` holding a document id, which must be read through the hash map."""
        columns = {fk[3] for fk in self._foreign_keys(table) if fk[2] == "documents"}
        return columns | ({"id"} if table == "documents" else set())

    def _their(self, table: str, column: str) -> str:
        """SQL for their value of `column` (alias o), expressed in our ids."""
        if column in self._document_columns(table) and self.docmap:
            return f"COALESCE((SELECT our_id FROM {_DOCMAP} WHERE their_id = o.{_q(column)}), o.{_q(column)})"
        if column in self._actor_columns(table) and self.actormap:
            return (
                f"COALESCE((SELECT our_id FROM {_ACTORMAP} WHERE their_id = o.{_q(column)}), o.{_q(column)})"
            )
        return f"o.{_q(column)}"

    def _count_matched_documents(self) -> None:
        if not self.docmap:
            return
        uses = []
        # Their custody entries for a document we have too are kept (who else imported it, from where),
        # but are not work of theirs on it.
        for table in (table for table, _ in ROW_TABLES if table != "custody"):
            if not self.summary.inserted.get(table):
                continue
            for column in self._document_columns(table) - {"id"}:
                uses.append(
                    f"""SELECT o.{_q(column)} FROM {ALIAS}.{table} o
                        JOIN temp.merge_new_{table} n ON n.k = o.id"""
                )
        if not uses:
            return
        row = self.conn.execute(
            f"SELECT count(*) FROM {_DOCMAP} WHERE their_id IN ({' UNION '.join(uses)})"
        ).fetchone()
        self.summary.documents_matched = int(row[0])

    # -- rows with a key

    # The schema cannot change during a merge, so each table's is asked once: building the SQL asks
    # for a table's foreign keys once per column, 800 PRAGMAs (15 ms) for a merge bringing nothing.
    def _columns(self, table: str) -> list[str]:
        if table not in self._column_cache:
            self._column_cache[table] = [
                row[1] for row in self.conn.execute(f"PRAGMA main.table_info({table})")
            ]
        return self._column_cache[table]

    def _foreign_keys(self, table: str) -> list[tuple[Any, ...]]:
        """(id, seq, parent table, column, parent column, ...) per foreign key of `table`."""
        if table not in self._foreign_key_cache:
            self._foreign_key_cache[table] = list(self.conn.execute(f"PRAGMA main.foreign_key_list({table})"))
        return self._foreign_key_cache[table]

    def _merge_rows(self, table: str, key: str) -> None:
        new = f"temp.merge_new_{table}"
        self.conn.execute(f"CREATE TEMP TABLE merge_new_{table} (k TEXT PRIMARY KEY)")
        their_key = self._their(table, key)
        self.conn.execute(
            f"""INSERT INTO {new} (k) SELECT o.{_q(key)} FROM {ALIAS}.{table} o
                WHERE NOT EXISTS (SELECT 1 FROM main.{table} m WHERE m.{_q(key)} = {their_key})
                  AND NOT EXISTS (SELECT 1 FROM main.tombstones t
                                  WHERE t.table_name = '{table}' AND t.row_id = o.{_q(key)})"""
        )
        orphans = self._drop_orphans(table, key)
        columns = self._columns(table)
        self.summary.inserted[table] = [tuple(row) for row in self.conn.execute(f"SELECT k FROM {new}")]
        if self.summary.inserted[table]:  # else the insert would still scan their table
            self.conn.execute(
                f"""INSERT INTO main.{table} ({", ".join(map(_q, columns))})
                    SELECT {", ".join(self._their(table, c) for c in columns)} FROM {ALIAS}.{table} o
                    WHERE o.{_q(key)} IN (SELECT k FROM {new})"""
            )
        # Their rows still not here are those our tombstones or the orphan rule kept out: with neither,
        # there are none, and looking for them would scan their table again.
        buried = self.conn.execute(
            "SELECT 1 FROM main.tombstones WHERE table_name = ? LIMIT 1", [table]
        ).fetchone()
        if orphans or buried:
            self._hold_back(table, key)
        self._record_differences(table, key, columns)
        self._record_their_deletions(table, key)

    def _drop_orphans(self, table: str, key: str) -> int:
        """Take out of the insert set rows whose parent is neither here nor arriving with them; how many."""
        new = f"temp.merge_new_{table}"
        conditions = []
        for fk in self._foreign_keys(table):
            parent, column, parent_key = fk[2], fk[3], fk[4]
            value = self._their(table, column)
            arriving = f" AND {value} NOT IN (SELECT k FROM {new})" if parent == table else ""
            conditions.append(
                f"(o.{_q(column)} IS NOT NULL AND NOT {_exists(parent, parent_key, value)}{arriving})"
            )
        if not conditions or self.conn.execute(f"SELECT 1 FROM {new} LIMIT 1").fetchone() is None:
            return 0
        statement = f"""DELETE FROM {new} WHERE k IN (
                          SELECT o.{_q(key)} FROM {ALIAS}.{table} o JOIN {new} n ON n.k = o.{_q(key)}
                          WHERE {" OR ".join(conditions)})"""
        dropped = total = self.conn.execute(statement).rowcount
        # A row answering a dropped row of its own table is dropped in turn: repeat until none goes.
        self_referencing = any(fk[2] == table for fk in self._foreign_keys(table))
        while dropped and self_referencing:
            dropped = self.conn.execute(statement).rowcount
            total += dropped
        return total

    def _hold_back(self, table: str, key: str) -> None:
        """Their rows that are still not here: deleted here, or hanging off something deleted here."""
        their_key = self._their(table, key)
        held = [
            row[0]
            for row in self.conn.execute(
                f"""SELECT o.{_q(key)} FROM {ALIAS}.{table} o
                    WHERE NOT EXISTS (SELECT 1 FROM main.{table} m WHERE m.{_q(key)} = {their_key})"""
            )
        ]
        for row_id in held:
            if table == "actors" and row_id in self.actormap:
                continue  # merged here into another actor, which their rows now point at
            theirs = self._row(ALIAS, table, key, row_id)
            tombstone = self.conn.execute(
                "SELECT deleted_by, deleted_at FROM main.tombstones WHERE table_name = ? AND row_id = ?",
                [table, row_id],
            ).fetchone()
            if tombstone is not None:
                ours: dict[str, Any] = {
                    "deleted": True,
                    "deleted_by": tombstone[0],
                    "deleted_at": tombstone[1],
                }
            else:
                ours = {"deleted": True, "with_parent": self._missing_parent(table, theirs)}
            self._conflict(table, str(theirs[key]), ours, theirs)

    def _missing_parent(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        for fk in self._foreign_keys(table):
            parent, column, parent_key = fk[2], fk[3], fk[4]
            value = row.get(column)
            if value is None:
                continue
            present = self.conn.execute(
                f"SELECT 1 FROM main.{parent} WHERE {_q(parent_key)} = ?", [value]
            ).fetchone()
            if present is None:
                return {"table": parent, "id": value}
        return {}

    def _record_differences(self, table: str, key: str, columns: list[str]) -> None:
        """Rows both sides have whose content differs: ours stays, both versions become a conflict."""
        if table in ("originals", "mentions"):
            # Keyed by the content's own hash: the same key is the same bytes, unless one side was
            # altered behind the app's back, which Verify reports. Ours stays. A mention's key is
            # its document's text digest, span and person: both of us tagging it is no disagreement.
            return
        if table == "documents":
            compared = sorted(EDITABLE_METADATA)
        else:
            compared = [c for c in columns if c not in (key, "updated_at")]
        same = " AND ".join(f"{self._their(table, c)} IS m.{_q(c)}" for c in compared)
        # Rows this merge has just inserted are the same by construction: skip comparing them.
        fresh = (
            f"NOT EXISTS (SELECT 1 FROM temp.merge_new_{table} n WHERE n.k = o.{_q(key)}) AND"
            if self.summary.inserted[table]
            else ""
        )
        differing = [
            row[0]
            for row in self.conn.execute(
                f"""SELECT o.{_q(key)} FROM {ALIAS}.{table} o
                    JOIN main.{table} m ON m.{_q(key)} = {self._their(table, key)}
                    WHERE {fresh} NOT ({same})"""
            )
        ]
        for their_key in differing:
            theirs = self._row(ALIAS, table, key, their_key)
            ours = self._row("main", table, key, theirs[key])
            self._conflict(table, str(ours[key]), ours, theirs)

    def _record_their_deletions(self, table: str, key: str) -> None:
        """Rows they deleted that we still have: not deleted here; the deletion becomes a conflict."""
        deletions = self.conn.execute(
            f"""SELECT t.row_id, t.deleted_by, t.deleted_at FROM {ALIAS}.tombstones t
                JOIN main.{table} m ON m.{_q(key)} = t.row_id
                WHERE t.table_name = ?
                  AND NOT EXISTS (SELECT 1 FROM {ALIAS}.{table} o WHERE o.{_q(key)} = t.row_id)""",
            [table],
        ).fetchall()
        for row_id, deleted_by, deleted_at in deletions:
            ours = self._row("main", table, key, row_id)
            theirs = {"deleted": True, "deleted_by": deleted_by, "deleted_at": deleted_at}
            self._conflict(table, row_id, ours, theirs)

    def _row(self, schema: str, table: str, key: str, value: Any) -> dict[str, Any]:
        """One row as a dict, in our ids; a document without its text (immutable, and possibly huge)."""
        cursor = self.conn.execute(f"SELECT * FROM {schema}.{table} WHERE {_q(key)} = ?", [value])
        names = [description[0] for description in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
        if table == "documents":
            row.pop("text", None)
        if schema == ALIAS:
            for column in self._document_columns(table):
                if row.get(column) in self.docmap:
                    row[column] = self.docmap[row[column]]
            for column in self._actor_columns(table):
                if row.get(column) in self.actormap:
                    row[column] = self.actormap[row[column]]
        return row

    def _conflict(self, table: str, row_id: str, ours: dict[str, Any], theirs: dict[str, Any]) -> None:
        ours_json = json.dumps(ours, ensure_ascii=False, sort_keys=True)
        theirs_json = json.dumps(theirs, ensure_ascii=False, sort_keys=True)
        # Any earlier record of exactly this disagreement, resolved or not, means it has been seen.
        known = self.conn.execute(
            """SELECT 1 FROM main.conflicts
               WHERE table_name = ? AND row_id = ? AND ours = ? AND theirs = ?""",
            [table, row_id, ours_json, theirs_json],
        ).fetchone()
        if known is not None:
            return
        conflict_id = next(self.conflict_ids, None) or new_id()
        self.conn.execute(
            """INSERT INTO main.conflicts
               (id, table_name, row_id, ours, theirs, source, source_annotator, resolved, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, '', ?)""",
            [conflict_id, table, row_id, ours_json, theirs_json, self.source, self.colleague, self.now],
        )
        self.summary.conflict_ids.append(conflict_id)

    # -- link rows and tombstones

    def _merge_links(self, table: str, keys: tuple[str, ...]) -> None:
        match = " AND ".join(f"m.{_q(k)} = o.{_q(k)}" for k in keys)
        parents = " AND ".join(
            f"(o.{_q(fk[3])} IS NULL OR {_exists(fk[2], fk[4], f'o.{_q(fk[3])}')})"
            for fk in self._foreign_keys(table)
        )
        key_list = ", ".join(map(_q, keys))
        # A link we removed (our tombstone) stays removed: their copy still having it is not a reason
        # to bring it back.
        buried = (
            """NOT EXISTS (SELECT 1 FROM main.tombstones t WHERE t.table_name = 'claim_events'
                   AND t.row_id = o.claim_id || '|' || o.event_id || '|' || o.relation)"""
            if table == "claim_events"
            else "1"
        )
        self.conn.execute(
            f"""CREATE TEMP TABLE merge_new_{table} AS SELECT {key_list} FROM {ALIAS}.{table} o
                WHERE NOT EXISTS (SELECT 1 FROM main.{table} m WHERE {match}) AND {parents or "1"}
                AND {buried}"""
        )
        self.summary.inserted[table] = [
            tuple(row) for row in self.conn.execute(f"SELECT {key_list} FROM temp.merge_new_{table}")
        ]
        if self.summary.inserted[table]:
            self._insert_links(table, keys)
        if table == "claim_events":
            self._record_their_unlinks()

    def _insert_links(self, table: str, keys: tuple[str, ...]) -> None:
        """Insert their link rows listed in the table of new keys."""
        match = " AND ".join(f"m.{_q(k)} = o.{_q(k)}" for k in keys)
        names = self._columns(table)
        columns = ", ".join(map(_q, names))
        key_list = ", ".join(map(_q, keys))
        arriving = f"({key_list}) IN (SELECT {key_list} FROM temp.merge_new_{table})"
        if "id" in names:
            # A local counter (anchor_history): their id where it is free here, else a new one, taken
            # after the free ones went in so the new ones cannot take an id a later row of theirs has.
            free = f"NOT EXISTS (SELECT 1 FROM main.{table} m WHERE m.id = o.id)"
            self.conn.execute(
                f"""INSERT INTO main.{table} ({columns}) SELECT {columns} FROM {ALIAS}.{table} o
                    WHERE {arriving} AND {free}"""
            )
            rest = ", ".join(_q(name) for name in names if name != "id")
            self.conn.execute(
                f"""INSERT INTO main.{table} ({rest}) SELECT {rest} FROM {ALIAS}.{table} o
                    WHERE {arriving} AND NOT {free}
                      AND NOT EXISTS (SELECT 1 FROM main.{table} m WHERE {match})"""
            )
        else:
            self.conn.execute(
                f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM {ALIAS}.{table} WHERE {arriving}"
            )

    def _record_their_unlinks(self) -> None:
        """Links they removed (their tombstone, the link gone there) that we still have: kept, and shown
        as a conflict, so a colleague's unlinking is neither lost nor silently applied."""
        rows = self.conn.execute(
            f"""SELECT t.row_id, t.deleted_by, t.deleted_at, m.claim_id, m.event_id, m.relation, m.created_by,
                       m.created_at
                FROM {ALIAS}.tombstones t JOIN main.claim_events m
                  ON t.row_id = m.claim_id || '|' || m.event_id || '|' || m.relation
                WHERE t.table_name = 'claim_events'
                  AND NOT EXISTS (SELECT 1 FROM {ALIAS}.claim_events o WHERE o.claim_id = m.claim_id
                                  AND o.event_id = m.event_id AND o.relation = m.relation)"""
        ).fetchall()
        for row_id, deleted_by, deleted_at, claim_id, event_id, relation, created_by, created_at in rows:
            ours = {
                "claim_id": claim_id,
                "event_id": event_id,
                "relation": relation,
                "created_by": created_by,
                "created_at": created_at,
            }
            theirs = {"deleted": True, "deleted_by": deleted_by, "deleted_at": deleted_at}
            self._conflict("claim_events", row_id, ours, theirs)

    def _copy_conflicts(self) -> None:
        """Their conflicts still waiting for (or kept after) review, unless one of ours records the same."""
        columns = ", ".join(map(_q, self._columns("conflicts")))
        self.conn.execute(
            f"""CREATE TEMP TABLE merge_new_conflicts AS SELECT id FROM {ALIAS}.conflicts o
                WHERE NOT EXISTS (SELECT 1 FROM main.conflicts m WHERE m.id = o.id
                    OR (m.table_name = o.table_name AND m.row_id = o.row_id AND m.ours = o.ours
                        AND m.theirs = o.theirs))
                ORDER BY o.rowid"""
        )
        self.conn.execute(
            f"""INSERT INTO main.conflicts ({columns}) SELECT {columns} FROM {ALIAS}.conflicts
                WHERE id IN (SELECT id FROM temp.merge_new_conflicts) ORDER BY rowid"""
        )
        copied = self.conn.execute("SELECT id FROM temp.merge_new_conflicts")
        self.summary.conflict_ids += [row[0] for row in copied]

    def _copy_tombstones(self) -> None:
        self.conn.execute(
            f"""CREATE TEMP TABLE merge_new_tombstones AS SELECT table_name, row_id FROM {ALIAS}.tombstones o
                WHERE NOT EXISTS (SELECT 1 FROM main.tombstones m
                                  WHERE m.table_name = o.table_name AND m.row_id = o.row_id)"""
        )
        self.conn.execute(
            f"""INSERT INTO main.tombstones (table_name, row_id, "row", deleted_by, deleted_at)
                SELECT table_name, row_id, "row", deleted_by, deleted_at FROM {ALIAS}.tombstones
                WHERE (table_name, row_id) IN (SELECT table_name, row_id FROM temp.merge_new_tombstones)"""
        )
        self.summary.inserted["tombstones"] = [
            tuple(row)
            for row in self.conn.execute("SELECT table_name, row_id FROM temp.merge_new_tombstones")
        ]
