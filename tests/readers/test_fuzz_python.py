"""Fuzz the Python readers: random text, mutated corpus files, and TOML values of the wrong type where read.

Whatever the input: no exception, a ReadResult, every problem located in a file (see ``assert_well_formed``).
Paths point into a directory that does not exist, so no sibling or included file is ever read.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from sphinxcontrib.soup.readers.poetry import read_poetry_lock
from sphinxcontrib.soup.readers.pyproject import read_pyproject
from sphinxcontrib.soup.readers.requirements import read_requirements
from sphinxcontrib.soup.readers.uv import read_uv_lock
from tests.readers.fuzzing import corpus_prefix, fuzz_settings, mutate, toml_values

from .pyhelpers import assert_well_formed

NOWHERE = "/nonexistent-soup-fuzz/dir"
READERS = {
    "requirements": (read_requirements, f"{NOWHERE}/requirements.txt"),
    "pyproject": (read_pyproject, f"{NOWHERE}/pyproject.toml"),
    "poetry": (read_poetry_lock, f"{NOWHERE}/poetry.lock"),
    "uv": (read_uv_lock, f"{NOWHERE}/uv.lock"),
}
CORPUS_FILES = {
    "requirements": [
        "generated/pip-tools/requirements.txt",
        "generated/pip-tools/dev-requirements.txt",
        "generated/uv/uv-export-all.txt",
        "generated/poetry/poetry-export-all.txt",
    ],
    "pyproject": [
        "generated/uv/pyproject.toml",
        "generated/poetry/pyproject.toml",
        "fetched/python/poetry/poetry.pyproject.toml",
        "fetched/python/uv/gdown.pyproject.toml",
    ],
    "poetry": [
        "generated/poetry/poetry.lock",
        "fetched/python/poetry/cdxpy-main-and-dev.lock10.poetry.lock",
        "fetched/python/poetry/cdxpy-multi-constraint-deps.lock21.poetry.lock",
        "fetched/python/poetry/cdxpy-local.lock20.poetry.lock",
    ],
    "uv": ["generated/uv/uv.lock", "fetched/python/uv/gdown.uv.lock"],
}
MAX_BASE = 60_000  # mutate a prefix of the large locks: the structure is the same, the run stays fast
FUZZ = fuzz_settings(120)


def check(family: str, text: str) -> None:
    reader, path = READERS[family]
    assert_well_formed(reader(text, path), path)


def corpus_text(corpus: Path, name: str) -> str:
    return corpus_prefix(corpus, name, MAX_BASE)


# --------------------------------------------------------------------------- random text


@FUZZ
@given(family=st.sampled_from(sorted(READERS)), text=st.text(max_size=400))
def test_random_text(family: str, text: str) -> None:
    check(family, text)


REQUIREMENT_WORDS = [
    "-r", "-c", "-e", "--requirement=", "--constraint", "--editable", "-i", "--hash=sha256:00", "--pre", "--bogus",
    "a", "B_c", "x[y]", "==1.0", "===1", ">=2,<3", "~=1.2", "@", "https://h/x-1.0.tar.gz", "git+https://h/r.git@",
    "#egg=r", "file:///", ".", "./p", "../q", "p.whl", ";", " ; ", 'python_version < "3"', 'extra == "e"', "#",
    "# via", "#   a", "# via -r x.in", "# via -c c.txt", "\\", "${VAR}", "(pyproject.toml)", "\t", "é",
]  # fmt: skip


@FUZZ
@given(
    st.lists(
        st.lists(st.sampled_from(REQUIREMENT_WORDS), max_size=6).map(
            lambda ws: "".join(ws) if len(ws) < 2 else " ".join(ws)
        ),
        max_size=25,
    )
)
def test_requirement_like_lines(lines: list[str]) -> None:
    check("requirements", "\n".join(lines))


# --------------------------------------------------------------------------- mutated corpus files


@FUZZ
@given(data=st.data())
def test_mutated_corpus_files(corpus: Path, data: st.DataObject) -> None:
    family = data.draw(st.sampled_from(sorted(CORPUS_FILES)))
    text = corpus_text(corpus, data.draw(st.sampled_from(CORPUS_FILES[family])))
    check(family, mutate(text, data))


# --------------------------------------------------------------------------- wrong types where the readers look

KEYS = [
    "name", "version", "source", "registry", "editable", "virtual", "git", "url", "path", "directory", "marker",
    "markers", "extra", "extras", "include-group", "optional", "type", "reference", "resolved_reference", "python",
    "develop", "workspace", "rev", "tag", "branch", "specifier",
]  # fmt: skip
STRINGS = ["", ".", "a", "main", "dev", "1.0", "*", "^1.2", "~1", ">=1,<2", "a[b]>=1", "x @ https://h/x.whl",
           "libs/x", "git+https://h/r.git", "extra == 'e'", "legacy", "file", "directory", "url"]  # fmt: skip

values = toml_values(KEYS, STRINGS)

TEMPLATES = {
    "uv": (
        "version = {}\n[manifest]\nmembers = {}\nrequirements = {}\n"
        '[[package]]\nname = "root"\nsource = {{ editable = "." }}\ndependencies = {}\n'
        "optional-dependencies = {}\ndev-dependencies = {}\n"
        "[[package]]\nname = {}\nversion = {}\nsource = {}\ndependencies = {}\n"
        "optional-dependencies = {}\nresolution-markers = {}\n"
        '[[package]]\nname = "a"\nversion = "1"\nsource = {{ registry = "r" }}\n'
    ),
    "poetry": (
        "[[package]]\nname = {}\nversion = {}\ngroups = {}\ncategory = {}\noptional = {}\nmarkers = {}\n"
        "source = {}\ndependencies = {}\ndescription = {}\n"
        '[[package]]\nname = "a"\nversion = "1"\n[package.dependencies]\na = {}\nb = {}\n[extras]\nx = {}\n'
    ),
    "pyproject": (
        "[project]\nname = {}\ndependencies = {}\noptional-dependencies = {}\n"
        "[dependency-groups]\ng = {}\nh = {}\n[tool.uv]\ndev-dependencies = {}\nsources = {}\n"
        "[tool.poetry]\nname = {}\ndependencies = {}\ndev-dependencies = {}\ngroup = {}\nextras = {}\n"
    ),
}


@FUZZ
@given(family=st.sampled_from(sorted(TEMPLATES)), data=st.data())
def test_wrong_types_where_read(family: str, data: st.DataObject) -> None:
    template = TEMPLATES[family]
    holes = template.count("{}")
    text = template.format(*(data.draw(values) for _ in range(holes)))
    check(family, text)


@FUZZ
@given(manifest=st.lists(values, min_size=4, max_size=4), lock=values)
def test_poetry_manifest_of_wrong_types(manifest: list[str], lock: str) -> None:
    """The pyproject a poetry.lock is read with is fuzzed too (passed as ``manifest_text``)."""
    text = "[project]\ndependencies = {}\n[tool.poetry.dependencies]\nx = {}\n[tool.poetry.group]\ng = {}\ne = {}\n"
    lock_text = f'[[package]]\nname = "x"\nversion = "1"\ndependencies = {lock}\n'
    path = READERS["poetry"][1]
    assert_well_formed(read_poetry_lock(lock_text, path, manifest_text=text.format(*manifest)), path)
