"""`annotator settings PROJECT [KEY [VALUE]]`: show or change a project's settings."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli._common import add_identity_argument, annotator_id, open_or_report
from annotator.cli._desk import BAD_INPUT, fail, print_json
from annotator.ops import report_settings as report_ops
from annotator.ops import verdicts as verdict_ops
from annotator.store import findings
from annotator.store.report_settings import DESCRIPTIONS, PREFIX, report_settings

NAME = "settings"
HELP = (
    "show the project's settings, or set one: verdicts_need_second_reviewer on|off, report_title TEXT, "
    "report_organisation TEXT, report_base_url URL, report_methodology TEXT, report_template FOLDER, "
    "report_two_sources on|off (an empty value clears a report setting)"
)

_ON_OFF = {
    "on": True,
    "true": True,
    "yes": True,
    "1": True,
    "off": False,
    "false": False,
    "no": False,
    "0": False,
}
_DESCRIPTIONS = {
    findings.SECOND_REVIEWER_SETTING: "on: a verdict publishes only when a colleague accepts it; "
    "off: its author may publish it (the default)",
    **{PREFIX + name: text for name, text in DESCRIPTIONS.items()},
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file")
    parser.add_argument("key", nargs="?", help="a setting's name")
    parser.add_argument("value", nargs="?", help="its new value")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_identity_argument(parser)


def run(options: argparse.Namespace) -> int:
    if options.key is not None and options.key not in _DESCRIPTIONS:
        return fail(f"unknown setting {options.key!r}; the settings are {', '.join(_DESCRIPTIONS)}")
    project = open_or_report(options.project)
    if project is None:
        return BAD_INPUT
    with project:
        if options.value is not None and options.key.startswith(PREFIX):
            annotator_id(project, options.user)
            try:
                report_ops.set_report_settings(project, {options.key[len(PREFIX) :]: options.value})
            except report_ops.ReportSettingError as error:
                return fail(str(error))
        elif options.value is not None:
            required = _ON_OFF.get(options.value.strip().casefold())
            if required is None:
                return fail(f"{options.key} is on or off, not {options.value!r}")
            annotator_id(project, options.user)  # refuses a read-only project with its reason
            verdict_ops.set_second_reviewer(project, required)
        values = {
            findings.SECOND_REVIEWER_SETTING: "on" if findings.second_reviewer_required(project) else "off"
        }
        stored = report_settings(project)
        values.update({PREFIX + name: getattr(stored, name) for name in DESCRIPTIONS})
    shown = {options.key: values[options.key]} if options.key else values
    if options.json:
        print_json(shown)
        return 0
    for key, value in shown.items():
        print(f"{key} = {value}    ({_DESCRIPTIONS[key]})")
    return 0
