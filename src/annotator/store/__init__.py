"""The SQLite project file: opening, schema migrations and queries (sqlite-utils, no Qt)."""

import sys
from types import ModuleType


def load_sqlite_utils() -> ModuleType:
    """sqlite-utils, imported on first use: loading it and its plugins costs about 0.1 s, and the window
    starts without it (reads go through the bare connection; writes and the few dict-row reads use it).

    sqlite-utils imports numpy when it is installed, only to map numpy values to column types. We never
    hand it numpy values (the suggestion model's scores are made Python floats), and numpy, installed for
    scikit-learn, would add about 65 ms (measured: sqlite_utils 107-123 ms hidden, 169-185 ms not). So
    numpy is hidden while sqlite-utils loads; it imports as usual afterwards, when the model needs it.
    """
    if "sqlite_utils" not in sys.modules and "numpy" not in sys.modules:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # makes `import numpy` raise ImportError
        try:
            import sqlite_utils
        finally:
            del sys.modules["numpy"]
        return sqlite_utils
    import sqlite_utils

    return sqlite_utils
