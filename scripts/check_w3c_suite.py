"""Runs the W3C annotation-model test suite's assertions on our W3C export of the sample project, by hand.

The suite is not part of this repository: get it with
    git clone https://github.com/w3c/web-annotation-tests
and its JSON Schemas need (not dependencies of annotator, install them in your venv for this script):
    .venv/bin/pip install jsonschema rfc3339-validator
Then:
    .venv/bin/python scripts/check_w3c_suite.py --suite PATH/TO/web-annotation-tests

The suite's `*.test` files list assertions marked must, should or may. The annotation tests run on each
Annotation of an export of the tests' sample project (tests/export/conftest.py: claims with claimants,
dates, tags, notes, event links, verdict histories and evidence), the collection tests on the
AnnotationCollection and the page tests on its AnnotationPage. Before that, the runner is checked on the
suite's own correct and incorrect sample annotations. Prints every MUST and SHOULD that fails (and on how
many objects) and the totals; exits 1 if a MUST fails, or if the runner misjudges the suite's samples.
"""

from __future__ import annotations

import argparse
import copy
import functools
import importlib.util
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from annotator.export.formats import export
from annotator.export.model import ReportFilter
from annotator.store.project import open_project

REPO_ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FOLDERS = ("annotations", "collections", "definitions")
ANNOTATION_TESTS = ("annotationMusts", "annotationOptionals", "annotationsAgentOptionals")
COLLECTION_TESTS = ("collectionMusts", "collectionOptionals")
PAGE_TESTS = ("pageMusts", "pageOptionals")

# SHOULDs that fail because a project does not record what they ask for.
NOT_APPLICABLE = {
    "annotations/bodiesTargets/3.2.1-bodySingleLanguage.json": (
        "the language analysts write statements and notes in is not recorded (the document's is, on the"
        " target's source); tags and kinds are codes, not text in a language"
    ),
    **{
        f"annotations/bodiesTargets/3.3.2-targCreatorAgent{what}Implemented.json": (
            "the target's creator would be the document's authors, kept as names only (no agent)"
        )
        for what in ("Id", "Nickname", "SingleName", "Type")
    },
    "annotations/specificResource/4.2.1-conformsTo.json": (
        "asked of a FragmentSelector; ours are TextQuote and TextPosition selectors"
    ),
}
# Three correct samples with a Composite target of plain IRIs fail 3.2-targetObjectsRecognized, whose
# schema wants the items to be objects: a flaw of the suite's, not of the runner's.
COMPOSITE_SAMPLES = {"anno11.json", "anno12.json", "anno13.json"}

FORMATS = copy.deepcopy(jsonschema.Draft4Validator.FORMAT_CHECKER)


@FORMATS.checks("uri")
def _is_absolute_uri(value: object) -> bool:
    # jsonschema checks "uri" only with a GPL package; an IRI here needs a scheme and no spaces.
    if not isinstance(value, str):
        return True
    return bool(urlsplit(value).scheme) and not any(c.isspace() for c in value)


@dataclass(frozen=True)
class Outcome:
    assertion: str
    kind: str  # must, should or may
    ran_on: int
    failed_on: int


class Suite:
    """A checkout of the suite: its schemas, each built once into a validator."""

    def __init__(self, root: Path) -> None:
        self.root = root
        resources = []
        for path in sorted(p for folder in SCHEMA_FOLDERS for p in (root / folder).rglob("*.json")):
            schema = json.loads(path.read_text(encoding="utf-8"))
            # The schemas name each other by file name ("annotations.json#/definitions/...").
            resources.append((schema.get("id", path.name), Resource.from_contents(schema, DRAFT4)))
        self.registry = Registry().with_resources(resources)

    @functools.cache  # noqa: B019 - one Suite per run
    def assertions(self, test: str) -> list[tuple[str, str, jsonschema.Draft4Validator]]:
        """The test file's assertions: (file, must/should/may, a validator of its schema)."""
        [test_file] = self.root.rglob(f"{test}.test")
        found = []
        for assertion in json.loads(test_file.read_text(encoding="utf-8"))["assertions"]:
            schema = json.loads((self.root / assertion).read_text(encoding="utf-8"))
            if schema.get("expectedResult") != "valid":
                raise SystemExit(f"{assertion}: expects {schema.get('expectedResult')!r}, not 'valid'")
            validator = jsonschema.Draft4Validator(schema, registry=self.registry, format_checker=FORMATS)
            found.append((assertion, schema["assertionType"], validator))
        return found

    def run(self, objects: dict[str, list[Any]]) -> list[Outcome]:
        """Each named test file's assertions on its list of objects."""
        outcomes = []
        for test, instances in objects.items():
            for assertion, kind, validator in self.assertions(test):
                failed = sum(not validator.is_valid(instance) for instance in instances)
                outcomes.append(Outcome(assertion, kind, len(instances), failed))
        return outcomes

    def run_on_collection(self, collection: dict[str, Any]) -> list[Outcome]:
        page = collection.get("first", {})
        objects: dict[str, list[Any]] = {name: page.get("items", []) for name in ANNOTATION_TESTS}
        objects |= {name: [collection] for name in COLLECTION_TESTS}
        objects |= {name: [page] if page else [] for name in PAGE_TESTS}
        return self.run(objects)


def misjudged_samples(suite: Suite) -> list[str]:
    """The suite's own sample annotations the runner judges otherwise than the suite does."""
    wrong = []
    for verdict in ("correct", "incorrect"):
        for path in sorted((suite.root / "tools" / "samples" / verdict).glob("anno*.json")):
            try:
                sample = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                continue  # some incorrect samples are not JSON at all (trailing commas)
            failed = {o.assertion for o in suite.run({"annotationMusts": [sample]}) if o.failed_on}
            if verdict == "incorrect":
                ok = bool(failed)
            elif path.name in COMPOSITE_SAMPLES:
                ok = failed == {"annotations/3.2-targetObjectsRecognized.json"}
            else:
                ok = not failed
            if not ok:
                wrong.append(f"{verdict}/{path.name}: failed {sorted(failed)}")
    return wrong


def sample_collection() -> dict[str, Any]:
    """Our W3C export (every claim) of the tests' sample project, built in a temporary folder."""
    spec = importlib.util.spec_from_file_location("sample_project", REPO_ROOT / "tests/export/conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with tempfile.TemporaryDirectory() as folder, open_project(Path(folder) / "sample.sqlite") as project:
        module.build_sample(project, REPO_ROOT / "seeds")
        data = export(project, "w3c", ReportFilter(verified_only=False))
    assert isinstance(data, str)
    collection: dict[str, Any] = json.loads(data)
    return collection


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, required=True, help="a checkout of w3c/web-annotation-tests")
    args = parser.parse_args(argv)
    if not (args.suite / "annotations" / "annotationMusts.test").is_file():
        parser.error(
            f"{args.suite}: not a web-annotation-tests checkout (no annotations/annotationMusts.test)"
        )
    suite = Suite(args.suite)

    wrong = misjudged_samples(suite)
    print(f"runner on the suite's own samples: {len(wrong)} misjudged")
    for line in wrong:
        print(f"  {line}")

    collection = sample_collection()
    items = collection.get("first", {}).get("items", [])
    print(f"export: {len(items)} annotations, 1 collection, 1 page")
    outcomes = suite.run_on_collection(collection)
    for kind in ("must", "should", "may"):
        of_kind = [o for o in outcomes if o.kind == kind]
        failed = [o for o in of_kind if o.failed_on]
        passed = len(of_kind) - len(failed)
        print(f"{kind.upper()}: {len(of_kind)} assertions, {passed} pass, {len(failed)} fail")
        if kind == "may":
            continue  # a MAY that fails is a feature not used, not a fault
        for o in failed:
            why = NOT_APPLICABLE.get(o.assertion, "NOT EXPLAINED") if kind == "should" else ""
            print(f"  FAIL {o.assertion} on {o.failed_on}/{o.ran_on}" + (f": {why}" if why else ""))
    must_failed = any(o.kind == "must" and o.failed_on for o in outcomes)
    return 1 if must_failed or wrong else 0


if __name__ == "__main__":
    sys.exit(main())
