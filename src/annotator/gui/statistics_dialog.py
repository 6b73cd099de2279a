"""The statistics view: the same figures as `annotator stats`, agreement between annotators included."""

from __future__ import annotations

import json
from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from annotator.gui.session import ProjectSession
from annotator.store.statistics import project_statistics


def _format(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else ("—" if value is None else str(value))


class StatisticsDialog(QDialog):
    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statisticsDialog")
        self.setWindowTitle("Statistics")
        self.figures = project_statistics(session.project, date.today().isoformat())
        self.text = QPlainTextEdit()
        self.text.setObjectName("statisticsText")
        self.text.setReadOnly(True)
        self.text.setPlainText(self.report_text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(720, 600)

    def report_text(self) -> str:
        figures = self.figures
        lines = [
            f"Documents: {figures['documents']}",
            f"Claims: {figures['claims']['total']} "
            + "("
            + ", ".join(f"{kind} {count}" for kind, count in figures["claims"]["by_kind"].items())
            + ")",
            "Current verdicts: "
            + ", ".join(
                f"{label} {count}" for label, count in figures["verdicts"]["current_by_label"].items()
            ),
            f"Events: {figures['events']}",
            f"Predictions due for review: {len(figures['predictions_due'])}",
            "",
            "Track record by claimant:",
        ]
        for record in figures["track_record"]["by_claimant"]:
            lines.append(
                f"  {record['name']}: {record['confirmed']} confirmed, {record['refuted']} refuted, "
                f"{record['pending']} pending, {record['other']} other"
            )
        agreement = figures.get("agreement")
        if agreement is not None:
            lines += ["", "Agreement between annotators (verdict labels and claim spans):"]
            lines.append(json.dumps(agreement, ensure_ascii=False, indent=2, default=_format))
        return "\n".join(lines)
