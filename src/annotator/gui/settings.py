"""Typed reads of QSettings values, which come back as `object` (and as str from INI files)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from annotator.identity import default_user_name


def text_setting(settings: QSettings, key: str, default: str = "") -> str:
    value = settings.value(key, default)
    return default if value is None else str(value)


def list_setting(settings: QSettings, key: str) -> list[str]:
    """A list of strings; QSettings returns a lone string for a one-item list read from an INI file."""
    value = settings.value(key, [])
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]  # type: ignore[attr-defined]


def user_name(settings: QSettings) -> str:
    """The name recorded as the author of new work."""
    return text_setting(settings, "identity/name", default_user_name())
