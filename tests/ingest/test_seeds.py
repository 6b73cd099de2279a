"""Each file of the sample corpus imports with the title, authors and date a reader finds in it."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.models import ImportedDocument
from annotator.ingest import load_file

# (file, format, title, authors, published), read off the seeds by hand. Where a seed names no
# author or date, nothing may be proposed for it.
TITLE_001 = (
    "New Concessions for Putin: Is Lukashenko Ready to Involve the Belarusian Army in the War in Ukraine?"
)
EXPECTED = [
    (
        "000_af1bb3a8da77758f.txt",
        "scholarly-json",
        "From strategic partner to co-aggressor: Russia’s attempts to lure Belarus into the war in Ukraine",
        ["Robert Gabriel Țicălău"],
        "2023-10-05",
    ),
    (
        "001_3d809e97dbcbbd29.txt",
        "text",
        TITLE_001,
        [],
        "",
    ),
    (
        "002_8c3426948d320dc3.txt",
        "text",
        "Will Lukashenka join Putin in invading Ukraine?",
        ["Siarhei Bohdan"],
        "",
    ),
    # 003 has no title line (it starts with the first paragraph), so the title is the file name.
    ("003_ecf39437e7890661.txt", "text", "003_ecf39437e7890661", ["Ekaterina Pierson-Lyzhina"], ""),
    ("004_8f9e010c70d96ada.txt", "text", "Will Belarus join the war now?", ["jishiyama8"], "2022-04-13"),
]


def load(seeds_dir: Path, name: str) -> ImportedDocument:
    return load_file(seeds_dir / name)


def test_the_corpus_is_all_here(seeds_dir: Path) -> None:
    assert sorted(path.name for path in seeds_dir.glob("*.txt")) == [row[0] for row in EXPECTED]


@pytest.mark.parametrize(("name", "source_format", "title", "authors", "published"), EXPECTED)
def test_seed_metadata(
    seeds_dir: Path, name: str, source_format: str, title: str, authors: list[str], published: str
) -> None:
    document = load(seeds_dir, name)
    assert document.source_format == source_format
    assert document.source_filename == name
    assert document.title == title
    assert document.authors == authors
    assert document.published == published
    assert document.warnings == []


@pytest.mark.parametrize("name", [row[0] for row in EXPECTED[1:]])
def test_plain_text_seeds_keep_their_text_exactly(seeds_dir: Path, name: str) -> None:
    # The seeds are UTF-8 with LF endings, so the imported text is the file, byte for byte.
    assert load(seeds_dir, name).text == (seeds_dir / name).read_text(encoding="utf-8")


def test_seed_001_proposes_only_the_title(seeds_dir: Path) -> None:
    # The breadcrumb "ArticlesNew Concessions ... Involve..." is skipped; the dates in the body
    # ("28 September", "October 10th") are events, not the publication date.
    proposals = load(seeds_dir, "001_3d809e97dbcbbd29.txt").proposals
    assert [(p.field, p.evidence) for p in proposals] == [
        (
            "title",
            TITLE_001,
        )
    ]


def test_seed_002_skips_the_site_menu(seeds_dir: Path) -> None:
    proposals = load(seeds_dir, "002_8c3426948d320dc3.txt").proposals
    assert [(p.field, p.value, p.evidence) for p in proposals] == [
        (
            "title",
            "Will Lukashenka join Putin in invading Ukraine?",
            "Will Lukashenka join Putin in invading Ukraine?",
        ),
        ("authors", "Siarhei Bohdan", "Siarhei Bohdan is an associate analyst at the Ostrogorski Centre."),
    ]


def test_seed_003_author_from_the_closing_bio(seeds_dir: Path) -> None:
    proposals = load(seeds_dir, "003_ecf39437e7890661.txt").proposals
    assert [(p.field, p.value) for p in proposals] == [("authors", "Ekaterina Pierson-Lyzhina")]
    assert proposals[0].evidence.startswith("Ekaterina Pierson-Lyzhina is a researcher at the Center")


def test_seed_004_byline_and_updated_date(seeds_dir: Path) -> None:
    proposals = load(seeds_dir, "004_8f9e010c70d96ada.txt").proposals
    assert [(p.field, p.value, p.evidence) for p in proposals] == [
        ("title", "Will Belarus join the war now?", "Will Belarus join the war now?"),
        ("authors", "jishiyama8", "• jishiyama8"),
        ("published", "2022-04-13", "Updated: Apr 13, 2022"),
    ]
