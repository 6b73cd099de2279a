"""The versioned project schema: one list of statements per version, applied in order on open."""

from __future__ import annotations

# PRAGMA application_id marks a file as ours, so another program's SQLite file is refused rather than
# "migrated". The value spells "ANNO" in ASCII.
APPLICATION_ID = 0x414E4E4F

_V1: list[str] = [
    """
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE annotators (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT NOT NULL DEFAULT '',
        color TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        length INTEGER NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        authors TEXT NOT NULL DEFAULT '[]',
        publisher TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        published TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT '',
        source_format TEXT NOT NULL DEFAULT '',
        source_filename TEXT NOT NULL DEFAULT '',
        metadata TEXT NOT NULL DEFAULT '{}',
        notes TEXT NOT NULL DEFAULT '',
        created_by TEXT REFERENCES annotators(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX documents_sha256 ON documents(sha256)",
    # The text is what every anchor points into: changing it would silently break claims, so a new
    # version of a document is a new row, never an update.
    """
    CREATE TRIGGER documents_text_is_immutable
    BEFORE UPDATE OF text, sha256, length ON documents
    WHEN NEW.text IS NOT OLD.text OR NEW.sha256 IS NOT OLD.sha256 OR NEW.length IS NOT OLD.length
    BEGIN
        SELECT RAISE(ABORT, 'document text is immutable');
    END
    """,
    """
    CREATE TABLE actors (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'organisation')),
        created_by TEXT REFERENCES annotators(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE actor_aliases (
        actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        PRIMARY KEY (actor_id, alias)
    )
    """,
    "CREATE INDEX actor_aliases_alias ON actor_aliases(alias COLLATE NOCASE)",
    """
    CREATE TABLE claims (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL CHECK (kind IN ('factual', 'quote', 'prediction', 'promise', 'opinion')),
        claimant_id TEXT REFERENCES actors(id),
        stated_text TEXT NOT NULL DEFAULT '',
        stated_lo TEXT NOT NULL DEFAULT '',
        stated_hi TEXT NOT NULL DEFAULT '',
        stated_precision TEXT NOT NULL DEFAULT ''
            CHECK (stated_precision IN ('', 'day', 'month', 'year', 'range', 'approximate')),
        statement TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        note TEXT NOT NULL DEFAULT '',
        created_by TEXT REFERENCES annotators(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (start >= 0 AND "end" > start)
    )
    """,
    'CREATE INDEX claims_document ON claims(document_id, start, "end")',
    "CREATE INDEX claims_claimant ON claims(claimant_id)",
]

_RELATIONS = "'about', 'predicts', 'reports', 'denies', 'confirmed_by', 'refuted_by'"

# Version 2: document versions and anchor health, events, verdicts with evidence, reviews, and the
# bookkeeping that merging colleagues' projects needs (tombstones, conflicts).
_V2: list[str] = [
    "ALTER TABLE documents ADD COLUMN version_of TEXT REFERENCES documents(id)",
    "ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
    """
    ALTER TABLE claims ADD COLUMN anchor_status TEXT NOT NULL DEFAULT 'ok'
        CHECK (anchor_status IN ('ok', 'moved', 'needs_confirmation', 'orphaned'))
    """,
    # A prediction or promise comes due on this ISO date ("" when none).
    "ALTER TABLE claims ADD COLUMN due TEXT NOT NULL DEFAULT ''",
    """
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        place TEXT NOT NULL DEFAULT '',
        date_text TEXT NOT NULL DEFAULT '',
        date_lo TEXT NOT NULL DEFAULT '',
        date_hi TEXT NOT NULL DEFAULT '',
        date_precision TEXT NOT NULL DEFAULT ''
            CHECK (date_precision IN ('', 'day', 'month', 'year', 'range', 'approximate')),
        sources TEXT NOT NULL DEFAULT '[]',
        created_by TEXT REFERENCES annotators(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX events_date ON events(date_lo)",
    f"""
    CREATE TABLE claim_events (
        claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        relation TEXT NOT NULL CHECK (relation IN ({_RELATIONS})),
        created_by TEXT REFERENCES annotators(id),
        created_at TEXT NOT NULL,
        PRIMARY KEY (claim_id, event_id, relation)
    )
    """,
    "CREATE INDEX claim_events_event ON claim_events(event_id)",
    # The verdict scale is data, so a team can use its own labels (PolitiFact-style, say).
    """
    CREATE TABLE verdict_labels (
        label TEXT PRIMARY KEY,
        display TEXT NOT NULL,
        rating INTEGER,
        position INTEGER NOT NULL
    )
    """,
    """
    INSERT INTO verdict_labels (label, display, rating, position) VALUES
        ('confirmed', 'Confirmed', 5, 1),
        ('mostly_confirmed', 'Mostly confirmed', 4, 2),
        ('mixed', 'Mixed', 3, 3),
        ('mostly_refuted', 'Mostly refuted', 2, 4),
        ('refuted', 'Refuted', 1, 5),
        ('unverifiable', 'Unverifiable', NULL, 6),
        ('pending', 'Pending', NULL, 7)
    """,
    # Append-only: a new finding is a new row; the latest as_of (then created_at) is current.
    """
    CREATE TABLE verdicts (
        id TEXT PRIMARY KEY,
        claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        label TEXT NOT NULL REFERENCES verdict_labels(label),
        as_of TEXT NOT NULL,
        conclusion TEXT NOT NULL DEFAULT '',
        reasoning TEXT NOT NULL DEFAULT '',
        confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
        created_by TEXT REFERENCES annotators(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX verdicts_claim ON verdicts(claim_id, as_of, created_at)",
    """
    CREATE TABLE evidence (
        id TEXT PRIMARY KEY,
        claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        verdict_id TEXT REFERENCES verdicts(id) ON DELETE SET NULL,
        stance TEXT NOT NULL CHECK (stance IN ('supports', 'refutes', 'context')),
        document_id TEXT REFERENCES documents(id),
        start INTEGER,
        "end" INTEGER,
        exact TEXT NOT NULL DEFAULT '',
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        archived_url TEXT NOT NULL DEFAULT '',
        accessed TEXT NOT NULL DEFAULT '',
        dated TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        created_by TEXT REFERENCES annotators(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK ((document_id IS NOT NULL AND start IS NOT NULL AND "end" > start) OR url != '')
    )
    """,
    "CREATE INDEX evidence_claim ON evidence(claim_id)",
    """
    CREATE TABLE reviews (
        id TEXT PRIMARY KEY,
        target_type TEXT NOT NULL CHECK (target_type IN ('claim', 'verdict')),
        target_id TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accepted', 'disputed', 'needs_changes')),
        comment TEXT NOT NULL DEFAULT '',
        reply_to TEXT REFERENCES reviews(id),
        created_by TEXT REFERENCES annotators(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX reviews_target ON reviews(target_type, target_id)",
    # A deletion that must travel with a merge, so it is offered for review instead of lost.
    """
    CREATE TABLE tombstones (
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        row TEXT NOT NULL DEFAULT '{}',
        deleted_by TEXT,
        deleted_at TEXT NOT NULL,
        PRIMARY KEY (table_name, row_id)
    )
    """,
    # Both sides of a row two people changed differently; resolved by a reviewer, never silently.
    """
    CREATE TABLE conflicts (
        id TEXT PRIMARY KEY,
        table_name TEXT NOT NULL,
        row_id TEXT NOT NULL,
        ours TEXT NOT NULL,
        theirs TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        resolved TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    )
    """,
]

# Version 3: full-text search (SQLite FTS5) over documents, claims, events, verdicts and evidence.
#
# One FTS5 table holds one entry per searchable row, with three weighted columns: `title` (a
# document's or event's title, a claim's statement, a verdict's conclusion, an evidence note),
# `meta` (authors, publisher, tags, notes, claimant names, place...) and `body` (document text,
# claim and evidence quotes, event description, verdict reasoning). The table keeps its own copy of
# the text (not external content): deleting an entry then needs only its rowid, so the index can
# never be corrupted by a trigger passing old values that differ from what was indexed, and
# snippet() works. `search_refs` maps each entry's rowid to (kind, ref_id); it is a plain table
# because a lookup by an FTS5 UNINDEXED column scans the whole index, which every edit would pay.
# Triggers keep both up to date whatever writes the rows (operations, undo, merge, raw SQL), and
# insert triggers first drop any entry for the same id, so INSERT OR REPLACE cannot leave a duplicate.
# These statements are frozen like every migration: a later change is a new version that drops and
# recreates triggers.


def _search_list(column: str) -> str:
    """A JSON list column's items as text ("a; b"); text that is not JSON is indexed as it is."""
    return (
        "(SELECT group_concat(value, '; ') FROM json_each("
        f"CASE WHEN json_valid({column}) THEN {column} ELSE json_array({column}) END))"
    )


def _search_lines(*expressions: str) -> str:
    return " || char(10) || ".join(f"COALESCE({expression}, '')" for expression in expressions)


# A claim is also found by its claimant's name and aliases ("Lukashenka" finds the claims he made).
_SEARCH_CLAIMANT = (
    "(SELECT a.name || char(10) || COALESCE((SELECT group_concat(alias, '; ') FROM actor_aliases "
    "WHERE actor_id = a.id), '') FROM actors a WHERE a.id = s.claimant_id)"
)

# (kind, table, columns whose change re-indexes the row, title, meta, body); `s` is the source row.
_SEARCH_SOURCES: list[tuple[str, str, str, str, str, str]] = [
    (
        "document",
        "documents",
        "id, title, authors, publisher, notes, text",
        "s.title",
        _search_lines(_search_list("s.authors"), "s.publisher", "s.notes"),
        "s.text",
    ),
    (
        "claim",
        "claims",
        "id, exact, statement, tags, note, claimant_id",
        "s.statement",
        _search_lines(_search_list("s.tags"), "s.note", _SEARCH_CLAIMANT),
        "s.exact",
    ),
    (
        "event",
        "events",
        "id, title, description, place, date_text",
        "s.title",
        _search_lines("s.place", "s.date_text"),
        "s.description",
    ),
    ("verdict", "verdicts", "id, conclusion, reasoning", "s.conclusion", "''", "s.reasoning"),
    (
        "evidence",
        "evidence",
        "id, exact, note, url, archived_url",
        "s.note",
        _search_lines("s.url", "s.archived_url"),
        "s.exact",
    ),
]


def _search_fill(kind: str, table: str, title: str, meta: str, body: str, where: str) -> str:
    """(Re)create the index entries of the `kind` rows matching `where` (their refs must exist)."""
    return f"""
        INSERT INTO search_index (rowid, title, meta, body)
        SELECT r.id, COALESCE({title}, ''), {meta}, COALESCE({body}, '')
        FROM {table} s JOIN search_refs r ON r.kind = '{kind}' AND r.ref_id = s.id
        WHERE {where}"""


def _search_drop(kind: str, ids: str) -> str:
    return f"""
        DELETE FROM search_index
        WHERE rowid IN (SELECT id FROM search_refs WHERE kind = '{kind}' AND ref_id IN ({ids}))"""


def _search_statements() -> list[str]:
    statements = [
        """
        CREATE TABLE search_refs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            ref_id TEXT NOT NULL,
            UNIQUE (kind, ref_id)
        )
        """,
        # remove_diacritics 2 folds every diacritic, so "Ticalau" finds "Țicălău" (and it finds itself).
        """
        CREATE VIRTUAL TABLE search_index USING fts5(
            title, meta, body, tokenize = "unicode61 remove_diacritics 2"
        )
        """,
    ]
    for kind, table, watched, title, meta, body in _SEARCH_SOURCES:
        columns = (title, meta, body)
        drop_old = f"""{_search_drop(kind, "OLD.id")};
        DELETE FROM search_refs WHERE kind = '{kind}' AND ref_id = OLD.id"""
        add_new = f"""
        INSERT OR IGNORE INTO search_refs (kind, ref_id) VALUES ('{kind}', NEW.id);
        {_search_drop(kind, "NEW.id")};
        {_search_fill(kind, table, *columns, "s.id = NEW.id")}"""
        statements += [
            # Rows that exist when a project is upgraded from version 2.
            f"INSERT INTO search_refs (kind, ref_id) SELECT '{kind}', id FROM {table}",
            _search_fill(kind, table, *columns, "1"),
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {add_new}; END",
            f"""CREATE TRIGGER search_{table}_update AFTER UPDATE OF {watched} ON {table}
            BEGIN {drop_old}; {add_new}; END""",
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN {drop_old}; END",
        ]
    # A claimant's new name or alias re-indexes the claims that name them.
    claim_columns = next(source[3:] for source in _SEARCH_SOURCES if source[0] == "claim")

    def refresh_claims_of(actor: str) -> str:
        return f"""{_search_drop("claim", f"SELECT id FROM claims WHERE claimant_id = {actor}")};
        {_search_fill("claim", "claims", *claim_columns, f"s.claimant_id = {actor}")}"""

    statements += [
        f"""CREATE TRIGGER search_actors_update AFTER UPDATE OF name ON actors
        BEGIN {refresh_claims_of("NEW.id")}; END""",
        f"""CREATE TRIGGER search_actor_aliases_insert AFTER INSERT ON actor_aliases
        BEGIN {refresh_claims_of("NEW.actor_id")}; END""",
        f"""CREATE TRIGGER search_actor_aliases_update AFTER UPDATE ON actor_aliases
        BEGIN {refresh_claims_of("OLD.actor_id")}; {refresh_claims_of("NEW.actor_id")}; END""",
        f"""CREATE TRIGGER search_actor_aliases_delete AFTER DELETE ON actor_aliases
        BEGIN {refresh_claims_of("OLD.actor_id")}; END""",
    ]
    return statements


_V3: list[str] = _search_statements()

# MIGRATIONS[n] brings a project from user_version n to n + 1.
# Version 4: where each claim was anchored before a new version of its document moved it, so a fuzzy
# match can be compared with the old quote, confirmed or rejected, and the move undone.
_V4: list[str] = [
    """
    CREATE TABLE anchor_history (
        id INTEGER PRIMARY KEY,
        claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        document_id TEXT NOT NULL REFERENCES documents(id),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        anchor_status TEXT NOT NULL,
        replaced_by_document TEXT NOT NULL REFERENCES documents(id),
        recorded_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX anchor_history_claim ON anchor_history(claim_id, id)",
    "CREATE INDEX documents_version_of ON documents(version_of)",
]

# Version 5: evidence copies. Each imported file's original bytes, content-addressed by SHA-256 (a file
# imported twice, or by two colleagues, is stored once), the document pointing at its original; an
# append-only custody log per document and per evidence item; and an id for the project itself, so a
# merge can say which colleague's project a document came from.
_V5: list[str] = [
    """
    CREATE TABLE originals (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        media_type TEXT NOT NULL DEFAULT '',
        content BLOB NOT NULL
    )
    """,
    # The key is the content's hash: an original never changes, or it would no longer be one.
    """
    CREATE TRIGGER originals_are_immutable BEFORE UPDATE ON originals
    BEGIN
        SELECT RAISE(ABORT, 'an original is evidence and never changes');
    END
    """,
    "ALTER TABLE documents ADD COLUMN original_sha256 TEXT REFERENCES originals(sha256)",
    "CREATE INDEX documents_original ON documents(original_sha256)",
    """
    CREATE TABLE custody (
        id TEXT PRIMARY KEY,
        document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
        evidence_id TEXT REFERENCES evidence(id) ON DELETE CASCADE,
        action TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT REFERENCES annotators(id),
        captured_at TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        source_project TEXT NOT NULL DEFAULT '',
        tool TEXT NOT NULL DEFAULT '',
        original_sha256 TEXT NOT NULL DEFAULT '',
        text_sha256 TEXT NOT NULL DEFAULT '',
        details TEXT NOT NULL DEFAULT '{}'
    )
    """,
    "CREATE INDEX custody_document ON custody(document_id, recorded_at)",
    "CREATE INDEX custody_evidence ON custody(evidence_id, recorded_at)",
    # Append-only: a custody entry is what happened, and what happened does not change. Its entries go
    # only with their document (an undone import takes back what it added, entries included).
    """
    CREATE TRIGGER custody_is_append_only BEFORE UPDATE ON custody
    BEGIN
        SELECT RAISE(ABORT, 'the custody log is append-only');
    END
    """,
    "INSERT OR IGNORE INTO settings (key, value) VALUES ('project_id', lower(hex(randomblob(16))))",
]

# Version 6: covering indexes for what a large project reads at start-up and on opening a document.
# A document's claims' spans (position, kind, anchor health and id, in text order) come from one index
# instead of 100,000 table rows; it replaces claims_document, whose columns it starts with.
_V6: list[str] = [
    'CREATE INDEX claims_document_spans ON claims(document_id, start, "end", kind, anchor_status, id)',
    "DROP INDEX claims_document",
    # The document list reads its columns from this index, in its order, never touching the texts: a
    # table scan would read every document's text, 100 MB from disk on a cold start with 10,000 of them.
    "CREATE INDEX documents_list ON documents(published DESC, title, id, authors, publisher, "
    "source_filename, length, version)",
]

# Version 7: views for browsing a project in Datasette (resources/datasette-metadata.json): claims and
# documents by a readable label, with the row id of their search_index entry so that Datasette's
# `?_search=` finds them through the one full-text index (fts_table search_index, fts_pk search_rowid).
_V7: list[str] = [
    """
    CREATE VIEW claim_list AS
    SELECT r.id AS search_rowid, c.id, c.exact AS quote, c.kind, c.statement, a.name AS claimant,
           c.stated_text AS stated, c.tags, c.note, d.title AS document, c.document_id, c.start, c."end",
           c.anchor_status, c.created_at, c.updated_at
    FROM claims c
    JOIN search_refs r ON r.kind = 'claim' AND r.ref_id = c.id
    JOIN documents d ON d.id = c.document_id
    LEFT JOIN actors a ON a.id = c.claimant_id
    """,
    """
    CREATE VIEW document_list AS
    SELECT r.id AS search_rowid, d.id, d.title, d.authors, d.publisher, d.published, d.url, d.language,
           d.length, d.version, d.created_at
    FROM documents d
    JOIN search_refs r ON r.kind = 'document' AND r.ref_id = d.id
    """,
]

# Version 8: the desk's verdict. An author's own "publish" of their verdict (valid when the project does
# not ask for a second reviewer); a colleague's approval is an accepted review. Verdicts recorded before
# this version were the claim's findings as soon as they were recorded, so each counts as published by
# its author: upgrading changes no report (except that a disputed verdict no longer publishes).
_V8: list[str] = [
    """
    CREATE TABLE verdict_publications (
        verdict_id TEXT PRIMARY KEY REFERENCES verdicts(id) ON DELETE CASCADE,
        claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        published_by TEXT REFERENCES annotators(id),
        created_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX verdict_publications_claim ON verdict_publications(claim_id)",
    "INSERT INTO verdict_publications (verdict_id, claim_id, published_by, created_at) "
    "SELECT id, claim_id, created_by, created_at FROM verdicts",
]

# Version 9: "seen this claim before?". Fact-checks published by other organisations (schema.org
# ClaimReview, imported from JSON-LD files and from the JSON-LD embedded in saved pages), each with the
# rating and dates it was published with, in a full-text index of their own (search_factchecks: named
# search_* so that undo, like for search_index, replays the rows and lets the triggers rebuild it); and
# links between two claims that say the same thing ("same_as", kept once per pair: claim_id < other_id).
# IF NOT EXISTS throughout: a project rebuilt at an earlier version re-runs this migration harmlessly.
_V9_FACTCHECKS: list[str] = [
    """
    CREATE TABLE IF NOT EXISTS factchecks (
        id TEXT PRIMARY KEY,
        claim_reviewed TEXT NOT NULL,
        rating_name TEXT NOT NULL DEFAULT '',
        rating_value TEXT NOT NULL DEFAULT '',
        best_rating TEXT NOT NULL DEFAULT '',
        worst_rating TEXT NOT NULL DEFAULT '',
        author_org TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        date_published TEXT NOT NULL DEFAULT '',
        claimant TEXT NOT NULL DEFAULT '',
        appearance TEXT NOT NULL DEFAULT '[]',
        claim_date TEXT NOT NULL DEFAULT '',
        review TEXT NOT NULL DEFAULT '{}',
        source TEXT NOT NULL DEFAULT '',
        document_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
        created_by TEXT REFERENCES annotators(id),
        created_at TEXT NOT NULL,
        CHECK (claim_reviewed != '')
    )
    """,
    "CREATE INDEX IF NOT EXISTS factchecks_document ON factchecks(document_id)",
    "CREATE INDEX IF NOT EXISTS factchecks_url ON factchecks(url, claim_reviewed)",
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS search_factchecks USING fts5(
        claim, meta, tokenize = "unicode61 remove_diacritics 2"
    )
    """,
    """
    CREATE TRIGGER IF NOT EXISTS search_factchecks_insert AFTER INSERT ON factchecks BEGIN
        INSERT INTO search_factchecks (rowid, claim, meta)
        VALUES (NEW.rowid, NEW.claim_reviewed, NEW.claimant || char(10) || NEW.author_org);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS search_factchecks_delete AFTER DELETE ON factchecks BEGIN
        DELETE FROM search_factchecks WHERE rowid = OLD.rowid;
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS search_factchecks_update AFTER UPDATE ON factchecks BEGIN
        DELETE FROM search_factchecks WHERE rowid = OLD.rowid;
        INSERT INTO search_factchecks (rowid, claim, meta)
        VALUES (NEW.rowid, NEW.claim_reviewed, NEW.claimant || char(10) || NEW.author_org);
    END
    """,
    """
    CREATE TABLE IF NOT EXISTS claim_links (
        claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        other_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        relation TEXT NOT NULL CHECK (relation IN ('same_as')),
        created_by TEXT REFERENCES annotators(id),
        created_at TEXT NOT NULL,
        PRIMARY KEY (claim_id, other_id, relation),
        CHECK (claim_id < other_id)
    )
    """,
    "CREATE INDEX IF NOT EXISTS claim_links_other ON claim_links(other_id)",
]

# Version 10: who a conflict's other side is. A merge records the colleague (the annotator who last worked
# in the merged file) beside the file's name, so a reviewer reads "Boris's" rather than "boris.sqlite's".
# Conflicts recorded before this version name only the file.
_V10_CONFLICT_AUTHORS: list[str] = [
    "ALTER TABLE conflicts ADD COLUMN source_annotator TEXT NOT NULL DEFAULT ''",
]

# Version 11: suggestions. A suggestion is computed from the text, never stored as a claim until accepted;
# what is stored is the analyst's decision on each one (the per-project model learns from them, and a
# rejected suggestion is not shown again), and for a claim made from a suggestion its provenance: which
# generator proposed it, its version and score, and who accepted it. IF NOT EXISTS: re-running this
# version over a project that has it (a test rebuilding an older schema) changes nothing.
_V11_SUGGESTIONS: list[str] = [
    """
    CREATE TABLE IF NOT EXISTS suggestion_decisions (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        kind TEXT NOT NULL,
        exact TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
        score REAL NOT NULL,
        generator TEXT NOT NULL,
        generator_version TEXT NOT NULL,
        features TEXT NOT NULL DEFAULT '[]',
        claim_id TEXT REFERENCES claims(id) ON DELETE SET NULL,
        decided_by TEXT REFERENCES annotators(id),
        created_at TEXT NOT NULL,
        UNIQUE (document_id, kind, start, "end")
    )
    """,
    "CREATE INDEX IF NOT EXISTS suggestion_decisions_document ON suggestion_decisions(document_id)",
    """
    CREATE TABLE IF NOT EXISTS claim_provenance (
        claim_id TEXT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
        generator TEXT NOT NULL,
        generator_version TEXT NOT NULL,
        score REAL NOT NULL,
        suggestion_kind TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        accepted_by TEXT REFERENCES annotators(id),
        accepted_at TEXT NOT NULL
    )
    """,
]


# Version 12: search in scripts written without spaces between words (Chinese, Japanese, Thai, Khmer...)
# and in Korean, whose words carry their particles. The word index's unicode61 tokenizer makes a whole
# run of such text one token, so "战争" (war) inside "顿巴斯战争爆发后" is never a word of its own. FTS5's
# trigram tokenizer (SQLite >= 3.34) indexes every three characters, so any substring of three or more is
# found; store/script_search.py scans the indexed texts for shorter ones. Only rows whose text has a
# character in TRIGRAM_INDEXED_RANGES are indexed here: a Latin-only project pays one GLOB over each new
# text and nothing else. GLOB tests every range for each character, so these are two wide ranges around
# the scripts a query is routed by (SPACELESS_RANGES), not that list, which took four times as long; the
# few other scripts they take in (Georgian, Ethiopic, phonetic letters) are indexed needlessly but
# harmlessly. The entries have their own refs table, like search_index's, so these triggers work whatever
# order SQLite fires them in beside V3's; all names start with "search_" so undo history treats them as
# derived. The statements drop what they create first, so the migration also runs again cleanly on a
# project that went back a version.
SPACELESS_RANGES = (
    "\u0e00-\u0eff"  # Thai, Lao
    "\u0f00-\u0fff"  # Tibetan
    "\u1000-\u109f"  # Myanmar
    "\u1100-\u11ff"  # Hangul Jamo
    "\u1780-\u17ff"  # Khmer
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3100-\u312f"  # Bopomofo
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u31a0-\u31ff"  # Bopomofo extended, Katakana extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\ua000-\ua4cf"  # Yi
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width Katakana
    "\U00020000-\U0003134f"  # CJK extensions B-G
)


# Two ranges, because GLOB tests each range of a class for every character of a text (five ranges cost
# three times as much). Text in these scripts always has characters here; only text whose every such
# character is outside them (CJK extension B-G or compatibility ideographs, half-width katakana alone) is
# left out, and the routing (SPACELESS_RANGES) still sends queries of those characters to this index.
TRIGRAM_INDEXED_RANGES = (
    "\u0e00-\u1dbf"  # Thai ... Khmer, Mongolian (also Georgian, Ethiopic, phonetic extensions)
    "\u3000-\ud7af"  # CJK symbols, kana, ideographs ... Hangul syllables (also Yi, Lisu, Vai...)
)


def _has_trigram_text(expression: str) -> str:
    """SQL true when `expression` has a character in TRIGRAM_INDEXED_RANGES."""
    return f"({expression} GLOB '*[{TRIGRAM_INDEXED_RANGES}]*')"


def _trigram_statements() -> list[str]:
    statements = [
        "DROP TABLE IF EXISTS search_trigram",
        "DROP TABLE IF EXISTS search_trigram_refs",
        """
        CREATE TABLE search_trigram_refs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            ref_id TEXT NOT NULL,
            UNIQUE (kind, ref_id)
        )
        """,
        'CREATE VIRTUAL TABLE search_trigram USING fts5(title, meta, body, tokenize = "trigram")',
    ]

    def drop(kind: str, ids: str) -> str:
        return f"""
        DELETE FROM search_trigram WHERE rowid IN
            (SELECT id FROM search_trigram_refs WHERE kind = '{kind}' AND ref_id IN ({ids}));
        DELETE FROM search_trigram_refs WHERE kind = '{kind}' AND ref_id IN ({ids})"""

    def fill(kind: str, table: str, title: str, meta: str, body: str, where: str) -> list[str]:
        # Refs are made only for the rows that qualify (the one GLOB), then their entries, through the
        # refs; the caller has dropped the refs of the rows `where` selects.
        selected = f"""
            SELECT s.id, COALESCE({title}, '') AS title, {meta} AS meta, COALESCE({body}, '') AS body
            FROM {table} s WHERE {where}"""
        return [
            f"""INSERT INTO search_trigram_refs (kind, ref_id)
            SELECT '{kind}', id FROM ({selected}) WHERE {_has_trigram_text("title || meta || body")}""",
            f"""INSERT INTO search_trigram (rowid, title, meta, body)
            SELECT r.id, t.title, t.meta, t.body FROM ({selected}) t
            JOIN search_trigram_refs r ON r.kind = '{kind}' AND r.ref_id = t.id""",
        ]

    for kind, table, watched, title, meta, body in _SEARCH_SOURCES:
        columns = (title, meta, body)
        statements += [
            f"DROP TRIGGER IF EXISTS search_trigram_{table}_insert",
            f"DROP TRIGGER IF EXISTS search_trigram_{table}_update",
            f"DROP TRIGGER IF EXISTS search_trigram_{table}_delete",
            *fill(kind, table, *columns, "1"),  # the rows a project has when it is upgraded
            # INSERT OR REPLACE fires no delete trigger: an insert drops any entry of its id first.
            f"""CREATE TRIGGER search_trigram_{table}_insert AFTER INSERT ON {table}
            BEGIN {drop(kind, "NEW.id")}; {"; ".join(fill(kind, table, *columns, "s.id = NEW.id"))}; END""",
            f"""CREATE TRIGGER search_trigram_{table}_update AFTER UPDATE OF {watched} ON {table}
            BEGIN {drop(kind, "OLD.id, NEW.id")};
            {"; ".join(fill(kind, table, *columns, "s.id = NEW.id"))}; END""",
            f"""CREATE TRIGGER search_trigram_{table}_delete AFTER DELETE ON {table}
            BEGIN {drop(kind, "OLD.id")}; END""",
        ]
    claim_columns = next(source[3:] for source in _SEARCH_SOURCES if source[0] == "claim")

    def refresh_claims_of(actor: str) -> str:
        return f"""{drop("claim", f"SELECT id FROM claims WHERE claimant_id = {actor}")};
        {"; ".join(fill("claim", "claims", *claim_columns, f"s.claimant_id = {actor}"))}"""

    for name, event, body in [
        ("actors_update", "AFTER UPDATE OF name ON actors", refresh_claims_of("NEW.id")),
        ("actor_aliases_insert", "AFTER INSERT ON actor_aliases", refresh_claims_of("NEW.actor_id")),
        (
            "actor_aliases_update",
            "AFTER UPDATE ON actor_aliases",
            f"{refresh_claims_of('OLD.actor_id')}; {refresh_claims_of('NEW.actor_id')}",
        ),
        ("actor_aliases_delete", "AFTER DELETE ON actor_aliases", refresh_claims_of("OLD.actor_id")),
    ]:
        statements += [
            f"DROP TRIGGER IF EXISTS search_trigram_{name}",
            f"CREATE TRIGGER search_trigram_{name} {event} BEGIN {body}; END",
        ]
    return statements


_V12_TRIGRAM: list[str] = _trigram_statements()


# Version 13: people's mentions. Every place a document names a known person or organisation, by name or
# alias, tagged by the analyst (one at a time, or "tag all occurrences"): a span anchored like a claim
# (code points plus exact/prefix/suffix, the W3C TextPositionSelector and TextQuoteSelector) and the actor
# it names. It says nothing, so it is no claim, and it counts nowhere a claim does. `generator` and
# `generator_version` name the rules that found it ("" when tagged by hand). The id is derived from the
# document's text digest, the span and the actor (ops/mentions.py), so the same mention tagged by two
# colleagues is one row when their files merge. IF NOT EXISTS: the migration runs again harmlessly.
_V13_MENTIONS: list[str] = [
    """
    CREATE TABLE IF NOT EXISTS mentions (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        actor_id TEXT NOT NULL REFERENCES actors(id),
        generator TEXT NOT NULL DEFAULT '',
        generator_version TEXT NOT NULL DEFAULT '',
        created_by TEXT REFERENCES annotators(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (start >= 0 AND "end" > start)
    )
    """,
    'CREATE INDEX IF NOT EXISTS mentions_document ON mentions(document_id, start, "end")',
    "CREATE INDEX IF NOT EXISTS mentions_actor ON mentions(actor_id)",
]

# Version 14: an index on updated_at of every watched table that has one (store/activity.py). The window
# checks each table's max(updated_at) at start and whenever another connection commits; without an index
# that reads the whole table, documents' texts included: about 70 ms with 10,000 documents, and over a
# second with a cold file cache. With it, each max() is one step down a b-tree.
_V14_UPDATED_AT_INDEXES: list[str] = [
    f"CREATE INDEX IF NOT EXISTS {table}_updated_at ON {table} (updated_at)"
    for table in ("documents", "claims", "actors", "events", "verdicts", "evidence", "reviews")
]

# Version 15: the claims a new version moved, indexed by document. Opening a document asks whether any
# of its claims is unsettled (the claim list then shows its anchor column); without this index that walks
# the document's every claim (about 8 ms of the 40 ms open with 100,000 claims), with it the answer is
# one step into an index that holds only moved claims, so tagging does not write to it.
_V15_UNSETTLED_ANCHORS: list[str] = [
    "CREATE INDEX IF NOT EXISTS claims_unsettled ON claims(document_id) WHERE anchor_status != 'ok'"
]

# Version 16: how many claims each document holds, kept by triggers on claims, so every way a claim comes
# or goes (a tag, an undo, a merge, a document deleted with its claims, another process) keeps it right.
# Opening a document reads its claim list's total from here in one step: counting the document's entries
# in claims_document_spans walked 100,000 of them (6-8 ms of the 35 ms open at 100,000 claims). A trigger
# costs each claim written about 2 us beside the ~70 us its search triggers cost. The table is derived
# (the name's prefix tells ops/history.py so): undo replays the claims and the triggers follow. Rows that
# reach 0 go, so a document without claims has no row, however it got there (undo gives back the same
# file). The statements run again harmlessly (the count is taken afresh).
_V16_CLAIM_COUNTS: list[str] = [
    "CREATE TABLE IF NOT EXISTS derived_claim_counts"
    " (document_id TEXT PRIMARY KEY, claims INTEGER NOT NULL) WITHOUT ROWID",
    "DELETE FROM derived_claim_counts",
    "INSERT INTO derived_claim_counts SELECT document_id, count(*) FROM claims GROUP BY document_id",
    """CREATE TRIGGER IF NOT EXISTS derived_claim_counts_insert AFTER INSERT ON claims BEGIN
        INSERT INTO derived_claim_counts VALUES (NEW.document_id, 1)
            ON CONFLICT (document_id) DO UPDATE SET claims = claims + 1;
    END""",
    """CREATE TRIGGER IF NOT EXISTS derived_claim_counts_delete AFTER DELETE ON claims BEGIN
        DELETE FROM derived_claim_counts WHERE document_id = OLD.document_id AND claims <= 1;
        UPDATE derived_claim_counts SET claims = claims - 1 WHERE document_id = OLD.document_id;
    END""",
    """CREATE TRIGGER IF NOT EXISTS derived_claim_counts_move AFTER UPDATE OF document_id ON claims
        WHEN OLD.document_id IS NOT NEW.document_id BEGIN
        DELETE FROM derived_claim_counts WHERE document_id = OLD.document_id AND claims <= 1;
        UPDATE derived_claim_counts SET claims = claims - 1 WHERE document_id = OLD.document_id;
        INSERT INTO derived_claim_counts VALUES (NEW.document_id, 1)
            ON CONFLICT (document_id) DO UPDATE SET claims = claims + 1;
    END""",
]

MIGRATIONS: list[list[str]] = [
    _V1,
    _V2,
    _V3,
    _V4,
    _V5,
    _V6,
    _V7,
    _V8,
    _V9_FACTCHECKS,
    _V10_CONFLICT_AUTHORS,
    _V11_SUGGESTIONS,
    _V12_TRIGRAM,
    _V13_MENTIONS,
    _V14_UPDATED_AT_INDEXES,
    _V15_UNSETTLED_ANCHORS,
    _V16_CLAIM_COUNTS,
]
SCHEMA_VERSION = len(MIGRATIONS)
