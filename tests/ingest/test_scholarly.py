"""Scholarly JSON records: metadata, the abstract as text, the text after the object, malformed JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.ingest import IngestError, load_file
from annotator.ingest.scholarly import strip_abstract_label

SEED = "000_af1bb3a8da77758f.txt"
TITLE = "From strategic partner to co-aggressor: Russia’s attempts to lure Belarus into the war in Ukraine"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_record_metadata(seeds_dir: Path) -> None:
    document = load_file(seeds_dir / SEED)
    assert document.source_format == "scholarly-json"
    assert document.source_filename == SEED
    assert document.title == TITLE
    assert document.authors == ["Robert Gabriel Țicălău"]
    assert document.published == "2023-10-05"
    assert document.publisher == "Journal of Contemporary Central and Eastern Europe"
    assert document.url == "https://doi.org/10.1080/25739638.2023.2263221"
    assert document.metadata["doi"] == "10.1080/25739638.2023.2263221"
    assert document.metadata["journal"] == "Journal of Contemporary Central and Eastern Europe"
    assert document.metadata["volume"] == "441 1"
    record = document.metadata["record"]
    assert isinstance(record, dict)
    assert record["PeriodicalId"] == 37199 and "abstract" not in record
    # The metadata is JSON-serialisable, since the store keeps it as JSON.
    json.dumps(document.metadata, ensure_ascii=False)


def test_seed_proposals_name_their_json_keys(seeds_dir: Path) -> None:
    proposals = {(p.field, p.value, p.evidence) for p in load_file(seeds_dir / SEED).proposals}
    assert ("title", TITLE, 'JSON key "title"') in proposals
    assert ("published", "2023-10-05", 'JSON key "publicationDate"') in proposals
    assert ("url", "https://doi.org/10.1080/25739638.2023.2263221", 'JSON key "doi"') in proposals


def test_seed_text_is_the_abstract_then_the_trailing_text(seeds_dir: Path) -> None:
    text = load_file(seeds_dir / SEED).text
    # "ABSTRACTAlthough" lost its glued label.
    assert text.startswith("Although Belarus is one of Russia’s strategic partners after the outbreak")
    abstract_end = "Belarusian foreign policy."
    first_end = text.index(abstract_end) + len(abstract_end)
    # The scraped text after the object follows a blank line, as written (its own label included).
    assert text[first_end:].startswith("\n\n引用次数: 0\nAbstract\nABSTRACTAlthough Belarus")
    assert "白俄罗斯虽然是俄罗斯的战略伙伴之一" in text
    assert text.endswith("以及白俄罗斯的外交政策。")
    assert "{" not in text and '"title"' not in text


def test_record_is_recognised_by_content_whatever_the_suffix(tmp_path: Path) -> None:
    record = {"title": "A paper", "abstract": "Abstract: Findings.", "authors": "Ann Lee; Bo Chen"}
    document = load_file(write(tmp_path, "paper.dat", "\n  " + json.dumps(record)))
    assert document.source_format == "scholarly-json"
    assert document.text == "Findings."
    assert document.authors == ["Ann Lee", "Bo Chen"]
    assert document.url == ""


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ("Jane Doe, John Smith", ["Jane Doe", "John Smith"]),
        ("Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
        ("Doe, Jane", ["Doe, Jane"]),
        ("Doe, Jane; Smith, John", ["Doe, Jane", "Smith, John"]),
        (["Jane Doe", " John  Smith "], ["Jane Doe", "John Smith"]),
        ([{"name": "Jane Doe"}, {"authorId": "1", "name": "John Smith"}], ["Jane Doe", "John Smith"]),
    ],
)
def test_author_forms(tmp_path: Path, authors: object, expected: list[str]) -> None:
    record = {"title": "T", "abstract": "A.", "authors": authors}
    assert load_file(write(tmp_path, "r.json", json.dumps(record))).authors == expected


def test_url_field_wins_over_the_doi(tmp_path: Path) -> None:
    record = {"title": "T", "abstract": "A.", "doi": "https://doi.org/10.1/x", "url": "https://example.org/p"}
    document = load_file(write(tmp_path, "r.json", json.dumps(record)))
    assert document.url == "https://example.org/p"
    assert document.metadata["doi"] == "10.1/x"


def test_year_only_publication_date(tmp_path: Path) -> None:
    record = {"title": "T", "abstract": "A.", "year": 2021, "venue": "Some Journal"}
    document = load_file(write(tmp_path, "r.json", json.dumps(record)))
    assert (document.published, document.publisher) == ("2021", "Some Journal")


def test_malformed_json_file_names_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.json", '{\n  "title": "T",\n  "abstract": "A."\n  "doi": "x"\n}')
    with pytest.raises(IngestError) as caught:
        load_file(path)
    assert caught.value.reason == "malformed JSON: Expecting ',' delimiter at line 4, column 3"


def test_json_that_is_not_a_record(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match='needs a "title" and an "abstract"'):
        load_file(write(tmp_path, "other.json", '{"name": "x"}'))
    with pytest.raises(IngestError, match="holds list values, not a record"):
        load_file(write(tmp_path, "list.json", "[1, 2]"))


def test_text_file_starting_with_a_brace_is_plain_text(tmp_path: Path) -> None:
    document = load_file(write(tmp_path, "notes.txt", "{draft} notes on Minsk\n"))
    assert document.source_format == "text"
    assert document.text == "{draft} notes on Minsk\n"


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("ABSTRACTAlthough Belarus", "Although Belarus"),
        ("ABSTRACT: Although", "Although"),
        ("Abstract\nAlthough", "Although"),
        ("ABSTRACTIONS matter", "ABSTRACTIONS matter"),
        ("Abstract expressionism", "Abstract expressionism"),
    ],
)
def test_strip_abstract_label(abstract: str, expected: str) -> None:
    assert strip_abstract_label(abstract) == expected
