"""A built wheel carries every file of resources/, and an annotator installed from it finds them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from annotator.resource_files import CHECKOUT_RESOURCES, RESOURCES, resource_path

REPO = Path(__file__).resolve().parent.parent
# What a build reads; copied out so that the build's own files (build/, *.egg-info) stay out of the checkout.
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "src", "resources")
JUNK = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")


def _resource_names() -> list[str]:
    """Every file under resources/, at any depth, as a relative POSIX path."""
    return sorted(
        path.relative_to(CHECKOUT_RESOURCES).as_posix()
        for path in CHECKOUT_RESOURCES.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=JUNK)
        else:
            shutil.copy2(REPO / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    # No build isolation: the build uses this environment's setuptools, so nothing is downloaded.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", out, source],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("annotator-*.whl")
    return built


def test_the_checkout_reads_its_top_level_resources_folder() -> None:
    # The editable install the tests run from has no copy in the package: it reads the repository's folder.
    assert CHECKOUT_RESOURCES == REPO / "resources" and RESOURCES == CHECKOUT_RESOURCES
    assert resource_path("annotator-context.jsonld") == REPO / "resources" / "annotator-context.jsonld"


def test_a_wheel_carries_every_file_under_resources(wheel: Path) -> None:
    names = _resource_names()
    assert "annotator-context.jsonld" in names and "datasette-plugins/annotator_project.py" in names
    with zipfile.ZipFile(wheel) as archive:
        packaged = {
            name.removeprefix("annotator/resources/"): archive.read(name)
            for name in archive.namelist()
            if name.startswith("annotator/resources/") and not name.endswith("/")
        }
    assert sorted(packaged) == names
    for name in names:
        assert packaged[name] == (CHECKOUT_RESOURCES / name).read_bytes(), name


def test_an_installed_wheel_finds_its_resources(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    probe = (
        "import json, annotator, annotator.resource_files as r\n"
        f"names = {_resource_names()!r}\n"
        "print(json.dumps({'package': annotator.__file__, 'folder': str(r.RESOURCES),\n"
        "    'found': [n for n in names if r.resource_path(n).is_file()],\n"
        "    'context': r.load_json('annotator-context.jsonld')['@context']['annotator']}))\n"
    )
    # -S: no site-packages, so the checkout's editable install cannot answer in the wheel's place.
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-S", "-c", probe], env=env, check=True, capture_output=True, text=True
    )
    answer = json.loads(result.stdout)
    assert Path(answer["package"]).is_relative_to(site)
    assert Path(answer["folder"]) == site / "annotator" / "resources"
    assert answer["found"] == _resource_names()
    assert answer["context"] == "urn:annotator:terms#"
