"""Build hook: the wheel carries the top-level resources/ folder as the package's annotator/resources.

The repository keeps resources/ beside src/ (the developers' guide's layout), which a source checkout and
an editable install read directly; a built wheel has no checkout, so the build copies the whole folder,
recursively (whatever files it holds), into the package. Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = Path(__file__).resolve().parent / "resources"


class BuildPyWithResources(build_py):
    def run(self) -> None:
        super().run()
        # An editable install reads the checkout's folder itself (annotator/resource_files.py).
        if not self.editable_mode:
            target = Path(self.build_lib) / "annotator" / "resources"
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(RESOURCES, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithResources})
