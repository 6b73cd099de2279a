"""`annotator actor PROJECT alias|unalias|split NAME ALIAS | merge KEEP OTHER`: people and their aliases."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli._common import add_identity_argument, annotator_id, open_or_report
from annotator.cli._desk import BAD_INPUT, fail, print_json
from annotator.ops import actors as actor_ops
from annotator.ops.actors import ActorError

NAME = "actor"
HELP = "give a person or organisation another name (alias), take one away or split it off, or merge two"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, help="the project file")
    parser.add_argument(
        "action",
        choices=("alias", "unalias", "split", "merge"),
        help="alias NAME ALIAS: ALIAS is another name of NAME (merging whoever is called ALIAS); "
        "unalias NAME ALIAS: it is not; split NAME ALIAS: ALIAS is a person of their own again (undoing "
        "a merge); merge KEEP OTHER: OTHER's claims and names become KEEP's",
    )
    parser.add_argument("first", metavar="NAME_OR_KEEP", help="a name, alias or id")
    parser.add_argument("second", metavar="ALIAS_OR_OTHER", help="the alias, or the actor merged away")
    parser.add_argument("--json", action="store_true", help="print the actor as JSON afterwards")
    add_identity_argument(parser)


def run(options: argparse.Namespace) -> int:
    project = open_or_report(options.project)
    if project is None:
        return BAD_INPUT
    with project:
        who = annotator_id(project, options.user)
        try:
            if options.action == "alias":
                actor = actor_ops.add_alias_op(project, options.first, options.second, who).value
                said = f"{actor.name} is also known as {options.second!r}"
            elif options.action == "unalias":
                actor = actor_ops.remove_alias_op(project, options.first, options.second).value
                said = f"{actor.name} is no longer known as {options.second!r}"
            elif options.action == "split":
                actor = actor_ops.split_alias(project, options.first, options.second, who).value
                said = f"{actor.name} is a person of their own again"
            else:
                actor = actor_ops.merge(project, options.first, options.second, who).value
                said = f"merged {options.second!r} into {actor.name}"
        except ActorError as error:
            return fail(str(error))
    if options.json:
        print_json(actor)
    else:
        aliases = ", ".join(actor.aliases) or "none"
        print(f"{said} (aliases: {aliases})")
    return 0
