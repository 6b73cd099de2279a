"""`annotator tag-person PROJECT DOCUMENT PERSON [--json]`: tag every occurrence of a person's name and
aliases in a document as a mention of them, as the window's Tag All Occurrences does."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli._common import add_identity_argument, annotator_id, open_or_report
from annotator.cli._desk import BAD_INPUT, fail, find_id, print_json
from annotator.domain.models import Actor
from annotator.ops import mentions as mention_ops
from annotator.ops.mentions import MentionError
from annotator.store import queries
from annotator.store.project import Project

NAME = "tag-person"
HELP = "tag every occurrence of a person's name and aliases in a document as a mention of them"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file")
    parser.add_argument("document", metavar="DOCUMENT_ID", help="the document (its id, or a start of it)")
    parser.add_argument("person", metavar="PERSON", help="a name, alias or id of a known person")
    parser.add_argument("--json", action="store_true", help="print the new mentions as JSON")
    add_identity_argument(parser)


def _person(project: Project, name_or_id: str) -> Actor:
    """A known actor by id, name or alias (case-insensitive)."""
    found = next((a for a in queries.actors(project) if a.id == name_or_id), None)
    found = found or queries.find_actor(project, name_or_id)
    if found is None:
        raise ValueError(f"nobody called {name_or_id!r} (by name or alias) in this project")
    return found


def run(options: argparse.Namespace) -> int:
    project = open_or_report(options.project)
    if project is None:
        return BAD_INPUT
    with project:
        try:
            actor = _person(project, options.person)
            document_id = find_id(project, "documents", "document", options.document)
            who = annotator_id(project, options.user)
            tagged = mention_ops.tag_all_occurrences(project, document_id, actor.id, who).value
        except (MentionError, ValueError) as error:
            return fail(f"{options.project}: {error}")
    if options.json:
        print_json(tagged)
    else:
        print(f"tagged {len(tagged)} mention{'' if len(tagged) == 1 else 's'} of {actor.name}")
    return 0
