"""Gemfile.lock reader: Bundler's own lock against the ground truth, two fetched locks, GIT/PATH sources,
the Gemfile group scan, bad input."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from sphinxcontrib.soup import readers
from sphinxcontrib.soup.readers import ruby
from sphinxcontrib.soup.readers.ruby import read_gemfile_lock, scan_gemfile

from .helpers_langs_a import assert_result_well_formed, named

RUBY = "fetched/ruby/"
#: the Gemfile.lock of the gem server's own web site, which the corpus names after its host (a registry host:
#: no committed file spells it out)
RUBYGEMS_SITE = "rubygems.*.Gemfile.lock"
NOWHERE = "/nonexistent-soup-test/Gemfile.lock"  # no Gemfile is ever found beside it


def read(path: Path | str, text: str | None = None, **kwargs):
    path = str(path)
    result = read_gemfile_lock(Path(path).read_text() if text is None else textwrap.dedent(text), path, **kwargs)
    assert_result_well_formed(result, "gem")
    assert result.locked
    return result


def messages(result) -> list[str]:
    return [p.message for p in result.problems]


# --------------------------------------------------------------------------- ground truth


def test_generated_lock_matches_ground_truth(corpus: Path) -> None:
    path = corpus / "generated/bundler/Gemfile.lock"
    result = read(path)
    truth = json.loads(path.with_name("Gemfile.lock.expected.json").read_text())
    assert {(c.name, c.version, c.direct) for c in result.components} == {
        (p["name"], p["version"], p["direct"]) for p in truth["packages"]
    }
    assert len(result.components) == truth["count"] == 20 and truth["direct_count"] == 8
    assert not result.problems and result.includes == (str(corpus / "generated/bundler/Gemfile"),)
    comps = named(result)
    for package in truth["packages"]:
        comp = comps[package["name"], package["version"]]
        assert comp.groups == tuple(package.get("groups", ())), comp  # groups from the Gemfile, direct only
        if "groups" in package:
            assert comp.scope == ("dev" if set(package["groups"]) <= {"development", "test"} else "runtime")
    assert comps["rspec-core", "3.12.0"].scope == "dev" and comps["rspec-core", "3.12.0"].via == ("rspec",)
    assert comps["rack", "2.2.22"].scope == "runtime"  # sinatra (runtime) beats rack-test (dev)
    assert comps["rack", "2.2.22"].via == ("rack-test", "sinatra")  # sinatra through rack-protection
    nokogiri = comps["nokogiri", "1.13.10"]
    assert (nokogiri.purl, nokogiri.source.line, nokogiri.origin, nokogiri.pinned) == (
        "pkg:gem/nokogiri@1.13.10",
        9,
        "registry",
        True,
    )


def test_without_gemfile_everything_is_runtime(corpus: Path, tmp_path: Path) -> None:
    lock = tmp_path / "Gemfile.lock"
    shutil.copy(corpus / "generated/bundler/Gemfile.lock", lock)
    result = read(lock)
    assert len(result.components) == 20 and result.includes == ()
    assert {c.scope for c in result.components} == {"runtime"} and not any(c.groups for c in result.components)
    [problem] = result.problems
    assert problem.kind == "input" and "no Gemfile beside the lock" in problem.message


# --------------------------------------------------------------------------- fetched locks


def test_osv_schema_docs(corpus: Path) -> None:
    """110 spec lines, 96 gems: ffi and nokogiri are locked for 8 platforms each, one component per version."""
    result = read(corpus / RUBY / "osv-schema-docs.Gemfile.lock")
    assert len(result.components) == 96 and not result.problems
    assert result.includes == (str(corpus / RUBY / "osv-schema-docs.Gemfile"),)
    direct = {c.name: (c.version, c.scope, c.groups) for c in result.components if c.direct}
    assert direct == {
        "github-pages": ("228", "runtime", ("jekyll_plugins",)),  # gem ..., group: :jekyll_plugins
        "jekyll-feed": ("0.15.1", "runtime", ("jekyll_plugins",)),  # inside group :jekyll_plugins do
        "webrick": ("1.9.2", "runtime", ("default",)),
    }
    ffi = [c for c in result.components if c.name == "ffi"]
    assert [(c.version, c.source.line, c.purl) for c in ffi] == [("1.17.3", 47, "pkg:gem/ffi@1.17.3")]
    assert ffi[0].via == ("github-pages", "jekyll-feed")


def test_rubygems_own_gemfile_lock(corpus: Path) -> None:
    """341 spec lines = 298 gems; two GEM sources; CHECKSUMS and RUBY VERSION; 120 direct gems, all in the Gemfile."""
    result = read(next((corpus / RUBY).glob(RUBYGEMS_SITE)))
    assert len(result.components) == 298 and not result.problems
    comps = {c.name: c for c in result.components}
    assert sum(c.direct for c in result.components) == 120
    avo = comps["avo-advanced"]  # from the second GEM source, in `group :avo, optional: true`
    assert (avo.version, avo.scope, avo.groups, avo.source.line, avo.origin) == (
        "3.32.4",
        "optional",
        ("avo",),
        4,
        "registry",
    )
    assert (comps["tailwindcss-rails"].scope, comps["tailwindcss-rails"].groups) == (
        "runtime",
        ("assets", "development"),
    )
    assert (comps["avo_upgrade"].scope, comps["avo_upgrade"].groups) == ("dev", ("development",))
    assert (comps["rubocop"].scope, comps["rubocop"].groups) == ("dev", ("development", "test"))
    assert (comps["minitest"].scope, comps["minitest"].groups) == ("dev", ("test",))
    assert (comps["rails"].scope, comps["rails"].groups) == ("runtime", ("default",))
    assert comps["ffi"].version == "1.17.4" and comps["ffi"].source.line == 291
    direct_scopes = [c.scope for c in result.components if c.direct]
    assert (direct_scopes.count("runtime"), direct_scopes.count("dev"), direct_scopes.count("optional")) == (82, 37, 1)


# --------------------------------------------------------------------------- sources


GIT_AND_PATH = """\
    GIT
      remote: https://github.com/example/widget.git
      revision: 0123456789abcdef0123456789abcdef01234567
      branch: main
      specs:
        widget (2.0.0.pre)
          rack (>= 2)

    PATH
      remote: .
      specs:
        myapp (0.1.0)
          rack (~> 2.2)
          zeitwerk

    PATH
      remote: vendor/gems/local_tool
      specs:
        local_tool (0.0.1)

    GEM
      remote: https://gems.example/
      specs:
        rack (2.2.8)
        rspec (3.12.0)
        zeitwerk (2.6.12)

    PLATFORMS
      ruby

    DEPENDENCIES
      local_tool!
      myapp!
      rspec (~> 3.0)
      widget!

    BUNDLED WITH
       2.4.10
    """


def test_git_and_path_sources_and_the_project_gemspec() -> None:
    gemfile = 'source "https://gems.example"\ngemspec\ngem "widget", git: "https://github.com/example/widget.git"\n'
    gemfile += 'gem "local_tool", path: "vendor/gems/local_tool", group: :tools\n'
    result = read(NOWHERE, GIT_AND_PATH, gemfile_text=gemfile)
    comps = {c.name: c for c in result.components}
    assert "myapp" not in comps  # PATH "." is the project itself
    widget = comps["widget"]
    resolved = "https://github.com/example/widget.git@0123456789abcdef0123456789abcdef01234567"
    assert (widget.origin, widget.resolved, widget.pinned, widget.version, widget.source.line) == (
        "git",
        resolved,
        True,
        "2.0.0.pre",
        6,
    )
    assert widget.purl == "pkg:gem/widget@2.0.0.pre?vcs_url=" + resolved.replace("@", "%40")
    tool = comps["local_tool"]
    assert (tool.origin, tool.resolved, tool.groups, tool.scope) == (
        "path",
        "vendor/gems/local_tool",
        ("tools",),
        "runtime",
    )
    # the gemspec's runtime dependencies are direct; its development dependencies (rspec) are in DEPENDENCIES
    assert {
        c.name: (c.direct, c.scope, c.groups) for c in result.components if c.name in ("rack", "zeitwerk", "rspec")
    } == {
        "rack": (True, "runtime", ("default",)),
        "zeitwerk": (True, "runtime", ("default",)),
        "rspec": (True, "dev", ("development",)),
    }
    assert not result.problems


def test_gemspec_development_group_option() -> None:
    scan = scan_gemfile('gemspec development_group: :test, path: "."\n')
    assert scan.gemspec_group == "test"


def test_bundler_itself_as_a_dependency() -> None:
    text = """\
        GEM
          remote: https://gems.example/
          specs:
            rake (13.0.6)

        DEPENDENCIES
          bundler (~> 2.4)
          rake

        BUNDLED WITH
           2.4.10
        """
    result = read(NOWHERE, text, gemfile_text='gem "bundler"\ngem "rake"\n')
    bundler = named(result)["bundler", "2.4.10"]
    assert (bundler.direct, bundler.purl, bundler.source.line) == (True, "pkg:gem/bundler@2.4.10", 7)
    assert not result.problems


# --------------------------------------------------------------------------- the Gemfile scan


def test_scan_gemfile_blocks_options_and_comments() -> None:
    text = """\
        source "https://gems.example"
        git_source(:github) { |repo| "https://github.com/#{repo}.git" }
        gem "rails", "~> 7.0" # a comment with do and end in it
        gem 'pg', '>= 1.1'; gem "puma"
        gem "bootsnap", require: false,
            group: :production
        gem "debug", platforms: %i[mri windows], :group => [:development, :test]
        gem "rubocop", groups: %i[lint ci]
        gem "multi", groups: [
          :one,
          :two
        ]
        group(:development) do
          gem "web-console"
          platforms :mri do
            gem "byebug"
          end
          if ENV["EXTRA"]
            gem "extra"
          else
            gem "other"
          end
        end
        gem "after_blocks"
        group :docs, optional: true do
          gem "yard"
        end
        group :assets, "test" do gem "inline_block" end
        %w[a b].each { |name| gem name }
        """
    scan = scan_gemfile(textwrap.dedent(text))
    assert {name: decl for name, decl in scan.declared.items()} == {
        "rails": [(("default",), False)],
        "pg": [(("default",), False)],
        "puma": [(("default",), False)],
        "bootsnap": [(("production",), False)],
        "debug": [(("development", "test"), False)],
        "rubocop": [(("ci", "lint"), False)],
        "multi": [(("one", "two"), False)],
        "web-console": [(("development",), False)],
        "byebug": [(("development",), False)],
        "extra": [(("development",), False)],
        "other": [(("development",), False)],
        "after_blocks": [(("default",), False)],
        "yard": [(("docs",), True)],
    }
    assert scan.gemspec_group is None


def test_gems_the_scan_cannot_see_are_runtime_and_reported(corpus: Path) -> None:
    path = corpus / "generated/bundler/Gemfile.lock"
    gemfile = 'source "https://gems.example"\n%w[sinatra sequel].each { |g| gem g }\ngem "rspec", group: :test\n'
    result = read(path, gemfile_text=gemfile)
    [problem] = result.problems
    assert problem.kind == "input" and problem.source.line == 46  # the first of them in DEPENDENCIES
    assert problem.message.startswith("groups unknown for 7 gems not found in the Gemfile (json, nokogiri, pg")
    comps = {c.name: c for c in result.components}
    assert (comps["sinatra"].scope, comps["sinatra"].groups) == ("runtime", ())
    assert (comps["rspec"].scope, comps["rspec"].groups) == ("dev", ("test",))


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("hello world\nthis is not a lock\n", [("parse", 1, "not a Gemfile.lock")]),
        (
            "GEM\n  remote: x\n  specs:\n    a (1.0)\n      b (>= 1)\n\tbad\n",
            [("parse", 6, "not understood"), ("manifest", 1, "no DEPENDENCIES")],
        ),
        ("GEM\n  specs:\n      orphan (>= 1)\n", [("parse", 3, "outside any gem")]),
        ("GEM\n  specs:\n    noversion\n\nDEPENDENCIES\n  noversion\n", [("manifest", 3, "has no version")]),
        ("GEM\n  specs:\n   three (1.0)\n", [("parse", 3, "not understood")]),
        ("GEM\n  what is this\n", [("parse", 2, "not understood in GEM")]),
        (
            "DEPENDENCIES\n  ghost (~> 1.0)\n    deeper\n",
            [("parse", 3, ""), ("manifest", 2, "no version of it is locked")],
        ),
        (
            "<<<<<<< HEAD\nGEM\n=======\n>>>>>>> branch\n",
            [("parse", 1, "merge conflict"), ("parse", 3, ""), ("parse", 4, "")],
        ),
    ],
)
def test_bad_lines_are_located(text: str, expected: list[tuple[str, int, str]]) -> None:
    result = read(NOWHERE, text, gemfile_text="")
    found = [(p.kind, p.source.line, p.message) for p in result.problems if "groups unknown" not in p.message]
    assert [(kind, line) for kind, line, _ in found] == [(kind, line) for kind, line, _ in expected]
    assert all(words in message for (_, _, message), (_, _, words) in zip(found, expected, strict=True))


def test_noversion_gem_is_still_a_component() -> None:
    result = read(NOWHERE, "GEM\n  specs:\n    noversion\n\nDEPENDENCIES\n  noversion\n", gemfile_text="")
    [comp] = result.components
    assert (comp.name, comp.version, comp.pinned, comp.purl, comp.direct) == (
        "noversion",
        "",
        False,
        "pkg:gem/noversion",
        True,
    )


def test_lock_without_dependencies_section_guesses_direct_gems() -> None:
    text = "GEM\n  remote: https://gems.example/\n  specs:\n    a (1.0)\n      b\n    b (2.0)\n    c (3.0)\n"
    result = read(NOWHERE, text, gemfile_text="")
    assert {c.name: (c.direct, c.via) for c in result.components} == {
        "a": (True, ()),
        "b": (False, ("a",)),
        "c": (True, ()),
    }
    assert [p.message[:24] for p in result.problems] == ["no DEPENDENCIES section:", "groups unknown for 2 gem"]


def test_unknown_sections_are_skipped_and_crlf_is_fine() -> None:
    text = "GEM\r\n  remote: https://gems.example/\r\n  specs:\r\n    a (1.0)\r\n\r\nFUTURE SECTION\r\n  x y z\r\n"
    text += "\r\nDEPENDENCIES\r\n  a\r\n"
    result = read(NOWHERE, text, gemfile_text='gem "a"\n')
    assert [(c.name, c.version, c.direct) for c in result.components] == [("a", "1.0", True)] and not result.problems


# --------------------------------------------------------------------------- registry


@pytest.mark.parametrize("name", ["Gemfile.lock", "gems.locked", "docs.Gemfile.lock"])
def test_detected_by_name_with_sibling_gemfile(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> None:
    monkeypatch.setattr(readers, "FORMATS", {**readers.FORMATS, **ruby.FORMATS})
    monkeypatch.setattr(readers, "PATTERNS", ruby.PATTERNS + readers.PATTERNS)
    lock = tmp_path / name
    lock.write_text("GEM\n  remote: https://gems.example/\n  specs:\n    rspec (3.0)\n\nDEPENDENCIES\n  rspec\n")
    gemfile = tmp_path / {"gems.locked": "gems.rb", "docs.Gemfile.lock": "docs.Gemfile"}.get(name, "Gemfile")
    gemfile.write_text('group :test do\n  gem "rspec"\nend\n')
    result = readers.read_path(str(lock))
    assert result.format == "gemfile.lock" and result.includes == (str(gemfile),)
    assert [(c.name, c.scope, c.groups) for c in result.components] == [("rspec", "dev", ("test",))]
