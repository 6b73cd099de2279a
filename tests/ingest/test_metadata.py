"""Metadata guessed from text (title, byline, dates) and read from Markdown front matter and headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.domain.models import MetadataProposal
from annotator.ingest import load_file
from annotator.ingest.markdown import first_h1, split_front_matter
from annotator.ingest.metadata import END_CHARS, is_person_name, iso_date, propose_metadata, split_authors

BODY = (
    "Minsk has so far prevailed in its attempts not to send soldiers to Ukraine, and officials repeat that "
    "the army will stay at home.\n"
)


def fields(text: str) -> list[tuple[str, str]]:
    return [(p.field, p.value) for p in propose_metadata(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Updated: Apr 13, 2022", "2022-04-13"),
        ("12 March 2022", "2022-03-12"),
        ("March 17, 2022", "2022-03-17"),
        ("Thursday, 17 March 2022", "2022-03-17"),
        ("2022-03-17T10:31:00Z", "2022-03-17"),
        ("March 2022", "2022-03"),
        ("17 March", None),  # no year: never guessed
        ("2022", None),  # no month: too vague
        ("312 reads", None),
        # Parts equal to the first default (year 2000, January, day 1) take the second parse to confirm.
        ("1 January 2022", "2022-01-01"),
        ("15 March 2000", "2000-03-15"),
        ("January 2000", "2000-01"),
    ],
)
def test_iso_date(text: str, expected: str | None) -> None:
    assert iso_date(text, fuzzy=text.startswith("Updated")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jane Doe", True),
        ("Ekaterina Pierson-Lyzhina", True),
        ("Ludwig van Beethoven", True),
        ("Robert Gabriel Țicălău", True),
        ("Lukashenko", False),
        ("the army", False),
        ("Jane Doe 2", False),
    ],
)
def test_is_person_name(text: str, expected: bool) -> None:
    assert is_person_name(text) is expected


def test_split_authors() -> None:
    assert split_authors("Jane Doe, John Smith & Ann Lee") == ["Jane Doe", "John Smith", "Ann Lee"]
    assert split_authors("Doe, J.") == ["Doe, J."]
    assert split_authors("  ") == []


def test_title_byline_and_published_date() -> None:
    header = "Home | News | World\n\nMinsk keeps its army at home\n\nBy Jane Doe and John Smith\n"
    text = f"{header}Published 12 March 2022\n\n{BODY}"
    assert propose_metadata(text) == [
        MetadataProposal("title", "Minsk keeps its army at home", "Minsk keeps its army at home"),
        MetadataProposal("authors", "Jane Doe; John Smith", "By Jane Doe and John Smith"),
        MetadataProposal("published", "2022-03-12", "Published 12 March 2022"),
    ]


def test_published_ranks_before_updated() -> None:
    text = f"A title for the test\nUpdated: Apr 13, 2022\nPublished: Apr 1, 2022\n{BODY}"
    assert [v for f, v in fields(text) if f == "published"] == ["2022-04-01", "2022-04-13"]


def test_date_only_line_in_the_header() -> None:
    assert ("published", "2022-03-17") in fields(f"A title for the test\nMarch 17, 2022\n\n{BODY}")


def test_dates_in_the_body_are_not_publication_dates() -> None:
    text = f"A title for the test\n\n{BODY}On 24 February 2022 the invasion began.\nMarch 17, 2022\n"
    assert fields(text) == [("title", "A title for the test")]


def test_author_with_label_and_job_title() -> None:
    text = f"Some headline about Minsk\nAuthor: Jane Doe, Senior Correspondent\n{BODY}"
    assert ("authors", "Jane Doe") in fields(text)


def test_about_the_author_section() -> None:
    text = f"{BODY}\nAbout the author\n\nJane Doe\n"
    assert fields(text) == [("authors", "Jane Doe")]


def test_a_closing_bio_names_the_author() -> None:
    text = f"A title for the test\n\n{BODY}\nJane Doe is a senior analyst at the Minsk Dialogue.\n"
    assert ("authors", "Jane Doe") in fields(text)


def test_a_long_paragraph_at_the_end_is_not_a_bio() -> None:
    # "X is a researcher" early in a 61-word line: prose that mentions someone, not a bio.
    bio = "Jane Doe is a researcher " + "who said that the army will stay at home " * 7
    assert len(bio.split()) > 60
    assert ("authors", "Jane Doe") not in fields(f"A title for the test\n\n{BODY}\n{bio}\n")


def test_a_long_text_is_read_at_both_ends() -> None:
    # Over 2 * END_CHARS: each end is sliced off before it is split into lines.
    middle = BODY * 2000
    assert len(middle) > 2 * END_CHARS
    text = (
        "Minsk keeps its army at home\nBy Jane Doe\nPublished 12 March 2022\n\n"
        f"{middle}\nJohn Smith is a correspondent for Belarus Digest.\nUpdated: Apr 13, 2022\n"
    )
    assert fields(text) == [
        ("title", "Minsk keeps its army at home"),
        ("authors", "Jane Doe"),
        ("authors", "John Smith"),
        ("published", "2022-03-12"),
        ("published", "2022-04-13"),
    ]


@pytest.mark.parametrize("length", [2 * END_CHARS - 100, 2 * END_CHARS + 100])
def test_a_text_without_line_breaks(length: int) -> None:
    # One line of prose around the size where the ends start being sliced off: nothing to propose.
    assert fields(("word " * length)[:length]) == []


def test_no_title_when_the_text_starts_with_prose() -> None:
    assert fields(f"{BODY}\nA subheading later on\n\n{BODY}") == []


def test_boilerplate_block_yields_no_title() -> None:
    assert fields(f"Loading...\nRSS\nBelarus news and analysis today\n\n{BODY}") == []


def test_sentence_and_teaser_lines_are_not_titles() -> None:
    assert fields(f"ArticlesNew Concessions for Putin...\nThis is a sentence.\nby tradition\n\n{BODY}") == []


def test_body_prose_starting_with_by_is_not_a_byline() -> None:
    assert fields(f"A title for the test\nBy tradition and by current circumstances\n{BODY}") == [
        ("title", "A title for the test")
    ]


# Markdown


def md(tmp_path: Path, text: str, name: str = "post.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_markdown_front_matter_is_metadata_and_leaves_the_text(tmp_path: Path) -> None:
    source = (
        "---\n"
        'title: "Will Belarus join?"\n'
        "author:\n"
        "  - Jane Doe\n"
        "  - John Smith\n"
        "date: 2022-04-13 09:00:00 +0200\n"
        "tags: [belarus, war]\n"
        "---\n"
        "\n"
        "# Heading in the text\n"
        "\n"
        "Lukashenko *said* no.\n"
    )
    document = load_file(md(tmp_path, source))
    assert document.source_format == "markdown"
    assert document.text == "# Heading in the text\n\nLukashenko *said* no.\n"
    assert document.title == "Will Belarus join?"
    assert document.authors == ["Jane Doe", "John Smith"]
    assert document.published == "2022-04-13"
    assert document.metadata["front_matter"] == {
        "title": "Will Belarus join?",
        "author": ["Jane Doe", "John Smith"],
        "date": "2022-04-13 09:00:00 +0200",
        "tags": ["belarus", "war"],
    }
    assert document.proposals[0] == MetadataProposal(
        "title", "Will Belarus join?", "front matter title: Will Belarus join?"
    )
    # The H1 stays a proposal the user can pick instead.
    assert MetadataProposal("title", "Heading in the text", "# Heading in the text") in document.proposals


def test_markdown_title_from_the_first_h1(tmp_path: Path) -> None:
    source = "Intro line\n\n```\n# not a heading\n```\n\n# Belarus and the war #\n\nBy Jane Doe\n\n## Part\n"
    document = load_file(md(tmp_path, source, "notes.markdown"))
    assert document.text == source
    assert document.title == "Belarus and the war"
    assert document.authors == ["Jane Doe"]


def test_setext_h1() -> None:
    assert first_h1("Belarus and the war\n===\n\ntext") == ("Belarus and the war", "Belarus and the war\n===")


def test_markdown_without_h1_falls_back_to_the_text_heuristics(tmp_path: Path) -> None:
    document = load_file(md(tmp_path, f"## Minsk keeps its army home\n\n{BODY}"))
    assert document.title == "Minsk keeps its army home"


def test_horizontal_rules_are_not_front_matter() -> None:
    assert split_front_matter("---\n---\ntext") == ({}, "---\n---\ntext")
    assert split_front_matter("text\n---\ntitle: x\n---\n") == ({}, "text\n---\ntitle: x\n---\n")
