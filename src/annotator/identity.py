"""Who is working: the default annotator name when none has been given."""

from __future__ import annotations

import getpass
import os


def default_user_name() -> str:
    """The login name, as a fallback until the user gives their real name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "") or "Anonymous"
