"""A small DHF project built from real corpus lock files, and a sphinx-build runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import CORPUS

NPM_LOCK = CORPUS / "fetched/npm/passwordless-adminconsole.package-lock.json"
UV_LOCK = CORPUS / "fetched/python/uv/gdown.uv.lock"

CONF = """\
extensions = ["sphinx_needs", "sphinxcontrib.soup"]
project = "Test DHF"
soup_manifests = [
    {"path": "inputs/web/package-lock.json", "system": "Web"},
    {"path": "inputs/py/uv.lock", "system": "Tool"},
]
soup_records = ["records/*.yaml"]
needs_build_json = True
"""

RECORDS = """\
soup:
  - name: vue
    ecosystem: npm
    title: Vue.js
    manufacturer: Evan You and community
    website: https://vuejs.org
    purpose: Renders the admin console.
    systems: [Web]
    safety_class: B
    support: maintained
    end_of_support: 2027-12-31
    verified: {version: "3.5.21", by: Q. A., date: 2026-10-01}
  - name: apexcharts
    ecosystem: npm
    manufacturer: ApexCharts
    safety_class: A
    support: maintained
    end_of_support: 2027-01-31
    verified: {version: "4.6.0", by: Q. A., date: 2026-10-01}
  - name: requests
    ecosystem: pypi
    manufacturer: Python Software Foundation
    safety_class: B
    support: maintained
    end_of_support: 2027-01-31
    verified: {version: "2.33.1", by: Q. A., date: 2026-10-01}
"""

INDEX = """\
Test DHF
========

.. toctree::

   list
   details

"""

LIST = "SOUP list\n=========\n\n.. soup-list::\n\n"
DETAILS = "SOUP records\n============\n\n.. soup-details::\n\n"


@dataclass
class Project:
    root: Path

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def build(
        self, *args: str, builder: str = "html", out: str = "_build/html", env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        """``sphinx-build`` in a subprocess (a fresh process, as a user runs it)."""
        command = [
            sys.executable,
            "-m",
            "sphinx",
            "--no-color",
            "-b",
            builder,
            *args,
            str(self.root),
            str(self.root / out),
        ]
        # a fixed build date (2026-06-01 UTC): the support and anomaly-age checks count from it
        variables = {**os.environ, "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "1780272000", **(env or {})}
        return subprocess.run(command, capture_output=True, text=True, env=variables, check=False)

    def html(self, page: str, out: str = "_build/html") -> str:
        return (self.root / out / f"{page}.html").read_text(encoding="utf-8")


def make_project(root: Path) -> Project:
    project = Project(root)
    project.write("conf.py", CONF)
    project.write("index.rst", INDEX)
    project.write("list.rst", LIST)
    project.write("details.rst", DETAILS)
    project.write("records/soup.yaml", RECORDS)
    (root / "inputs/web").mkdir(parents=True)
    (root / "inputs/py").mkdir(parents=True)
    shutil.copy(NPM_LOCK, root / "inputs/web/package-lock.json")
    shutil.copy(UV_LOCK, root / "inputs/py/uv.lock")
    return project


@pytest.fixture
def project(tmp_path: Path, corpus: Path) -> Project:
    return make_project(tmp_path / "dhf")


def dedent(text: str) -> str:
    return textwrap.dedent(text)
