"""Datasette plugin: every annotator project it serves gets the table settings of datasette-metadata.json.

Datasette keys metadata by database name, which is each project's file name; this hook applies our
`tables` (label columns, full-text search through the claim_list and document_list views) to whatever
databases are served. Browse a project read-only with:

    datasette serve PROJECT.sqlite --plugins-dir resources/datasette-plugins
"""

import json
from pathlib import Path

from datasette import hookimpl

METADATA = json.loads((Path(__file__).resolve().parent.parent / "datasette-metadata.json").read_text("utf-8"))


@hookimpl
def get_metadata(datasette, key, database, table):
    tables = METADATA["tables"]
    databases = {name: {"tables": tables} for name in datasette.databases if not name.startswith("_")}
    return {"title": METADATA["title"], "description": METADATA["description"], "databases": databases}
