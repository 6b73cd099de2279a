"""Annotator: a desktop tool for tagging claims in documents and checking them against events."""

__version__ = "0.1.0"
