"""Maven pom.xml reader: the three fetched poms, properties, dependency management, scopes, profiles, bad input.

The corpus poms have no ground truth (no Maven Central access when the corpus was made): the expected
direct dependencies below were derived once by reading each file by hand -- its ``<dependencies>`` and those
of its ``<profiles>``, not ``<dependencyManagement>`` nor build plugins.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from sphinxcontrib.soup import readers
from sphinxcontrib.soup.readers import maven
from sphinxcontrib.soup.readers.maven import read_pom

from .helpers_langs_a import assert_result_well_formed

JAVA = "fetched/java/"


def read(path: Path | str, text: str | None = None):
    path = str(path)
    result = read_pom(Path(path).read_text() if text is None else textwrap.dedent(text), path)
    assert_result_well_formed(result, "maven")
    assert not result.locked and all(c.direct for c in result.components)
    return result


def pom(body: str, head: str = "") -> str:
    """A minimal project around ``body`` (namespace as Maven writes it)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{head}'
        '<project xmlns="http://maven.apache.org/POM/4.0.0">\n'
        "  <modelVersion>4.0.0</modelVersion>\n"
        "  <groupId>org.example</groupId><artifactId>app</artifactId><version>2.1.0</version>\n"
        f"{textwrap.dedent(body)}</project>\n"
    )


def by_name(result) -> dict:
    return {c.name: c for c in result.components}


def messages(result) -> list[str]:
    return [p.message for p in result.problems]


# --------------------------------------------------------------------------- the corpus


def test_commons_lang(corpus: Path) -> None:
    """7 direct dependencies (6 test, mockito-inline compile); three versions come from commons-parent."""
    path = corpus / JAVA / "commons-lang.pom.xml"
    result = read(path)
    assert [(c.name, c.version, c.scope, c.pinned, c.source.line) for c in result.components] == [
        ("org.junit.jupiter:junit-jupiter", "", "dev", False, 63),
        ("org.junit-pioneer:junit-pioneer", "", "dev", False, 68),
        ("org.easymock:easymock", "5.6.0", "dev", True, 73),
        ("org.mockito:mockito-inline", "", "runtime", False, 79),
        ("org.apache.commons:commons-text", "1.15.0", "dev", True, 84),  # ${commons.text.version}
        ("org.openjdk.jmh:jmh-core", "${commons.jmh.version}", "dev", False, 90),  # defined in the parent
        ("org.openjdk.jmh:jmh-generator-annprocess", "${commons.jmh.version}", "dev", False, 96),
    ]
    comps = by_name(result)
    assert comps["org.easymock:easymock"].purl == "pkg:maven/org.easymock/easymock@5.6.0"
    assert comps["org.mockito:mockito-inline"].purl == "pkg:maven/org.mockito/mockito-inline"
    assert [(p.kind, p.source.line) for p in result.problems] == [
        ("input", 63),
        ("input", 68),
        ("input", 79),
        ("input", 90),
        ("input", 96),
    ]
    assert "parent org.apache.commons:commons-parent:104" in result.problems[0].message
    assert "${commons.jmh.version}" in result.problems[3].message


def test_spring_petclinic(corpus: Path) -> None:
    """24 direct dependencies. INDEX.md counts 26 ``<dependency>`` elements: 2 are the checkstyle plugin's own."""
    result = read(corpus / JAVA / "spring-petclinic.pom.xml")
    comps = by_name(result)
    assert len(comps) == 24
    scopes = [c.scope for c in result.components]
    assert (scopes.count("runtime"), scopes.count("optional"), scopes.count("dev")) == (15, 1, 8)
    assert comps["org.springframework.boot:spring-boot-devtools"].scope == "optional"
    assert comps["com.h2database:h2"].scope == "runtime"  # <scope>runtime</scope>
    assert comps["org.testcontainers:testcontainers-mysql"].scope == "dev"
    pinned = {(c.name, c.version) for c in result.components if c.pinned}
    assert pinned == {
        ("org.webjars:webjars-locator-lite", "1.1.3"),
        ("org.webjars.npm:bootstrap", "5.3.8"),
        ("org.webjars.npm:font-awesome", "4.7.0"),
    }
    assert comps["org.webjars.npm:bootstrap"].purl == "pkg:maven/org.webjars.npm/bootstrap@5.3.8"
    assert comps["org.webjars.npm:bootstrap"].source.line == 102
    assert not {"com.puppycrawl.tools:checkstyle", "io.spring.nohttp:nohttp-checkstyle"} & comps.keys()
    # every unversioned dependency is managed by spring-boot-starter-parent, which is not read: one problem each
    assert len(result.problems) == 21
    assert all(p.kind == "input" and "spring-boot-starter-parent:4.0.3" in p.message for p in result.problems)


def test_maven_surefire_aggregator(corpus: Path) -> None:
    """An aggregator: 29 managed dependencies and plugin dependencies, none of its own; the modules are named."""
    result = read(corpus / JAVA / "maven-surefire.pom.xml")
    assert result.components == ()
    [problem] = result.problems
    assert problem.kind == "input" and problem.source.line == 50 and "14 modules" in problem.message


def test_gradle_build_is_not_a_pom(corpus: Path) -> None:
    """Gradle is out of scope: no pattern claims the build script (it stays an unknown format)."""
    assert all(not Path("spring-petclinic.build.gradle").match(pattern) for pattern, _ in maven.PATTERNS)
    assert (corpus / JAVA / "spring-petclinic.build.gradle").is_file()


# --------------------------------------------------------------------------- versions and properties


def test_properties_project_and_parent_versions() -> None:
    text = pom(
        """
        <parent><groupId>org.example</groupId><artifactId>parent</artifactId><version>7</version></parent>
        <properties>
          <lib.version>${base}.3</lib.version>
          <base>1.2</base>
          <revision>${project.version}</revision>
        </properties>
        <dependencies>
          <dependency><groupId>a</groupId><artifactId>lib</artifactId><version>${lib.version}</version></dependency>
          <dependency><groupId>${project.groupId}</groupId><artifactId>core</artifactId>
            <version>${project.version}</version></dependency>
          <dependency><groupId>b</groupId><artifactId>p</artifactId><version>${project.parent.version}</version>
          </dependency>
          <dependency><groupId>c</groupId><artifactId>q</artifactId><version>${pom.version}</version></dependency>
          <dependency><groupId>d</groupId><artifactId>r</artifactId><version>${revision}-x</version></dependency>
          <dependency><groupId>e</groupId><artifactId>s</artifactId><version>${version}</version></dependency>
        </dependencies>
        """
    )
    result = read("p/pom.xml", text)
    assert [(c.name, c.version, c.pinned) for c in result.components] == [
        ("a:lib", "1.2.3", True),
        ("org.example:core", "2.1.0", True),
        ("b:p", "7", True),
        ("c:q", "2.1.0", True),
        ("d:r", "2.1.0-x", True),
        ("e:s", "2.1.0", True),  # Maven 2's bare ${version}
    ]
    assert not result.problems


def test_version_inherited_from_parent_when_project_has_none() -> None:
    text = """\
        <project><parent><groupId>g</groupId><artifactId>p</artifactId><version>9.9</version></parent>
        <artifactId>child</artifactId>
        <dependencies><dependency><groupId>${project.groupId}</groupId><artifactId>sib</artifactId>
          <version>${project.version}</version></dependency></dependencies></project>
        """
    [comp] = read("p/pom.xml", text).components
    assert (comp.name, comp.version) == ("g:sib", "9.9")


def test_ranges_and_meta_versions_are_unpinned() -> None:
    text = pom(
        """
        <dependencies>
          <dependency><groupId>a</groupId><artifactId>r</artifactId><version>[1.0,2.0)</version></dependency>
          <dependency><groupId>a</groupId><artifactId>s</artifactId><version>(,1.5]</version></dependency>
          <dependency><groupId>a</groupId><artifactId>l</artifactId><version>LATEST</version></dependency>
          <dependency><groupId>a</groupId><artifactId>p</artifactId><version>1.0</version></dependency>
        </dependencies>
        """
    )
    comps = by_name(read("p/pom.xml", text))
    assert [(c.version, c.pinned, c.purl) for c in comps.values()] == [
        ("[1.0,2.0)", False, "pkg:maven/a/r"),
        ("(,1.5]", False, "pkg:maven/a/s"),
        ("LATEST", False, "pkg:maven/a/l"),
        ("1.0", True, "pkg:maven/a/p@1.0"),  # a "soft" requirement Maven honours exactly for a direct dependency
    ]


def test_property_cycle_and_exponential_growth_are_refused() -> None:
    laughs = "".join(f"<l{i}>${{l{i + 1}}}${{l{i + 1}}}${{l{i + 1}}}${{l{i + 1}}}</l{i}>" for i in range(30))
    text = pom(
        f"""
        <properties><x>${{y}}</x><y>${{x}}</y>{laughs}<l30>lol</l30></properties>
        <dependencies>
          <dependency><groupId>a</groupId><artifactId>cyc</artifactId><version>${{x}}</version></dependency>
          <dependency><groupId>a</groupId><artifactId>bomb</artifactId><version>${{l0}}</version></dependency>
          <dependency><groupId>a</groupId><artifactId>small</artifactId><version>${{l27}}</version></dependency>
        </dependencies>
        """
    )
    result = read("p/pom.xml", text)
    comps = by_name(result)
    assert (comps["a:cyc"].version, comps["a:cyc"].pinned) == ("${x}", False)
    assert (comps["a:bomb"].version, comps["a:bomb"].pinned) == ("${l0}", False)
    assert comps["a:small"].version == "lol" * 64 and comps["a:small"].pinned
    cyc, bomb = messages(result)
    assert "defined in terms of itself" in cyc and "expands beyond 4096 characters" in bomb


# --------------------------------------------------------------------------- dependency management


def test_dependency_management_gives_version_and_scope() -> None:
    text = pom(
        """
        <properties><g.version>3.1</g.version></properties>
        <dependencyManagement><dependencies>
          <dependency><groupId>m</groupId><artifactId>lib</artifactId><version>${g.version}</version>
            <scope>test</scope></dependency>
          <dependency><groupId>m</groupId><artifactId>lib</artifactId><version>9</version>
            <classifier>tests</classifier></dependency>
          <dependency><groupId>m</groupId><artifactId>bom</artifactId><version>5</version><type>pom</type>
            <scope>import</scope></dependency>
        </dependencies></dependencyManagement>
        <dependencies>
          <dependency><groupId>m</groupId><artifactId>lib</artifactId></dependency>
          <dependency><groupId>m</groupId><artifactId>lib</artifactId><classifier>tests</classifier></dependency>
          <dependency><groupId>m</groupId><artifactId>lib</artifactId><scope>compile</scope>
            <type>test-jar</type></dependency>
          <dependency><groupId>m</groupId><artifactId>other</artifactId></dependency>
        </dependencies>
        """
    )
    result = read("p/pom.xml", text)
    assert [(c.name, c.version, c.scope, c.pinned, c.purl) for c in result.components] == [
        ("m:lib", "3.1", "dev", True, "pkg:maven/m/lib@3.1"),  # managed version and scope
        ("m:lib", "9", "runtime", True, "pkg:maven/m/lib@9?classifier=tests"),  # managed by classifier
        ("m:lib", "", "runtime", False, "pkg:maven/m/lib?type=test-jar"),  # type is part of the key
        ("m:other", "", "runtime", False, "pkg:maven/m/other"),
    ]
    assert "m:bom" not in by_name(result)  # an imported BOM is no component
    assert [p.source.line for p in result.problems] == [18, 20]
    assert "BOM m:bom:5" in result.problems[0].message


def test_exclusions_and_build_plugins_are_ignored() -> None:
    text = pom(
        """
        <dependencies>
          <dependency><groupId>a</groupId><artifactId>b</artifactId><version>1</version>
            <exclusions><exclusion><groupId>x</groupId><artifactId>y</artifactId></exclusion></exclusions>
          </dependency>
        </dependencies>
        <build><plugins><plugin><groupId>p</groupId><artifactId>plug</artifactId><version>2</version>
          <dependencies><dependency><groupId>t</groupId><artifactId>tool</artifactId><version>3</version>
          </dependency></dependencies></plugin></plugins></build>
        <reporting><plugins><plugin><artifactId>r</artifactId></plugin></plugins></reporting>
        """
    )
    result = read("p/pom.xml", text)
    assert [c.name for c in result.components] == ["a:b"] and not result.problems


# --------------------------------------------------------------------------- scopes and profiles


def test_scopes() -> None:
    text = pom(
        """
        <dependencies>
          <dependency><groupId>s</groupId><artifactId>compile</artifactId><version>1</version></dependency>
          <dependency><groupId>s</groupId><artifactId>runtime</artifactId><version>1</version>
            <scope>runtime</scope></dependency>
          <dependency><groupId>s</groupId><artifactId>test</artifactId><version>1</version>
            <scope>test</scope></dependency>
          <dependency><groupId>s</groupId><artifactId>provided</artifactId><version>1</version>
            <scope>provided</scope></dependency>
          <dependency><groupId>s</groupId><artifactId>optional</artifactId><version>1</version>
            <optional>true</optional></dependency>
          <dependency><groupId>s</groupId><artifactId>test-optional</artifactId><version>1</version>
            <scope>test</scope><optional>true</optional></dependency>
          <dependency><groupId>s</groupId><artifactId>system</artifactId><version>1</version>
            <scope>system</scope><systemPath>${basedir}/lib/x.jar</systemPath></dependency>
          <dependency><groupId>s</groupId><artifactId>import</artifactId><version>1</version>
            <scope>import</scope></dependency>
          <dependency><groupId>s</groupId><artifactId>odd</artifactId><version>1</version>
            <scope>compiletime</scope></dependency>
        </dependencies>
        """
    )
    result = read("p/pom.xml", text)
    assert {c.name.split(":")[1]: (c.scope, c.origin) for c in result.components} == {
        "compile": ("runtime", "registry"),
        "runtime": ("runtime", "registry"),
        "test": ("dev", "registry"),
        "provided": ("peer", "registry"),  # supplied by the container at run time
        "optional": ("optional", "registry"),
        "test-optional": ("dev", "registry"),
        "system": ("runtime", "path"),
        "odd": ("runtime", "registry"),
    }
    assert by_name(result)["s:system"].resolved == "${basedir}/lib/x.jar"
    found = messages(result)
    assert len(found) == 4
    assert "${basedir}" in found[0] and "system scope" in found[1]
    assert "scope 'import'" in found[2] and "unknown scope 'compiletime'" in found[3]


def test_profiles_are_groups_with_their_own_properties_and_management() -> None:
    text = pom(
        """
        <properties><db.version>1.0</db.version></properties>
        <dependencies>
          <dependency><groupId>d</groupId><artifactId>base</artifactId><version>${db.version}</version></dependency>
        </dependencies>
        <profiles>
          <profile>
            <id>postgres</id>
            <properties><db.version>42.7</db.version></properties>
            <dependencyManagement><dependencies>
              <dependency><groupId>d</groupId><artifactId>managed</artifactId><version>3</version></dependency>
            </dependencies></dependencyManagement>
            <dependencies>
              <dependency><groupId>org.postgresql</groupId><artifactId>postgresql</artifactId>
                <version>${db.version}</version></dependency>
              <dependency><groupId>d</groupId><artifactId>managed</artifactId></dependency>
            </dependencies>
          </profile>
          <profile>
            <dependencies><dependency><groupId>d</groupId><artifactId>unnamed</artifactId><version>1</version>
              <scope>test</scope></dependency></dependencies>
          </profile>
        </profiles>
        """
    )
    result = read("p/pom.xml", text)
    assert [(c.name, c.version, c.groups, c.scope) for c in result.components] == [
        ("d:base", "1.0", (), "runtime"),
        ("org.postgresql:postgresql", "42.7", ("postgres",), "runtime"),
        ("d:managed", "3", ("postgres",), "runtime"),
        ("d:unnamed", "1", ("default",), "dev"),
    ]
    assert not result.problems


def test_duplicate_declarations_become_one_component() -> None:
    dep = "<dependency><groupId>a</groupId><artifactId>b</artifactId><version>1</version>{}</dependency>"
    text = pom(
        f"""
        <dependencies>{dep.format("<scope>test</scope>")}</dependencies>
        <profiles><profile><id>x</id><dependencies>{dep.format("")}</dependencies></profile></profiles>
        """
    )
    [comp] = read("p/pom.xml", text).components
    assert (comp.scope, comp.groups) == ("runtime", ("x",))


# --------------------------------------------------------------------------- bad input


def test_entity_bomb_is_refused() -> None:
    text = """\
        <?xml version="1.0"?>
        <!DOCTYPE project [
          <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
          <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
          <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
          <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
        ]>
        <project><dependencies><dependency><groupId>g</groupId><artifactId>&d;</artifactId>
          <version>1</version></dependency></dependencies></project>
        """
    result = read("p/pom.xml", text)
    assert result.components == ()
    [problem] = result.problems
    assert (problem.kind, problem.source) == ("parse", maven.Source("p/pom.xml", 3))
    assert "EntitiesForbidden" in problem.message


def test_external_entity_is_refused() -> None:
    text = """\
        <?xml version="1.0"?>
        <!DOCTYPE project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <project><dependencies><dependency><groupId>g</groupId><artifactId>&xxe;</artifactId>
          <version>1</version></dependency></dependencies></project>
        """
    result = read("p/pom.xml", text)
    assert result.components == ()
    [problem] = result.problems
    assert (problem.kind, problem.source.line) == ("parse", 2) and "file:///etc/passwd" in problem.message


@pytest.mark.parametrize(
    ("text", "kind", "line", "words"),
    [
        ("", "parse", 1, "invalid XML"),
        ("<project><dependencies><dependency>", "parse", 1, "invalid XML"),
        ("<project>\n<a></b></project>", "parse", 2, "invalid XML"),
        ("<settings/>", "manifest", 1, "not a Maven POM: the root element is <settings>"),
    ],
)
def test_broken_files(text: str, kind: str, line: int, words: str) -> None:
    result = read("p/pom.xml", text)
    assert result.components == ()
    [problem] = result.problems
    assert (problem.kind, problem.source.line) == (kind, line) and words in problem.message


def test_dependency_without_coordinates_is_reported() -> None:
    text = pom(
        """
        <dependencies>
          <dependency><artifactId>lonely</artifactId><version>1</version></dependency>
          <dependency><groupId>g</groupId></dependency>
          <dependency><groupId>g</groupId><artifactId>  </artifactId></dependency>
          <dependency><groupId>g</groupId><artifactId>ok</artifactId><version><nested/></version></dependency>
        </dependencies>
        """
    )
    result = read("p/pom.xml", text)
    assert [c.name for c in result.components] == ["g:ok"]
    lines = [(p.kind, p.source.line) for p in result.problems]
    assert lines == [("manifest", 7), ("manifest", 8), ("manifest", 9), ("input", 10)]
    assert "?:lonely" in result.problems[0].message


def test_pom_without_namespace_and_with_comments() -> None:
    text = """\
        <project><!-- a comment --><?pi x?>
          <dependencies><!-- c --><dependency><groupId>g</groupId><artifactId>a</artifactId>
          <version> 1.0 </version></dependency></dependencies>
        </project>
        """
    [comp] = read("p/pom.xml", text).components
    assert (comp.name, comp.version, comp.source.line) == ("g:a", "1.0", 2)


# --------------------------------------------------------------------------- registry


@pytest.mark.parametrize("name", ["pom.xml", "Pom.XML", "app.pom.xml", "commons-lang3-3.14.0.pom"])
def test_detected_by_name(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str) -> None:
    monkeypatch.setattr(readers, "FORMATS", {**readers.FORMATS, **maven.FORMATS})
    monkeypatch.setattr(readers, "PATTERNS", maven.PATTERNS + readers.PATTERNS)
    path = tmp_path / name
    path.write_text(pom("<dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId>"
                        "<version>1</version></dependency></dependencies>"))  # fmt: skip
    result = readers.read_path(str(path))
    assert result.format == "pom" and [c.purl for c in result.components] == ["pkg:maven/g/a@1"]


def test_sniffed_by_content(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(readers, "MODULES", (maven, *readers.MODULES))
    monkeypatch.setattr(readers, "FORMATS", {**readers.FORMATS, **maven.FORMATS})
    path = tmp_path / ".flattened-pom-copy.xml"
    path.write_text(pom(""))
    assert readers.read_path(str(path)).format == "pom"
    assert maven.sniff("project.xml", '<Project Sdk="Microsoft.NET.Sdk">') is None  # an MSBuild project
