"""scripts/setup installs only when something it depends on changed (here with a pip that records)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup", tmp_path / "scripts" / "setup")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (tmp_path / "constraints.txt").write_text("httpx==0.28.1\n")
    venv_bin = tmp_path / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "python").symlink_to(sys.executable)
    pip = venv_bin / "pip"
    pip.write_text(f'#!/bin/sh\necho "$*" >> {tmp_path / "pip-calls"}\n')
    pip.chmod(0o755)
    return tmp_path


def _setup(project: Path, *extras: str) -> list[str]:
    """Run the script; return what pip was asked to do, from the start."""
    result = subprocess.run(
        [str(project / "scripts" / "setup"), *extras],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": os.environ["PATH"], "HOME": str(project)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == result.stderr == ""
    calls = project / "pip-calls"
    return calls.read_text().splitlines() if calls.exists() else []


def test_first_setup_installs(project: Path) -> None:
    assert _setup(project, "[dev]") == ["install --quiet --constraint constraints.txt --editable .[dev]"]


def test_setup_again_installs_nothing(project: Path) -> None:
    _setup(project, "[dev]")
    assert len(_setup(project, "[dev]")) == 1


def test_setup_without_extras_after_dev_installs_nothing(project: Path) -> None:
    """scripts/run after scripts/test: the dev install covers the plain one."""
    _setup(project, "[dev]")
    assert len(_setup(project)) == 1


def test_changed_constraints_install_again_with_the_extras_installed_before(project: Path) -> None:
    _setup(project, "[dev]")
    (project / "constraints.txt").write_text("httpx==0.28.2\n")
    assert _setup(project)[1:] == ["install --quiet --constraint constraints.txt --editable .[dev]"]


def test_asking_for_extras_not_yet_installed_installs_them(project: Path) -> None:
    _setup(project)
    assert _setup(project, "[dev]")[1:] == ["install --quiet --constraint constraints.txt --editable .[dev]"]
