"""A DOCX press release and emails (.eml with an attached PDF, .mbox) through the one import path, each
with its original kept and the attachment a document of its own linked to its message."""

from __future__ import annotations

import hashlib
import mailbox
import zipfile
from email.message import EmailMessage
from pathlib import Path

import docx

from annotator.ingest.budget import MIB, Budget
from annotator.ops.importing import import_paths
from annotator.store import evidence, queries
from annotator.store.project import open_project


def _press_release(path: Path) -> Path:
    document = docx.Document()
    document.core_properties.title = "Ministry statement on exercises"
    document.core_properties.author = "Press Office"
    document.sections[0].header.paragraphs[0].text = "FOR IMMEDIATE RELEASE"
    intro = document.add_paragraph("The ministry says no troops will cross the border.")
    document.add_paragraph("Exercises end on 20 February 2022.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Unit", "Soldiers"
    table.cell(1, 0).text, table.cell(1, 1).text = "Western group", "30,000"
    document.add_comment(intro.runs, text="Check against satellite images", author="Desk")
    document.save(str(path))
    return path


FOOTNOTES = (
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>Figures from the ministry, 18 February 2022.</w:t></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


def _with_footnotes(path: Path) -> Path:
    """Add a footnotes part as Word writes one (python-docx cannot make footnotes)."""
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    relation = (
        '<Relationship Id="rIdFootnotes" Target="footnotes.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"/>'
    )
    rels = "word/_rels/document.xml.rels"
    members[rels] = members[rels].replace(b"</Relationships>", relation.encode() + b"</Relationships>")
    override = (
        '<Override PartName="/word/footnotes.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
    )
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", override.encode() + b"</Types>"
    )
    members["word/footnotes.xml"] = FOOTNOTES.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            target.writestr(name, data)
    return path


def _email_with_pdf(path: Path, pdf: Path, charset: str = "utf-8") -> Path:
    message = EmailMessage()
    message["From"] = "Source Person <source@example.org>"
    message["To"] = "desk@example.org"
    message["Subject"] = "Leaked memo"
    message["Date"] = "Mon, 14 Mar 2022 09:30:00 +0000"
    message["Message-ID"] = "<memo-1@example.org>"
    message.set_content("The memo attached shows the order was signed on 10 March.")
    message.add_attachment(pdf.read_bytes(), maintype="application", subtype="pdf", filename="memo.pdf")
    data = message.as_bytes()
    if charset != "utf-8":
        data = data.replace(b'charset="utf-8"', f'charset="{charset}"'.encode(), 1)
    path.write_bytes(data)
    return path


def test_a_docx_press_release_imports_with_its_original(tmp_path: Path) -> None:
    release = _with_footnotes(_press_release(tmp_path / "statement.docx"))
    with open_project(tmp_path / "p.sqlite") as project:
        [outcome] = import_paths(project, [release])
        assert outcome.added_document, outcome.describe()
        document = queries.get_document(project, outcome.document_id or "", with_text=True)
        assert document.title == "Ministry statement on exercises" and document.authors == ["Press Office"]
        assert document.text.startswith("FOR IMMEDIATE RELEASE\n\nThe ministry says no troops")
        assert "Western group\t30,000" in document.text
        assert document.text.endswith("Footnotes\n[1] Figures from the ministry, 18 February 2022.\n")
        assert document.metadata["comments"] == [{"author": "Desk", "text": "Check against satellite images"}]
        info = evidence.original_of_document(project, document.id)
        assert info is not None and info.sha256 == hashlib.sha256(release.read_bytes()).hexdigest()
        assert info.media_type.endswith("wordprocessingml.document")


def test_an_email_and_its_attached_pdf_import_linked_with_their_originals(
    tmp_path: Path, realworld_dir: Path
) -> None:
    pdf = realworld_dir / "pdf" / "Seige_of_Vicksburg_Sample_OCR-crazyones-merged.pdf"
    mail = _email_with_pdf(tmp_path / "memo.eml", pdf)
    with open_project(tmp_path / "p.sqlite") as project:
        outcomes = import_paths(project, [mail])
        assert [o.added_document for o in outcomes] == [True, True], [o.describe() for o in outcomes]
        message = queries.get_document(project, outcomes[0].document_id or "", with_text=True)
        attachment = queries.get_document(project, outcomes[1].document_id or "", with_text=False)
        assert message.title == "Leaked memo" and message.published == "2022-03-14"
        assert "signed on 10 March" in message.text and message.metadata["email"]["message-id"]
        assert attachment.source_format == "pdf" and attachment.metadata["attached_to"] == message.id
        assert "attachment memo.pdf" in outcomes[1].describe()
        message_original = evidence.original_of_document(project, message.id)
        pdf_original = evidence.original_of_document(project, attachment.id)
        assert message_original is not None and pdf_original is not None
        assert evidence.original_content(project, message_original.sha256) == mail.read_bytes()
        assert evidence.original_content(project, pdf_original.sha256) == pdf.read_bytes()


def test_an_mbox_imports_each_message_and_a_bad_charset_is_read_with_a_warning(
    tmp_path: Path, realworld_dir: Path
) -> None:
    pdf = realworld_dir / "pdf" / "Seige_of_Vicksburg_Sample_OCR-crazyones-merged.pdf"
    box_path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(str(box_path))
    try:
        for number, charset in enumerate(("utf-8", "x-no-such-charset"), start=1):
            source = _email_with_pdf(tmp_path / f"m{number}.eml", pdf, charset)
            text = source.read_bytes().replace(b"Leaked memo", f"Memo {number}".encode())
            box.add(text)
    finally:
        box.close()
    with open_project(tmp_path / "p.sqlite") as project:
        outcomes = import_paths(project, [box_path])
        added = [o for o in outcomes if o.added_document]
        duplicates = [o for o in outcomes if o.duplicate_of is not None]
        # Two messages; the same PDF attached to both is one document.
        assert (len(added), len(duplicates)) == (3, 1), [o.describe() for o in outcomes]
        titles = {o.title for o in added}
        assert {"Memo 1", "Memo 2"} <= titles
        second = next(o for o in added if o.title == "Memo 2")
        assert any("charset" in warning for warning in second.warnings)


def test_a_damaged_word_document_or_a_bomb_is_refused_and_the_rest_imported(
    tmp_path: Path, seeds_dir: Path
) -> None:
    whole = _press_release(tmp_path / "whole.docx").read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(whole[: len(whole) // 2])
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (3 * MIB))
    not_mail = tmp_path / "note.eml"
    not_mail.write_bytes(b"just a line of text\n")
    good = seeds_dir / "002_8c3426948d320dc3.txt"
    with open_project(tmp_path / "p.sqlite") as project:
        outcomes = import_paths(
            project, [cut, bomb, not_mail, good], budget=Budget(max_content_bytes=2 * MIB)
        )
        errors = {o.path.name: o.error or "" for o in outcomes if not o.ok}
        assert "truncated or damaged" in errors["cut.docx"]
        assert "zip bombs" in errors["bomb.docx"]
        assert "not an email message" in errors["note.eml"]
        assert [o.path.name for o in outcomes if o.added_document] == [good.name]
