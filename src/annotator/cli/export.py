"""`annotator export PROJECT --format F [-o FILE] [filters]`: reports and data files from a project."""

from __future__ import annotations

import argparse
import calendar
import os
import re
import sys
import tempfile
from datetime import date
from pathlib import Path

from annotator.cli._common import open_or_report
from annotator.domain.models import CLAIM_KINDS
from annotator.export.errors import ExportError
from annotator.export.formats import FORMATS, export
from annotator.export.gather import annotator_ids
from annotator.export.model import ReportFilter
from annotator.ops.report_settings import ReportSettingError, check_setting
from annotator.store import findings
from annotator.store.project import Project
from annotator.store.report_settings import ReportSettings, report_settings

NAME = "export"
HELP = "export a report (html, pdf, md) or data (csv, json, claimreview, w3c); standard output unless -o"

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


class UsageError(Exception):
    """A bad option value; the message is printed as is and the command exits with 2."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file")
    parser.add_argument(
        "--format",
        "-f",
        required=True,
        choices=list(FORMATS),
        help="; ".join(f"{f.name}: {f.description}" for f in FORMATS.values()),
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        help="the file to write (required for pdf); default: stdout",
    )
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument(
        "--all",
        dest="verified",
        action="store_false",
        default=None,
        help="include claims with no verdict or a pending one (html, pdf, md and claimreview "
        "cover verified claims only by default; csv and w3c cover every claim)",
    )
    scope.add_argument(
        "--verified-only", dest="verified", action="store_true", help="only claims with a non-pending verdict"
    )
    parser.add_argument(
        "--event", metavar="ID", help="only claims linked to this event (its id or exact title)"
    )
    parser.add_argument(
        "--from",
        dest="date_from",
        help="only claims stated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD)",
    )
    parser.add_argument(
        "--to", dest="date_to", metavar="DATE", help="only claims stated on or before this date"
    )
    parser.add_argument(
        "--annotator", metavar="NAME", help="only claims tagged by this annotator (name or id)"
    )
    parser.add_argument("--kind", choices=CLAIM_KINDS, help="only claims of this kind")
    report = parser.add_argument_group(
        "report settings",
        "in place of the project's (see `annotator settings PROJECT`), for this export only",
    )
    report.add_argument("--title", metavar="TEXT", help="the report's title")
    report.add_argument(
        "--organisation", metavar="TEXT", help="the desk publishing it (ClaimReview's author)"
    )
    report.add_argument(
        "--base-url",
        metavar="URL",
        help="where the report is published: each ClaimReview url is URL#claim-ID",
    )
    report.add_argument("--template", metavar="FOLDER", help="a folder with the desk's own report templates")


def bound(text: str | None, upper: bool) -> str | None:
    """A full ISO date from YYYY, YYYY-MM or YYYY-MM-DD: the first day it can mean, or the last."""
    if text is None:
        return None
    match = _PARTIAL_DATE.match(text.strip())
    if match is None:
        raise UsageError(f"{text!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(match[1]), int(match[2] or (12 if upper else 1)), match[3]
    try:
        last = calendar.monthrange(year, month)[1]
        return date(year, month, int(day) if day else (last if upper else 1)).isoformat()
    except (ValueError, calendar.IllegalMonthError) as error:
        raise UsageError(f"{text!r} is not a valid date ({error})") from None


def _event_id(project: Project, wanted: str) -> str:
    events = findings.events(project)
    for event in events:
        if event.id == wanted:
            return event.id
    by_title = [event for event in events if event.title.casefold() == wanted.strip().casefold()]
    if len(by_title) == 1:
        return by_title[0].id
    if len(by_title) > 1:
        raise UsageError(f"{len(by_title)} events are titled {wanted!r}; give the event's id instead")
    known = "; ".join(f"{event.id} ({event.title})" for event in events[:10]) or "the project has none"
    raise UsageError(f"no event {wanted!r} in {project.path.name}; events: {known}")


def _filter(project: Project, options: argparse.Namespace, verified: bool) -> ReportFilter:
    date_from, date_to = bound(options.date_from, upper=False), bound(options.date_to, upper=True)
    if date_from and date_to and date_from > date_to:
        raise UsageError(f"--from {options.date_from} is after --to {options.date_to}")
    if options.annotator and not annotator_ids(project, options.annotator):
        names = [row[0] for row in project.conn.execute("SELECT name FROM annotators ORDER BY name")]
        raise UsageError(f"no annotator {options.annotator!r}; annotators: {', '.join(names) or 'none'}")
    return ReportFilter(
        verified_only=verified,
        event_id=_event_id(project, options.event) if options.event else None,
        date_from=date_from,
        date_to=date_to,
        annotator=options.annotator,
        kind=options.kind,
    )


def _settings(project: Project, options: argparse.Namespace) -> ReportSettings:
    """The project's report settings with those given on the command line in their place."""
    given = {
        name: check_setting(name, value)
        for name, value in (
            ("title", options.title),
            ("organisation", options.organisation),
            ("base_url", options.base_url),
            ("template", options.template),
        )
        if value is not None
    }
    return report_settings(project).merged(**given)


def _write(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder, so a failed export never leaves half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run(options: argparse.Namespace) -> int:
    fmt = FORMATS[options.format]
    if fmt.binary and options.output is None:
        print(
            f"error: {fmt.name} output is binary; give the file to write with -o FILE{fmt.suffix}",
            file=sys.stderr,
        )
        return 2
    filtered = [options.event, options.date_from, options.date_to, options.annotator, options.kind]
    if fmt.render is None and (any(filtered) or options.verified is not None):
        print(
            f"error: {fmt.name} exports the whole project; the claim filters do not apply to it",
            file=sys.stderr,
        )
        return 2
    if options.output is not None and not options.output.parent.is_dir():
        print(f"error: cannot write {options.output}: the folder does not exist", file=sys.stderr)
        return 2
    project = open_or_report(options.project, create=False)
    if project is None:
        return 2
    with project:
        try:
            verified = fmt.verified_by_default if options.verified is None else options.verified
            where = _filter(project, options, verified) if fmt.render is not None else None
            content = export(project, fmt.name, where, settings=_settings(project, options))
        except (UsageError, ReportSettingError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        except ExportError as error:  # e.g. no Unicode font for the PDF: say so, no traceback
            print(f"error: {error}", file=sys.stderr)
            return 1
    # A BOM lets spreadsheet programs recognise a CSV file as UTF-8; on standard output it would only
    # get in the way of the next program in a pipe.
    encoding = "utf-8-sig" if fmt.name == "csv" and options.output is not None else "utf-8"
    data = content if isinstance(content, bytes) else content.encode(encoding)
    if options.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    try:
        _write(options.output, data)
    except OSError as error:
        print(f"error: cannot write {options.output}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"wrote {options.output} ({fmt.description})", file=sys.stderr)
    return 0
