"""The SQLite project file: opening, schema migrations and queries (sqlite-utils, no Qt)."""
