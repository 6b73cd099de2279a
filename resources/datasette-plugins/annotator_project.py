"""Datasette plugin: every annotator project it serves gets the table settings of datasette-metadata.json.

Datasette keys metadata by database name, which is each project's file name; this hook applies our
`tables` (label columns, full-text search on the tables and on the claim_list and document_list views)
to whatever databases are served. Browse a project read-only with:

    datasette serve PROJECT.sqlite --plugins-dir resources/datasette-plugins
"""

import json
from pathlib import Path

from datasette import hookimpl

METADATA = json.loads((Path(__file__).resolve().parent.parent / "datasette-metadata.json").read_text("utf-8"))

# Datasette searches a table T with `T.rowid IN (SELECT rowid FROM fts WHERE fts MATCH ...)`, so it needs
# an index whose rowids are T's. A project has one index for everything (search_index), whose rowids are
# search_refs ids, so each searchable table gets a view of it by the table's own rowids, named as its
# metadata's fts_table says. The views are TEMP, made on each of Datasette's connections: the project's
# file is opened read-only and never changed.
SEARCHABLE = {
    "claims": "claim",
    "documents": "document",
    "events": "event",
    "verdicts": "verdict",
    "evidence": "evidence",
}


def _search_view(table, kind):
    view = f"{table}_fts"
    # The view's column named as the view is the index's hidden column of the same role, so that
    # `view MATCH 'words'` is the index's own MATCH (SQLite flattens the view into the join).
    return f"""
        CREATE TEMP VIEW IF NOT EXISTS {view} AS
        SELECT t.rowid AS rowid, i.search_index AS {view}
        FROM search_index i
        JOIN search_refs r ON r.id = i.rowid AND r.kind = '{kind}'
        JOIN main.{table} t ON t.id = r.ref_id"""


@hookimpl
def prepare_connection(conn, database, datasette):
    names = {row[0] for row in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")}
    if not {"search_index", "search_refs"} <= names:
        return  # not an annotator project
    for table, kind in SEARCHABLE.items():
        if table in names:
            conn.execute(_search_view(table, kind))


@hookimpl
def get_metadata(datasette, key, database, table):
    tables = METADATA["tables"]
    databases = {name: {"tables": tables} for name in datasette.databases if not name.startswith("_")}
    return {"title": METADATA["title"], "description": METADATA["description"], "databases": databases}
