"""License normalization on the strings real inputs carry, and policy verdicts on expressions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sphinxcontrib.soup.licenses import Policy, normalize


@pytest.mark.parametrize(
    ("raw", "expression", "how"),
    [
        ("MIT", "MIT", "spdx"),
        ("mit", "MIT", "spdx"),
        ("(MPL-2.0 OR Apache-2.0)", "MPL-2.0 OR Apache-2.0", "spdx"),
        ("Apache 2.0", "Apache-2.0", "mapped"),
        ("MIT/X11", "MIT", "mapped"),
        ("GPL-2.0+", "GPL-2.0-or-later", "mapped"),
        ("License :: OSI Approved :: MIT License", "MIT", "mapped"),
        ("https://www.apache.org/licenses/LICENSE-2.0.txt", "Apache-2.0", "mapped"),
        ("MIT/Apache-2.0", "MIT OR Apache-2.0", "mapped"),
        ("Apache-2.0 WITH LLVM-exception", "Apache-2.0 WITH LLVM-exception", "spdx"),
        ("LicenseRef-Vendor-EULA", "LicenseRef-Vendor-EULA", "spdx"),
        ("UNLICENSED", "LicenseRef-Proprietary", "proprietary"),
        # never guessed: several licenses answer to these names
        ("BSD", None, "unknown"),
        ("License :: OSI Approved :: BSD License", None, "unknown"),
        ("SEE LICENSE IN LICENSE.md", None, "unknown"),
        ("MIT, Apache", None, "unknown"),
        (None, None, "none"),
        ("", None, "none"),
    ],
)
def test_normalize(raw, expression, how):
    found = normalize(raw)
    assert (found.expression, found.how) == (expression, how)
    if how == "mapped":
        assert raw in found.shown  # the mapping is shown, not hidden
    if how == "unknown":
        assert found.shown == raw  # kept verbatim


def test_every_license_in_the_npm_corpus_locks_normalizes(corpus: Path):
    strings = set()
    for lock in ("generated/npm-web-v3/package-lock.json", "fetched/npm/passwordless-adminconsole.package-lock.json"):
        packages = json.loads((corpus / lock).read_text())["packages"]
        strings |= {entry["license"] for entry in packages.values() if isinstance(entry.get("license"), str)}
    assert len(strings) > 8
    # the only one left as written is a pointer to a file, which no tool can read as a license
    assert {s for s in strings if normalize(s).expression is None} == {"SEE LICENSE IN LICENSE.txt"}


POLICY = Policy.from_config({"allow": ["permissive"], "review": ["weak-copyleft"], "deny": ["strong-copyleft"]})


@pytest.mark.parametrize(
    ("expression", "verdict"),
    [
        ("MIT", "allow"),
        ("MIT OR GPL-3.0-only", "allow"),  # one acceptable alternative is enough
        ("MIT AND GPL-3.0-only", "deny"),  # every part must pass
        ("MPL-2.0", "review"),
        ("LGPL-2.1-or-later OR MIT", "allow"),
        ("(MIT OR GPL-2.0-only) AND MPL-2.0", "review"),
        ("GPL-2.0-only WITH Classpath-exception-2.0", "deny"),
        ("Artistic-2.0", "review"),  # not listed, and the policy has an allowlist
        ("BSD", "unknown"),
    ],
)
def test_policy_evaluates_expressions(expression, verdict):
    assert POLICY.verdict(normalize(expression)) == verdict


def test_policy_without_allowlist_allows_what_it_does_not_name():
    policy = Policy.from_config({"deny": ["AGPL-3.0-only"]})
    assert policy.verdict(normalize("Artistic-2.0")) == "allow"
    assert policy.verdict(normalize("AGPL-3.0-only")) == "deny"
    assert policy.verdict(normalize("AGPL-3.0-or-later")) == "deny"  # or-later counts as its base
