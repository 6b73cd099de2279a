"""Undoable changes of the project's report settings (title, organisation, base URL)."""

from __future__ import annotations

from annotator.gui.operation_command import RecordedCommand
from annotator.gui.session import ProjectSession
from annotator.ops import report_settings as report_ops
from annotator.ops.history import Done
from annotator.store.report_settings import ReportSettings


class ReportSettingsCommand(RecordedCommand):
    """Store report settings given in the export dialog; undo puts the old ones back."""

    def __init__(self, session: ProjectSession, values: dict[str, str]) -> None:
        super().__init__(session, "Change report settings")
        self.values = dict(values)

    def run(self) -> Done[ReportSettings]:
        return report_ops.set_report_settings(self.session.project, self.values)
