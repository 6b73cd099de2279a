"""User preferences (QSettings): identity, default claim kind, date order, highlight colours."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from annotator.domain.models import CLAIM_KINDS
from annotator.gui import style
from annotator.gui.palette import SCHEMES
from annotator.gui.settings import text_setting, user_name

DEFAULT_KIND_COLOURS = dict(style.KIND_COLOURS)


@dataclass
class Preferences:
    name: str
    email: str = ""
    default_kind: str = "factual"
    dayfirst: bool = True  # "03/04/2022" is 3 April (day first) or March 4 (month first)
    kind_colours: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_KIND_COLOURS))
    colour_scheme: str = "system"  # "system", "light" or "dark" (gui/palette.py)

    @classmethod
    def load(cls, settings: QSettings) -> Preferences:
        colours = {
            kind: text_setting(settings, f"colours/{kind}", DEFAULT_KIND_COLOURS[kind])
            for kind in CLAIM_KINDS
        }
        return cls(
            name=user_name(settings),
            email=text_setting(settings, "identity/email"),
            default_kind=text_setting(settings, "defaultClaimKind", "factual"),
            dayfirst=text_setting(settings, "dateOrder", "dayfirst") == "dayfirst",
            kind_colours=colours,
            colour_scheme=text_setting(settings, "colourScheme", "system"),
        )

    def save(self, settings: QSettings) -> None:
        settings.setValue("identity/name", self.name)
        settings.setValue("identity/email", self.email)
        settings.setValue("defaultClaimKind", self.default_kind)
        settings.setValue("dateOrder", "dayfirst" if self.dayfirst else "monthfirst")
        settings.setValue("colourScheme", self.colour_scheme)
        for kind, colour in self.kind_colours.items():
            settings.setValue(f"colours/{kind}", colour)

    def apply(self) -> None:
        """Make these the preferences every widget reads (colours are drawn from style)."""
        global current
        current = self
        style.KIND_COLOURS.update(self.kind_colours)


# The preferences in force; MainWindow loads them from its settings when it opens.
current = Preferences(name="")


def has_identity(settings: QSettings) -> bool:
    return bool(text_setting(settings, "identity/name"))


class PreferencesDialog(QDialog):
    """Edit the preferences; also shown on the very first run to ask who the user is."""

    def __init__(
        self, preferences: Preferences, first_run: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Welcome to annotator" if first_run else "Preferences")
        self.name = QLineEdit(preferences.name)
        self.name.setObjectName("preferencesName")
        self.email = QLineEdit(preferences.email)
        self.email.setObjectName("preferencesEmail")
        self.email.setPlaceholderText("optional")
        self.default_kind = QComboBox()
        self.default_kind.setObjectName("preferencesDefaultKind")
        self.default_kind.addItems(CLAIM_KINDS)
        self.default_kind.setCurrentText(preferences.default_kind)
        self.monthfirst = QCheckBox("Numeric dates are month first (03/04/2022 = March 4)")
        self.monthfirst.setObjectName("preferencesMonthFirst")
        self.monthfirst.setChecked(not preferences.dayfirst)
        self.colours = dict(preferences.kind_colours)
        self.scheme = QComboBox()
        self.scheme.setObjectName("preferencesColourScheme")
        for scheme, name in SCHEMES.items():
            self.scheme.addItem(name, scheme)
        self.scheme.setCurrentIndex(max(self.scheme.findData(preferences.colour_scheme), 0))
        form = QFormLayout(self)
        if first_run:
            intro = QLabel("Your name is recorded as the author of the claims and verdicts you make.")
            intro.setWordWrap(True)
            form.addRow(intro)
        form.addRow("Your &name", self.name)
        form.addRow("&Email", self.email)
        form.addRow("&Default claim kind (T)", self.default_kind)
        form.addRow(self.monthfirst)
        form.addRow("Colour sc&heme", self.scheme)
        self.colour_buttons: dict[str, QPushButton] = {}
        for kind in CLAIM_KINDS:
            button = QPushButton(kind)
            button.setObjectName(f"preferencesColour_{kind}")
            button.clicked.connect(lambda _checked=False, k=kind: self._pick_colour(k))
            self.colour_buttons[kind] = button
            form.addRow(f"Colour of {kind}", button)
        self._show_colours()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.name.textChanged.connect(
            lambda text: self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
                bool(text.strip())
            )
        )

    def _show_colours(self) -> None:
        for kind, button in self.colour_buttons.items():
            button.setStyleSheet(f"background-color: {self.colours[kind]}; color: black;")

    def _pick_colour(self, kind: str) -> None:
        colour = QColorDialog.getColor(QColor(self.colours[kind]), self, f"Colour of {kind} claims")
        if colour.isValid():
            self.colours[kind] = colour.name()
            self._show_colours()

    def preferences(self) -> Preferences:
        return Preferences(
            name=self.name.text().strip(),
            email=self.email.text().strip(),
            default_kind=self.default_kind.currentText(),
            dayfirst=not self.monthfirst.isChecked(),
            kind_colours=dict(self.colours),
            colour_scheme=str(self.scheme.currentData()),
        )
