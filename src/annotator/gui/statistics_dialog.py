"""The statistics view: the figures of `annotator stats` as tables, agreement with what it means."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.agreement import alpha_band, kappa_band
from annotator.gui.session import ProjectSession
from annotator.store import findings
from annotator.store.statistics import project_statistics


def _table(
    name: str, headers: list[str], rows: list[list[str]], vertical: list[str] | None = None
) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    if vertical is None:
        table.verticalHeader().hide()
    else:
        table.setVerticalHeaderLabels(vertical)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            table.setItem(row, column, QTableWidgetItem(value))
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


class StatisticsDialog(QDialog):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsDialog")
        self.setWindowTitle("Statistics")
        self.figures = project_statistics(session.project, date.today().isoformat())
        self.waiting = len(findings.waiting_proposals(session.project))
        labels = {entry.label: entry.display for entry in findings.verdict_labels(session.project)}
        self.tabs = QTabWidget()
        self.tabs.setObjectName("statisticsTabs")
        self.overview = self._overview(labels)
        self.track_record = self._track_record()
        agreement = QWidget()
        layout = QVBoxLayout(agreement)
        self.alpha = QLabel(self._alpha_text(self.figures["agreement"]["verdicts"]))
        self.alpha.setObjectName("statisticsAlpha")
        self.alpha.setWordWrap(True)
        self.kappa = self._kappa_matrix(self.figures["agreement"]["verdicts"])
        self.spans = self._spans(self.figures["agreement"]["spans"])
        layout.addWidget(self.alpha)
        layout.addWidget(QLabel("Cohen's kappa per pair of annotators (claims both judged)"))
        layout.addWidget(self.kappa, 1)
        layout.addWidget(QLabel("Claim spans: the second annotator's against the first's, per document"))
        layout.addWidget(self.spans, 1)
        self.tabs.addTab(self.overview, "&Overview")
        self.tabs.addTab(self.track_record, "&Track record")
        self.tabs.addTab(agreement, "&Agreement")
        self.suggestions = self._suggestions()
        self.tabs.addTab(self.suggestions, "&Suggestions")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(self.tabs)
        outer.addWidget(buttons)
        self.resize(760, 600)

    def _overview(self, labels: dict[str, str]) -> QTableWidget:
        figures = self.figures
        rows = [["Documents", str(figures["documents"])], ["Claims", str(figures["claims"]["total"])]]
        rows += [[f"  {kind}", str(count)] for kind, count in figures["claims"]["by_kind"].items()]
        rows.append(["Published verdicts", str(sum(figures["verdicts"]["current_by_label"].values()))])
        rows += [
            [f"  {labels.get(label, label)}", str(count)]
            for label, count in figures["verdicts"]["current_by_label"].items()
        ]
        rows.append(["Claims with newer proposals waiting", str(self.waiting)])
        rows.append(["Events", str(figures["events"])])
        rows.append(["Predictions due for review", str(len(figures["predictions_due"]))])
        return _table("statisticsOverview", ["Figure", "Value"], rows)

    def _suggestions(self) -> QTableWidget:
        """Per kind of suggestion: how many the analysts accepted and rejected, and the share accepted."""
        figures = self.figures["suggestions"]
        rows = [
            [kind, str(f["accepted"]), str(f["rejected"]), _percent(f["acceptance_rate"])]
            for kind, f in figures["by_kind"].items()
        ]
        rows.append(["Claims made from suggestions", str(figures["claims_from_suggestions"]), "", ""])
        return _table("statisticsSuggestions", ["Kind", "Accepted", "Rejected", "Acceptance rate"], rows)

    def _track_record(self) -> QTableWidget:
        rows = [
            [r["name"], str(r["confirmed"]), str(r["refuted"]), str(r["pending"]), str(r["other"])]
            for r in self.figures["track_record"]["by_claimant"]
        ]
        headers = ["Claimant", "Confirmed", "Refuted", "Pending", "Other"]
        return _table("statisticsTrackRecord", headers, rows)

    @staticmethod
    def _alpha_text(verdicts: dict[str, Any]) -> str:
        if not verdicts["claims"]:
            return "Agreement on verdict labels: no claim has verdicts by two or more annotators yet."
        alpha = verdicts["krippendorff_alpha"]
        coders = len(verdicts["annotators"])
        return (
            f"Krippendorff's alpha on verdict labels: {_figure(alpha)} over {verdicts['claims']} "
            f"claim{'' if verdicts['claims'] == 1 else 's'} and {coders} annotators — {alpha_band(alpha)}."
        )

    @staticmethod
    def _kappa_matrix(verdicts: dict[str, Any]) -> QTableWidget:
        names: list[str] = verdicts["annotators"]
        cells = {name: ["" for _ in names] for name in names}
        for pair in verdicts["cohens_kappa"]:
            first, second = pair["annotators"]
            text = f"{_figure(pair['kappa'])} ({kappa_band(pair['kappa'])}, {pair['claims']} claims)"
            cells[first][names.index(second)] = text
            cells[second][names.index(first)] = text
        for index, name in enumerate(names):
            cells[name][index] = "—"
        return _table("statisticsKappa", names, [cells[name] for name in names], vertical=names)

    @staticmethod
    def _spans(spans: list[dict[str, Any]]) -> QTableWidget:
        rows = [
            [
                entry["document"],
                entry["reference"],
                entry["candidate"],
                f"{entry['precision']:.2f}",
                f"{entry['recall']:.2f}",
                f"{entry['f1']:.2f}",
            ]
            for entry in spans
        ]
        headers = ["Document", "First", "Second", "Precision", "Recall", "F1"]
        return _table("statisticsSpans", headers, rows)
