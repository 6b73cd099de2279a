"""Importers: files on disk to ImportedDocument values (no database, no Qt)."""
