"""Change the project's report settings (title, organisation, base URL, methodology, template folder)."""

from __future__ import annotations

import re

from annotator.ops.history import undoable
from annotator.store.project import Project
from annotator.store.report_settings import PREFIX, SETTING_NAMES, ReportSettings, report_settings

_WEB_URL = re.compile(r"https?://[^/\s?#]\S*", re.IGNORECASE)


class ReportSettingError(ValueError):
    """A report setting's name or value is not one the report can use."""


def check_setting(name: str, value: str) -> str:
    """The value as stored (trimmed), or ReportSettingError saying why it cannot be used."""
    if name not in SETTING_NAMES:
        raise ReportSettingError(f"unknown report setting {name!r}; they are {', '.join(SETTING_NAMES)}")
    value = value.strip() if name != "methodology" else value.strip("\n")
    if name == "base_url" and value and not _WEB_URL.fullmatch(value):
        raise ReportSettingError(f"the base URL must be an http(s) address, not {value!r}")
    if name == "two_sources" and value.casefold() not in ("on", "off"):
        raise ReportSettingError(f"two_sources is on or off, not {value!r}")
    return value


@undoable
def set_report_settings(project: Project, values: dict[str, str]) -> ReportSettings:
    """Store the settings given ("" clears one back to its default); returns the settings now in force."""
    checked = {name: check_setting(name, value) for name, value in values.items()}
    with project.transaction() as db:
        for name, value in checked.items():
            if value == "" or value == getattr(ReportSettings(), name):
                db.conn.execute("DELETE FROM settings WHERE key = ?", [PREFIX + name])
            else:
                db.table("settings").upsert({"key": PREFIX + name, "value": value}, pk="key")
    return report_settings(project)
