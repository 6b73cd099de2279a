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

# MIGRATIONS[n] brings a project from user_version n to n + 1.
MIGRATIONS: list[list[str]] = [_V1]
SCHEMA_VERSION = len(MIGRATIONS)
