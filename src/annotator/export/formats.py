"""The export formats by name, for the command line and the GUI: one place that knows them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from annotator.export.claimreview import render_claimreview
from annotator.export.csv_export import render_csv
from annotator.export.gather import build_report, document_texts, gc_paused
from annotator.export.html import render_html
from annotator.export.markdown import render_markdown
from annotator.export.model import Report, ReportFilter
from annotator.export.project_json import render_project_json
from annotator.export.qdpx import render_qdpx
from annotator.export.web_annotation import render_web_annotation
from annotator.store.project import Project
from annotator.store.report_settings import ReportSettings


def _render_pdf(report: Report) -> bytes:
    # Imported on use: fpdf2 (and the fonts it parses) is only needed when someone wants a PDF.
    from annotator.export.pdf import render_pdf

    return render_pdf(report)


@dataclass(frozen=True)
class ExportFormat:
    """One output format: how it renders and what it covers by default."""

    name: str
    description: str
    suffix: str
    media_type: str
    binary: bool
    # Reports and ClaimReview publish findings, so they cover verified claims unless told otherwise;
    # the data formats (CSV, W3C annotations) exist to move all the work, so they cover every claim.
    verified_by_default: bool
    render: Callable[[Report], str | bytes] | None  # None: the whole project, no filter (JSON)
    needs_texts: bool = False  # the report must carry its documents' texts (Report.texts)


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "html", "report as a self-contained HTML page", ".html", "text/html", False, True, render_html
        ),
        ExportFormat("pdf", "report as PDF", ".pdf", "application/pdf", True, True, _render_pdf),
        ExportFormat("md", "report as Markdown", ".md", "text/markdown", False, True, render_markdown),
        ExportFormat("csv", "one row per claim", ".csv", "text/csv", False, False, render_csv),
        ExportFormat("json", "the complete project", ".json", "application/json", False, False, None),
        ExportFormat(
            "claimreview",
            "schema.org ClaimReview JSON-LD",
            ".jsonld",
            "application/ld+json",
            False,
            True,
            render_claimreview,
        ),
        ExportFormat(
            "w3c",
            "W3C Web Annotation JSON-LD",
            ".jsonld",
            "application/ld+json",
            False,
            False,
            render_web_annotation,
        ),
        ExportFormat(
            "qdpx",
            "REFI-QDA project for NVivo, ATLAS.ti, MAXQDA, QualCoder",
            ".qdpx",
            "application/zip",
            True,
            False,
            render_qdpx,
            needs_texts=True,
        ),
    )
}


def export_report(
    project: Project,
    name: str,
    where: ReportFilter | None,
    settings: ReportSettings | None,
    progress: Callable[[int, int], None] | None = None,
) -> str | bytes:
    """Like `export`, telling `progress` (claims done, claims in all) as the rendering advances; the
    callback may raise to stop it."""
    fmt = FORMATS[name]
    if fmt.render is None:
        return render_project_json(project)
    with gc_paused():
        report = build_report(
            project, where or ReportFilter(verified_only=fmt.verified_by_default), None, settings
        )
        report.progress = progress
        output = _rendered(project, fmt, report)
        del report  # freed while the collector is still paused (see _rendered)
    return output


def export(
    project: Project,
    name: str,
    where: ReportFilter | None = None,
    generated_at: str | None = None,
    settings: ReportSettings | None = None,
) -> str | bytes:
    """The project (or the claims `where` selects) in format `name`; text formats return str.
    `settings` replaces the project's report settings (title, organisation, base URL...) when given."""
    fmt = FORMATS[name]
    if fmt.render is None:
        return render_project_json(project, generated_at)
    if where is None:
        where = ReportFilter(verified_only=fmt.verified_by_default)
    with gc_paused():
        report = build_report(project, where, generated_at, settings)
        output = _rendered(project, fmt, report)
        del report  # freed while the collector is still paused (see _rendered)
    return output


def _rendered(project: Project, fmt: ExportFormat, report: Report) -> str | bytes:
    """The report in `fmt`, rendered with the collector paused.

    The callers free the report before they resume the collector: resumed while the report still
    lived, its first collection would walk every object the report holds, all of them still in the
    youngest generation (0.08 - 0.10 s of a 10,000-claim HTML export).
    """
    if fmt.needs_texts:
        report.texts = document_texts(project, {entry.document.id for entry in report.claims})
    assert fmt.render is not None  # the whole-project JSON never builds a report
    return fmt.render(report)
