"""Benchmark of the document view and start-up, each figure printed beside its raw baseline as a ratio.

Run by hand, not in the test suite:
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_document_view.py
Targets (DESIGN.md section 5): opening a 5 MB document with 10,000 claims, and a 1 MB document with
10,000 heavily overlapping claims, each at most 2x raw setPlainText + one-edit-block mergeCharFormat;
tag to visible highlight under 50 ms; cold start with a 10,000-claim project under 1 s; memory with a
20 MB document open under 300 MB.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit  # noqa: E402

from annotator.domain.anchors import make_anchor  # noqa: E402
from annotator.domain.models import Claim, ImportedDocument, new_id, utc_now  # noqa: E402
from annotator.gui.app import create_window  # noqa: E402
from annotator.gui.undo.claims import TagClaimCommand  # noqa: E402
from annotator.ops.documents import add_document  # noqa: E402
from annotator.store.project import open_project  # noqa: E402
from annotator.store.rows import claim_to_row  # noqa: E402

WORDS = "belarus minsk kyiv army border troops said would not join war president événement".split()


def generated_text(size: int, seed: int) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 18))).capitalize() + ". "
        if rng.random() < 0.01:
            # Astral-plane characters, as often as in social-media quotes, keep the UTF-16 path honest.
            sentence += "😀 🇧🇾 "
        if rng.random() < 0.15:
            sentence += "\n\n"
        parts.append(sentence)
        length += len(sentence)
    return "".join(parts)


def generated_spans(text: str, count: int, overlapping: bool, seed: int) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    spans = []
    for _ in range(count):
        start = rng.randrange(0, len(text) - 2000)
        length = rng.randint(200, 1500) if overlapping else rng.randint(20, 200)
        spans.append((start, start + length))
    return spans


def make_project(path: Path, text: str, spans: list[tuple[int, int]]) -> str:
    with open_project(path) as project:
        document_id, _ = add_document(
            project, ImportedDocument(text=text, source_format="text", source_filename="gen.txt")
        )
        now = utc_now()
        rows = []
        for index, (start, end) in enumerate(spans):
            anchor = make_anchor(text, start, end)
            claim = Claim(
                id=new_id(),
                document_id=document_id,
                start=start,
                end=end,
                exact=anchor.exact,
                prefix=anchor.prefix,
                suffix=anchor.suffix,
                kind=("factual", "quote", "prediction", "promise", "opinion")[index % 5],
                created_at=now,
                updated_at=now,
            )
            rows.append(claim_to_row(claim))
        with project.transaction() as db:
            db["claims"].insert_all(rows, batch_size=1000)
    return document_id


def utf16_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    from annotator.domain.offsets import OffsetMap

    offsets = OffsetMap(text)
    return [(offsets.to_utf16(s), offsets.to_utf16(e)) for s, e in spans]


def raw_open(text: str, spans: list[tuple[int, int]]) -> float:
    """The baseline: setPlainText, then every span's background merged in one edit block."""
    u16 = utf16_spans(text, spans)
    editor = QPlainTextEdit()
    editor.resize(1000, 800)
    editor.show()
    fmt = QTextCharFormat()
    fmt.setBackground(QColor("#ffc971"))
    began = time.perf_counter()
    editor.setPlainText(text)
    cursor = QTextCursor(editor.document())
    cursor.beginEditBlock()
    for start, end in u16:
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)
    cursor.endEditBlock()
    QApplication.processEvents()
    elapsed = time.perf_counter() - began
    editor.close()
    editor.deleteLater()
    return elapsed


def app_open(window, document_id: str) -> float:  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    window.open_document(document_id)
    QApplication.processEvents()
    return time.perf_counter() - began


def best_of(runs: int, measure) -> float:  # type: ignore[no-untyped-def]
    return min(measure() for _ in range(runs))


def report(name: str, value: float, baseline: float, target: str, unit: str = "ms") -> None:
    scale = 1000 if unit == "ms" else 1
    print(
        f"{name:<58} {value * scale:9.1f} {unit}  baseline {baseline * scale:9.1f} {unit}  "
        f"ratio {value / baseline:5.2f}x  (target {target})"
    )


def bench_open(folder: Path, label: str, size: int, overlapping: bool, settings: QSettings) -> None:
    text = generated_text(size, seed=size)
    spans = generated_spans(text, 10_000, overlapping, seed=7)
    path = folder / f"{label}.sqlite"
    document_id = make_project(path, text, spans)
    baseline = best_of(3, lambda: raw_open(text, spans))
    window = create_window(path, settings)
    window.show()
    QApplication.processEvents()

    def measure() -> float:
        window.open_document(None)
        return app_open(window, document_id)

    ours = best_of(3, measure)
    report(f"open {label} with 10,000 claims", ours, baseline, "<= 2x")
    if not overlapping:
        bench_tag(window, text)
    window.close()


def bench_tag(window, text: str) -> None:  # type: ignore[no-untyped-def]
    """From the tag command to the repainted view, for one new claim in the big document."""
    timings = []
    for attempt in range(5):
        start = 1000 + attempt * 50_000
        began = time.perf_counter()
        window.session.push(
            TagClaimCommand(window.session, window.document_id, start, start + 40, "prediction", text)
        )
        window.document_view.viewport().repaint()
        timings.append(time.perf_counter() - began)
    # Baseline: one mergeCharFormat on the same document, the least any highlight can cost.
    editor = window.document_view
    fmt = QTextCharFormat()
    fmt.setBackground(QColor("#ffc971"))
    began = time.perf_counter()
    cursor = QTextCursor(editor.document())
    cursor.setPosition(500)
    cursor.setPosition(540, QTextCursor.MoveMode.KeepAnchor)
    cursor.mergeCharFormat(fmt)
    editor.viewport().repaint()
    raw = time.perf_counter() - began
    report("tag one claim to visible highlight (median of 5)", sorted(timings)[2], raw, "< 50 ms absolute")


COLD_START = """
import os, sys, time
began = time.perf_counter()
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
{body}
app.processEvents()
print(time.perf_counter() - began)
"""
RAW_BODY = """
from PySide6.QtWidgets import QMainWindow, QPlainTextEdit
window = QMainWindow(); window.setCentralWidget(QPlainTextEdit()); window.show()
"""
APP_BODY = """
from pathlib import Path
from annotator.gui.app import create_window
window = create_window(Path(sys.argv[1]), QSettings(sys.argv[2], QSettings.Format.IniFormat)); window.show()
"""


def bench_cold_start(folder: Path) -> None:
    text = generated_text(1_000_000, seed=3)
    path = folder / "cold.sqlite"
    make_project(path, text, generated_spans(text, 10_000, False, seed=9))

    def run(body: str) -> float:
        output = subprocess.run(
            [sys.executable, "-c", COLD_START.format(body=body), str(path), str(folder / "cold.ini")],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return float(output.strip().splitlines()[-1])

    raw = min(run(RAW_BODY) for _ in range(3))
    ours = min(run(APP_BODY) for _ in range(3))
    report("cold start to a usable window, 10,000-claim project", ours, raw, "< 1 s absolute")


# ru_maxrss of a child started from this (large) process can report the parent's size at fork, so
# the peak is read from /proc (VmHWM), which counts only the child's own address space after exec.
PEAK = """
def peak_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
"""
MEMORY = (
    PEAK
    + """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication([])
from annotator.gui.app import create_window
window = create_window(Path(sys.argv[1]), QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()
window.open_document(sys.argv[3])
app.processEvents()
print(peak_mb())
"""
)


def bench_memory(folder: Path) -> None:
    """Peak memory of a fresh process that opens a 20 MB document, against one that only shows a window."""
    text = generated_text(20_000_000, seed=5)
    path = folder / "big.sqlite"
    document_id = make_project(path, text, generated_spans(text, 1000, False, seed=11))
    del text
    ours = float(
        subprocess.run(
            [sys.executable, "-c", MEMORY, str(path), str(folder / "mem.ini"), document_id],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    raw_script = COLD_START.format(body=RAW_BODY) + PEAK + "print(peak_mb())"
    raw = float(
        subprocess.run([sys.executable, "-c", raw_script], capture_output=True, text=True, check=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    print(
        f"{'peak memory with a 20 MB document open':<58} {ours:9.1f} MB  "
        f"empty window {raw:9.1f} MB  (target < 300 MB)"
    )


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings = QSettings(str(folder / "bench.ini"), QSettings.Format.IniFormat)
        bench_open(folder, "a 5 MB document", 5_000_000, False, settings)
        bench_open(folder, "a 1 MB document (heavily overlapping)", 1_000_000, True, settings)
        bench_cold_start(folder)
        bench_memory(folder)
    del app


if __name__ == "__main__":
    main()
