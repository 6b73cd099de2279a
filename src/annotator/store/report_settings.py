"""The project's report settings (title, organisation, base URL, methodology, template folder), read."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from annotator.store import queries
from annotator.store.project import Project

# Each field of ReportSettings is kept in the settings table under "report_<field>".
PREFIX = "report_"
DESCRIPTIONS = {
    "title": "the report's title (default: Verified claims: PROJECT)",
    "organisation": "the desk publishing the report; ClaimReview's author",
    "base_url": "where the report is published; each claim's ClaimReview url is this plus #claim-ID",
    "methodology": "the methodology section's text (default: a paragraph on kinds, scale and review)",
    "template": "a folder with the desk's own report.html.j2 / report.md.j2 / report.css / logo.png",
    "two_sources": "on: a published verdict needs at least two independent sources (the default); off",
}


@dataclass(frozen=True)
class ReportSettings:
    """What a desk says about its reports; "" means "not set" (the report then uses its default)."""

    title: str = ""
    organisation: str = ""
    base_url: str = ""
    methodology: str = ""
    template: str = ""
    two_sources: str = "on"

    def merged(self, **overrides: str | None) -> ReportSettings:
        """These settings with the values given (say, on the command line) in place of the stored ones."""
        given = {key: value for key, value in overrides.items() if value is not None}
        return replace(self, **given)

    @property
    def needs_two_sources(self) -> bool:
        return self.two_sources.strip().casefold() not in ("off", "false", "no", "0")


SETTING_NAMES = tuple(field.name for field in fields(ReportSettings))


def report_settings(project: Project) -> ReportSettings:
    stored = {
        key[len(PREFIX) :]: str(value)
        for key, value in project.conn.execute(
            "SELECT key, value FROM settings WHERE key LIKE 'report\\_%' ESCAPE '\\'"
        )
        if key[len(PREFIX) :] in SETTING_NAMES
    }
    return ReportSettings(**stored)


def report_setting(project: Project, name: str) -> str:
    return queries.setting(project, PREFIX + name, getattr(ReportSettings(), name))
