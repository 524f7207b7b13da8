"""An installed wheel (what 'pipx install .' installs) holds every file the package reads: a build
from it, in a fresh environment and another folder, makes the whole report."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import rightsgraph

PACKAGE = Path(rightsgraph.__file__).resolve().parent
ROOT = PACKAGE.parent


def data_files() -> set[str]:
    """Every file of the package that is not Python code: what package data must carry."""
    return {
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (built,) = out.glob("rightsgraph-*.whl")
    return built


def test_the_wheel_holds_every_data_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert data_files(), "the scan found nothing: it is broken"
    assert data_files() - names == set()


def test_a_build_from_the_installed_wheel_in_another_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True, timeout=120)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)  # installing a pure-Python wheel is unpacking it
    # The dependencies come from this environment; the package itself only from the wheel.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    where = subprocess.run([python, "-c", "import rightsgraph; print(rightsgraph.__file__)"], cwd=work, env=env,
                           check=True, capture_output=True, text=True).stdout
    assert where.startswith(str(site)), where
    result = subprocess.run([python, "-m", "rightsgraph.cli", "build", "--out", "out"], cwd=work, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert (work / "out" / "index.html").is_file() and list((work / "out" / "views").glob("timeline*.html"))
