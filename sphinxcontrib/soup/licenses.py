"""Licenses: every license string normalized to an SPDX expression, and a policy evaluated on it.

Known aliases ("Apache 2.0", "MIT/X11", trove classifiers, license URLs) are mapped and the mapping is
shown; what cannot be normalized is kept verbatim and flagged, never guessed (a bare "BSD" names several
licenses). Policy verdicts follow the expression: ``MIT OR GPL-3.0-only`` is acceptable when MIT is allowed,
``MIT AND GPL-3.0-only`` only when both are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from .facades.spdx_expression import parse_expression

#: lower-case alias -> SPDX id; only names that denote exactly one license (no "BSD", no versionless GPL)
ALIASES: dict[str, str] = {
    "apache 2": "Apache-2.0",
    "apache 2.0": "Apache-2.0",
    "apache-2": "Apache-2.0",
    "apache license 2.0": "Apache-2.0",
    "apache license, version 2.0": "Apache-2.0",
    "apache license version 2.0": "Apache-2.0",
    "the apache software license, version 2.0": "Apache-2.0",
    "the apache license, version 2.0": "Apache-2.0",
    "apache software license 2.0": "Apache-2.0",
    "asl 2.0": "Apache-2.0",
    "mit/x11": "MIT",
    "mit license": "MIT",
    "the mit license": "MIT",
    "expat": "MIT",
    "isc license": "ISC",
    "isc license (iscl)": "ISC",
    "mpl 2.0": "MPL-2.0",
    "mozilla public license 2.0": "MPL-2.0",
    "mozilla public license 2.0 (mpl 2.0)": "MPL-2.0",
    "new bsd": "BSD-3-Clause",
    "new bsd license": "BSD-3-Clause",
    "bsd 3-clause": "BSD-3-Clause",
    "bsd-3": "BSD-3-Clause",
    "3-clause bsd license": "BSD-3-Clause",
    "modified bsd license": "BSD-3-Clause",
    "simplified bsd": "BSD-2-Clause",
    "bsd 2-clause": "BSD-2-Clause",
    "bsd-2": "BSD-2-Clause",
    "gplv2": "GPL-2.0-only",
    "gplv2+": "GPL-2.0-or-later",
    "gplv3": "GPL-3.0-only",
    "gplv3+": "GPL-3.0-or-later",
    "lgplv3": "LGPL-3.0-only",
    "lgplv3+": "LGPL-3.0-or-later",
    "agplv3": "AGPL-3.0-only",
    "gnu general public license v2 (gplv2)": "GPL-2.0-only",
    "gnu general public license v2 or later (gplv2+)": "GPL-2.0-or-later",
    "gnu general public license v3 (gplv3)": "GPL-3.0-only",
    "gnu general public license v3 or later (gplv3+)": "GPL-3.0-or-later",
    "gnu lesser general public license v2 (lgplv2)": "LGPL-2.0-only",
    "gnu lesser general public license v2 or later (lgplv2+)": "LGPL-2.0-or-later",
    "gnu lesser general public license v3 (lgplv3)": "LGPL-3.0-only",
    "gnu lesser general public license v3 or later (lgplv3+)": "LGPL-3.0-or-later",
    "gnu affero general public license v3": "AGPL-3.0-only",
    "gnu affero general public license v3 or later (agplv3+)": "AGPL-3.0-or-later",
    "python software foundation license": "PSF-2.0",
    "psf": "PSF-2.0",
    "psfl": "PSF-2.0",
    "the unlicense": "Unlicense",
    "the unlicense (unlicense)": "Unlicense",
    "zlib/libpng license": "Zlib",
    "boost software license 1.0 (bsl-1.0)": "BSL-1.0",
    "eclipse public license 2.0": "EPL-2.0",
    "eclipse public license - v 2.0": "EPL-2.0",
    "cc0 1.0 universal (cc0 1.0) public domain dedication": "CC0-1.0",
}
CLASSIFIER = re.compile(r"^license\s*::\s*(?:osi approved\s*::\s*)?", re.I)
URL = re.compile(r"^https?://", re.I)
#: URLs of license texts -> SPDX id (the host and path, lower case, without scheme and trailing .txt/.html/.php)
URLS = {
    "www.apache.org/licenses/license-2.0": "Apache-2.0",
    "apache.org/licenses/license-2.0": "Apache-2.0",
    "www.opensource.org/licenses/mit-license": "MIT",
    "opensource.org/licenses/mit-license": "MIT",
    "www.eclipse.org/legal/epl-v20": "EPL-2.0",
    "www.mozilla.org/mpl/2.0": "MPL-2.0",
    "www.gnu.org/licenses/gpl-3.0": "GPL-3.0-only",
    "www.gnu.org/licenses/lgpl-3.0": "LGPL-3.0-only",
}
#: npm's word for "not open source: all rights reserved"
PROPRIETARY = {"unlicensed", "proprietary", "commercial", "all rights reserved"}


@dataclass(frozen=True)
class License:
    """A component's license: as written, as an SPDX expression, and how one became the other."""

    raw: str | None
    expression: str | None  # None: not normalizable (kept verbatim in ``raw``, flagged)
    how: str  # "spdx" (already SPDX), "mapped" (an alias was mapped), "proprietary", "unknown", "none"
    tree: tuple = ()

    @property
    def shown(self) -> str:
        """What a page shows: the expression, the mapping it came from, or the raw text."""
        if self.how == "mapped":
            return f"{self.expression} (from “{self.raw}”)"
        if self.how == "proprietary":
            return f"{self.raw} (proprietary)"
        return self.expression or self.raw or "unknown"


@cache
def normalize(raw: str | None) -> License:
    """Normalize one license string (results are cached: lock files repeat the same few strings)."""
    text = (raw or "").strip()
    if not text:
        return License(raw, None, "none")
    if text.lower() in PROPRIETARY:
        return License(raw, "LicenseRef-Proprietary", "proprietary", ("license", "LicenseRef-Proprietary"))
    parsed = parse_expression(text) if _looks_like_expression(text) else None
    if parsed is not None and not parsed.unknown:
        same = _plain(parsed.text) == _plain(text)  # only case, spacing or outer parentheses differ
        return License(raw, parsed.text, "spdx" if same else "mapped", parsed.tree)
    mapped = _alias(text)
    if mapped is not None:
        parsed = parse_expression(mapped)
        if parsed is not None and not parsed.unknown:
            return License(raw, parsed.text, "mapped", parsed.tree)
    return License(raw, None, "unknown")


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("(", " ").replace(")", " ").split())


def _looks_like_expression(text: str) -> bool:
    return not URL.match(text) and "," not in text and "::" not in text


def _alias(text: str) -> str | None:
    """The SPDX expression an alias, classifier, URL or ``A/B`` pair stands for, or None."""
    lower = CLASSIFIER.sub("", text).strip().lower()
    if lower in ALIASES:
        return ALIASES[lower]
    if URL.match(lower):
        key = re.sub(r"^https?://|(\.txt|\.html?|\.php)$|/$", "", lower)
        return URLS.get(key)
    if "/" in lower and " " not in lower.strip():  # "MIT/Apache-2.0": Cargo's old "either" syntax
        parts = [p for p in text.split("/") if p]
        if len(parts) > 1 and all(_known(p) for p in parts):
            return " OR ".join(parts)
    return None


def _known(text: str) -> bool:
    parsed = parse_expression(text)
    return parsed is not None and not parsed.unknown


# --------------------------------------------------------------------------- policy

#: license groups a policy can name; members are SPDX ids (an "-or-later" id counts as its base too)
GROUPS: dict[str, frozenset[str]] = {
    "permissive": frozenset(
        "MIT MIT-0 X11 ISC 0BSD BSD-2-Clause BSD-3-Clause Apache-2.0 Zlib PSF-2.0 Python-2.0 BSL-1.0 Unlicense "
        "CC0-1.0 BlueOak-1.0.0 CC-BY-4.0 CC-BY-3.0 WTFPL UPL-1.0 PostgreSQL NCSA OFL-1.1 MIT-CMU HPND".split()
    ),
    "weak-copyleft": frozenset(
        "LGPL-2.0-only LGPL-2.0-or-later LGPL-2.1-only LGPL-2.1-or-later LGPL-3.0-only LGPL-3.0-or-later "
        "MPL-1.1 MPL-2.0 EPL-1.0 EPL-2.0 CDDL-1.0 CDDL-1.1 CPL-1.0 MS-RL".split()
    ),
    "strong-copyleft": frozenset(
        "GPL-1.0-only GPL-1.0-or-later GPL-2.0-only GPL-2.0-or-later GPL-3.0-only GPL-3.0-or-later "
        "AGPL-1.0-only AGPL-3.0-only AGPL-3.0-or-later OSL-3.0 EUPL-1.1 EUPL-1.2 SSPL-1.0 CC-BY-SA-4.0".split()
    ),
    "network-copyleft": frozenset("AGPL-1.0-only AGPL-3.0-only AGPL-3.0-or-later SSPL-1.0".split()),
    "non-commercial": frozenset(
        "CC-BY-NC-1.0 CC-BY-NC-2.0 CC-BY-NC-2.5 CC-BY-NC-3.0 CC-BY-NC-4.0 CC-BY-NC-SA-4.0 CC-BY-NC-ND-4.0 "
        "CC-BY-NC-SA-3.0 CC-BY-NC-ND-3.0".split()
    ),
    "proprietary": frozenset({"LicenseRef-Proprietary"}),
}
GROUPS["copyleft"] = GROUPS["weak-copyleft"] | GROUPS["strong-copyleft"]
VERDICTS = ("allow", "review", "deny")  # best to worst


@dataclass(frozen=True)
class Policy:
    allow: frozenset[str] = frozenset()
    review: frozenset[str] = frozenset()
    deny: frozenset[str] = frozenset()

    @classmethod
    def from_config(cls, value: Mapping[str, Iterable[str]]) -> Policy:
        return cls(**{k: frozenset(_expand(value.get(k, ()))) for k in VERDICTS})

    @property
    def empty(self) -> bool:
        return not (self.allow or self.review or self.deny)

    def verdict(self, license_: License) -> str:
        """allow, review or deny for a normalized license; ``unknown`` when it could not be normalized."""
        if not license_.tree:
            return "unknown"
        return self._node(license_.tree)

    def _node(self, node: tuple) -> str:
        kind, value = node
        if kind == "license":
            return self._symbol(value)
        verdicts = [self._node(child) for child in value]
        pick = min if kind == "or" else max  # OR: the best alternative; AND: every part must pass
        return pick(verdicts, key=VERDICTS.index)

    def _symbol(self, symbol: str) -> str:
        base = symbol.split(" WITH ")[0]
        for candidate in (symbol, base, base.removesuffix("-or-later") + "-only"):
            for verdict in ("deny", "review", "allow"):
                if candidate.lower() in getattr(self, verdict):
                    return verdict
        return "review" if self.allow else "allow"  # an allowlist makes everything else a question


def _expand(names: Iterable[str]) -> set[str]:
    """Lower-case SPDX ids of a policy list; group names expand to their members."""
    out: set[str] = set()
    for name in names:
        members = GROUPS.get(name.lower())
        if members:
            out.update(m.lower() for m in members)
        else:
            out.add(name.lower())
    return out
