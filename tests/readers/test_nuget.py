"""NuGet readers: packages.config, MSBuild projects (PackageReference, central versions) and packages.lock.json.

The corpus has no ground truth for .NET (no dotnet SDK or nuget.org here): the expected sets below were
derived by reading each file once (the ``"type": "Direct"`` entries of a lock, the ``<PackageReference>``
items of a project, the ``<package>`` lines of a packages.config) and are written out literally.
"""

from __future__ import annotations

import fnmatch
import json
import textwrap
from pathlib import Path

import pytest

from sphinxcontrib.soup import readers
from sphinxcontrib.soup.model import ReadResult
from sphinxcontrib.soup.readers import nuget
from sphinxcontrib.soup.readers.nuget import (
    parse_range,
    read_msbuild,
    read_packages_config,
    read_packages_lock,
    sibling_project,
)

DOTNET = "fetched/dotnet"
READERS = {
    nuget.CONFIG_FORMAT: read_packages_config,
    nuget.MSBUILD_FORMAT: read_msbuild,
    nuget.LOCK_FORMAT: read_packages_lock,
}


def fmt_of(path: str | Path) -> str:
    name = Path(path).name.lower()
    return next(fmt for pattern, fmt in nuget.PATTERNS if fnmatch.fnmatchcase(name, pattern))


def read(path: Path, text: str | None = None) -> ReadResult:
    """Read a file with the reader its name selects, and check the result is well formed."""
    text = path.read_text(encoding="utf-8-sig") if text is None else text
    result = READERS[fmt_of(path)](text, str(path))
    assert_well_formed(result)
    return result


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def assert_well_formed(result: ReadResult) -> None:
    assert isinstance(result, ReadResult)
    for problem in result.problems:
        assert problem.source is not None and problem.source.path, problem
    for comp in result.components:
        assert comp.name and comp.ecosystem == "nuget" and comp.purl.startswith("pkg:nuget/"), comp
        assert isinstance(comp.version, str), comp
        assert comp.source.path and (comp.source.line is None or comp.source.line >= 1), comp
        assert not comp.direct or comp.via == (), comp


def by_name(result: ReadResult) -> dict[str, object]:
    found = {}
    for comp in result.components:
        assert comp.name not in found, comp
        found[comp.name] = comp
    return found


def messages(result: ReadResult) -> list[str]:
    return [p.message for p in result.problems]


# ---------------------------------------------------------------------------------------------------------
# Version ranges


@pytest.mark.parametrize(
    ("text", "exact", "valid"),
    [
        ("1.2.3", None, True),  # a minimum: >= 1.2.3
        ("1.0.0.0", None, True),
        ("0.4.0-alpha.22272.1", None, True),
        ("41.*", None, True),
        ("*", None, True),
        ("1.2.3-beta*", None, True),
        ("*-*", None, True),
        ("[1.2.3]", "1.2.3", True),
        ("[ 1.2.3 ]", "1.2.3", True),
        ("[1.0,2.0)", None, True),
        ("(,1.0]", None, True),
        ("[14.0.1, )", None, True),
        ("(1.2.3)", None, False),
        ("[1.0", None, False),
        ("[,]", None, False),
        ("latest", None, False),
        ("", None, False),
    ],
)
def test_parse_range(text: str, exact: str | None, valid: bool) -> None:
    assert parse_range(text) == (exact, valid)


# ---------------------------------------------------------------------------------------------------------
# packages.config (corpus)

SERVER_DEV = {
    "MicroBuild.Core",
    "Microsoft.CodeAnalysis.FxCopAnalyzers",
    "Microsoft.CodeAnalysis.VersionCheckAnalyzer",
    "Microsoft.CodeQuality.Analyzers",
    "Microsoft.NetCore.Analyzers",
    "Microsoft.NetFramework.Analyzers",
}
TESTS_DEV = SERVER_DEV - {"MicroBuild.Core"}


@pytest.mark.parametrize(
    ("name", "count", "dev"),
    [
        ("NuGet.Server.packages.config", 19, SERVER_DEV),
        ("NuGet.Server.Tests.packages.config", 25, TESTS_DEV),
    ],
)
def test_packages_config_corpus(corpus: Path, name: str, count: int, dev: set[str]) -> None:
    path = corpus / DOTNET / name
    result = read(path)
    assert result.format == "packages.config" and result.problems == ()
    assert len(result.components) == count
    assert {c.name for c in result.components if c.scope == "dev"} == dev
    # one <package> per line from line 3, in file order
    assert [c.source.line for c in result.components] == list(range(3, 3 + count))
    for comp in result.components:
        assert comp.direct and comp.pinned and comp.groups == ("net46",)
        assert comp.purl == f"pkg:nuget/{comp.name}@{comp.version}"


def test_packages_config_lists_transitive_packages_flat(corpus: Path) -> None:
    """WebApi.Core is a dependency of Microsoft.AspNet.WebApi, yet the file lists both without telling."""
    found = by_name(read(corpus / DOTNET / "NuGet.Server.packages.config"))
    assert found["Microsoft.AspNet.WebApi"].direct and found["Microsoft.AspNet.WebApi.Core"].direct
    assert found["Microsoft.Web.Infrastructure"].version == "1.0.0.0"


# ---------------------------------------------------------------------------------------------------------
# MSBuild projects (corpus)


def test_legacy_project_points_to_its_packages_config(corpus: Path) -> None:
    result = read(corpus / DOTNET / "NuGet.Server.csproj")
    assert result.components == ()
    (problem,) = result.problems
    assert "legacy project" in problem.message and "packages.config" in problem.message
    assert problem.source.line == 39  # the first <Reference> with a HintPath into ..\packages\


ADMIN_CONSOLE = {
    "Azure.Extensions.AspNetCore.DataProtection.Keys": "1.6.1",
    "Azure.Identity": "1.15.0",
    "Datadog.Trace": "3.2.0",
    "Humanizer.Core": "3.0.1",
    "Microsoft.AspNetCore.DataProtection.EntityFrameworkCore": "9.0.9",
    "Microsoft.AspNetCore.Identity": "2.3.1",
    "Microsoft.AspNetCore.Identity.EntityFrameworkCore": "9.0.9",
    "Microsoft.EntityFrameworkCore.SqlServer": "9.0.9",
    "Microsoft.EntityFrameworkCore.Tools": "9.0.9",
    "Microsoft.EntityFrameworkCore.Sqlite": "9.0.9",
    "Microsoft.AspNetCore.Diagnostics.EntityFrameworkCore": "9.0.9",
    "Microsoft.AspNetCore.Identity.UI": "9.0.9",
    "Microsoft.Extensions.Diagnostics.HealthChecks.EntityFrameworkCore": "9.0.9",
    "Microsoft.Extensions.Logging.Abstractions": "9.0.9",
    "Microsoft.FeatureManagement.AspNetCore": "4.3.0",
    "Passwordless.AspNetCore": "2.1.0-beta.4",
    "Stripe.net": "41.*",
}
SERVICE = {
    "Fido2": "4.0.0",
    "Fido2.AspNet": "4.0.0",
    "Fido2.Models": "4.0.0",
    "Humanizer.Core": "3.0.1",
    "MessagePack": "3.1.4",
    "MessagePackAnalyzer": "3.1.4",
    "Microsoft.AspNetCore.Cryptography.KeyDerivation": "9.0.9",
    "Microsoft.Azure.Cosmos.Table": "1.0.8",
    "Microsoft.EntityFrameworkCore": "9.0.9",
    "Microsoft.EntityFrameworkCore.Design": "9.0.9",
    "Microsoft.EntityFrameworkCore.Sqlite": "9.0.9",
    "Microsoft.EntityFrameworkCore.InMemory": "9.0.9",
    "Microsoft.EntityFrameworkCore.SqlServer": "9.0.9",
    "Microsoft.Extensions.Configuration.Abstractions": "9.0.9",
    "Microsoft.Extensions.Logging.Abstractions": "9.0.9",
    "System.Net.NameResolution": "4.3.0",
}


@pytest.mark.parametrize(
    ("name", "expected", "dev", "line_of"),
    [
        (
            "passwordless-server.AdminConsole.csproj",
            ADMIN_CONSOLE,
            {"Microsoft.EntityFrameworkCore.Tools"},  # child elements <PrivateAssets>all</PrivateAssets>
            {"Azure.Extensions.AspNetCore.DataProtection.Keys": 8, "Stripe.net": 27},
        ),
        (
            "passwordless-server.Service.csproj",
            SERVICE,
            {"MessagePackAnalyzer", "Microsoft.EntityFrameworkCore.Design"},
            {"Fido2": 4, "MessagePackAnalyzer": 9, "System.Net.NameResolution": 25},
        ),
    ],
)
def test_sdk_projects(corpus: Path, name: str, expected: dict, dev: set[str], line_of: dict) -> None:
    result = read(corpus / DOTNET / name)
    assert result.problems == () and not result.locked
    assert {c.name: c.version for c in result.components} == expected
    assert {c.name for c in result.components if c.scope == "dev"} == dev
    for comp in result.components:
        assert comp.direct and not comp.pinned  # "9.0.9" means >= 9.0.9; "41.*" floats
        assert comp.purl == f"pkg:nuget/{comp.name}"
    found = by_name(result)
    assert {n: found[n].source.line for n in line_of} == line_of


def test_project_pinned_by_the_lock_beside_it(corpus: Path) -> None:
    """monai-gateway-CLI.csproj has monai-gateway-CLI.packages.lock.json beside it: its references are locked."""
    path = corpus / DOTNET / "monai-gateway-CLI.csproj"
    result = read(path)
    assert result.locked and result.problems == ()
    assert result.includes == (str(corpus / DOTNET / "monai-gateway-CLI.packages.lock.json"),)
    assert {c.name: c.version for c in result.components} == {
        "Crayon": "2.0.69",
        "Docker.DotNet": "3.125.15",
        "System.CommandLine.Hosting": "0.4.0-alpha.22272.1",
        "System.CommandLine.Rendering": "0.4.0-alpha.22272.1",
        "Microsoft.Extensions.Http": "8.0.0",
    }
    for comp in result.components:
        assert comp.pinned and comp.direct and comp.groups == ("net8.0",) and comp.scope == "runtime"
        assert comp.purl == f"pkg:nuget/{comp.name}@{comp.version}"
    assert by_name(result)["Crayon"].source.line == 52


def test_versioned_msbuild_sdk_is_a_package(corpus: Path) -> None:
    """``<Project Sdk="Dalamud.NET.Sdk/14.0.1">``: NuGet's SDK resolver downloads that package."""
    result = read(corpus / DOTNET / "SimpleTweaksPlugin.csproj")
    (sdk,) = result.components
    assert (sdk.name, sdk.version, sdk.scope, sdk.groups, sdk.pinned) == (
        "Dalamud.NET.Sdk",
        "14.0.1",
        "dev",
        ("msbuild-sdk",),
        True,
    )
    assert sdk.source.line == 1 and result.problems == ()


def test_directory_build_props_without_packages(corpus: Path) -> None:
    result = read(corpus / DOTNET / "passwordless-server.Directory.Build.props")
    assert result.format == "msbuild" and result.components == () and result.problems == ()


# ---------------------------------------------------------------------------------------------------------
# packages.lock.json (corpus)

CLI_DIRECT = {
    "Crayon",
    "Docker.DotNet",
    "Microsoft.Extensions.Http",
    "Microsoft.NET.ILLink.Tasks",  # implicit: added by the SDK for PublishReadyToRun, absent from the csproj
    "System.CommandLine.Hosting",
    "System.CommandLine.Rendering",
}
TEST_DIRECT = {"coverlet.collector", "Microsoft.NET.Test.Sdk", "Moq", "xunit", "xunit.runner.visualstudio"}


@pytest.mark.parametrize(
    ("name", "entries", "projects", "direct"),
    [
        ("monai-gateway-CLI.packages.lock.json", 72, 4, CLI_DIRECT),
        ("monai-gateway-Client.Test.packages.lock.json", 146, 12, TEST_DIRECT),
        ("SimpleTweaksPlugin.packages.lock.json", 4, 1, {"DalamudPackager", "DotNet.ReproducibleBuilds"}),
    ],
)
def test_lock_corpus(corpus: Path, name: str, entries: int, projects: int, direct: set[str]) -> None:
    path = corpus / DOTNET / name
    result = read(path)
    assert result.format == "nuget-lock" and result.locked and result.problems == ()
    assert len(result.components) == entries - projects  # Project entries are not SOUP
    assert {c.name for c in result.components if c.direct} == direct
    data = json.loads(path.read_text())
    (framework,) = data["dependencies"]
    lock = data["dependencies"][framework]
    for comp in result.components:
        assert comp.version == lock[comp.name]["resolved"] and comp.pinned and comp.groups == (framework,)
        assert comp.direct or comp.via, comp  # every transitive package is reached from a root
    assert not {n.lower() for n, e in lock.items() if e["type"] == "Project"} & {
        c.name.lower() for c in result.components
    }


def test_lock_via_and_lines(corpus: Path) -> None:
    cli = by_name(read(corpus / DOTNET / "monai-gateway-CLI.packages.lock.json"))
    assert cli["Microsoft.CSharp"].via == ("System.CommandLine.Rendering",)
    newtonsoft = cli["Newtonsoft.Json"]
    assert (newtonsoft.version, newtonsoft.source.line) == ("13.0.3", 472)
    # Docker.DotNet asks for it, and so do the projects the csproj beside the lock references
    assert newtonsoft.via == (
        "Docker.DotNet",
        "monai.deploy.informaticsgateway.api",
        "monai.deploy.informaticsgateway.client",
    )
    # client.common is not referenced by the CLI csproj (client is): it is no root of its own
    assert cli["Ardalis.GuardClauses"].via == (
        "monai.deploy.informaticsgateway.api",
        "monai.deploy.informaticsgateway.client",
        "monai.deploy.informaticsgateway.common",
    )
    test = by_name(read(corpus / DOTNET / "monai-gateway-Client.Test.packages.lock.json"))
    assert (test["Castle.Core"].via, test["Castle.Core"].source.line) == (("Moq",), 74)
    assert test["xunit.core"].via == ("xunit",)
    tweaks = by_name(read(corpus / DOTNET / "SimpleTweaksPlugin.packages.lock.json"))
    assert tweaks["SixLabors.ImageSharp"].via == ("kamitoolkit",)  # through the project reference


def test_lock_includes_its_project(corpus: Path) -> None:
    assert read(corpus / DOTNET / "monai-gateway-CLI.packages.lock.json").includes == (
        str(corpus / DOTNET / "monai-gateway-CLI.csproj"),
    )
    assert read(corpus / DOTNET / "monai-gateway-Client.Test.packages.lock.json").includes == ()


# ---------------------------------------------------------------------------------------------------------
# Central package management, properties and metadata (hand-written: the corpus has no Directory.Packages.props)

PACKAGES_PROPS = """
<Project>
  <PropertyGroup>
    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
    <SerilogVersion>3.1.1</SerilogVersion>
  </PropertyGroup>
  <ItemGroup>
    <PackageVersion Include="Newtonsoft.Json" Version="13.0.3" />
    <PackageVersion Include="Serilog" Version="$(SerilogVersion)" />
    <PackageVersion Include="xunit" Version="[2.9.0]" />
    <PackageVersion Include="Polly" Version="8.4.0" />
  </ItemGroup>
  <ItemGroup>
    <GlobalPackageReference Include="StyleCop.Analyzers" Version="1.1.118" />
  </ItemGroup>
</Project>
"""
CENTRAL_PROJECT = """
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFrameworks>net8.0;net48</TargetFrameworks>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="newtonsoft.json" />
    <PackageReference Include="Serilog" />
    <PackageReference Include="xunit" PrivateAssets="all" />
    <PackageReference Include="Polly" VersionOverride="8.5.0" />
    <PackageReference Include="Missing.Package" />
    <PackageReference Include="Direct.Version" Version="1.0.0" />
  </ItemGroup>
</Project>
"""


@pytest.fixture
def central(tmp_path: Path) -> tuple[Path, Path]:
    """A repository with Directory.Packages.props at its root and a project two folders down."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(
        tmp_path / "Directory.Build.props",
        "<Project><PropertyGroup><SerilogVersion>9</SerilogVersion></PropertyGroup></Project>",
    )
    props = write(repo / "Directory.Packages.props", PACKAGES_PROPS)
    project = write(repo / "src" / "App" / "App.csproj", CENTRAL_PROJECT)
    return props, project


def test_central_package_management(central: tuple[Path, Path]) -> None:
    props, project = central
    result = read(project)
    assert result.includes == (str(props),)  # the Directory.Build.props above the repository is not read
    assert {c.name: (c.version, c.pinned, c.scope) for c in result.components} == {
        "newtonsoft.json": ("13.0.3", False, "runtime"),  # matched case-insensitively, kept as written
        "Serilog": ("3.1.1", False, "runtime"),  # $(SerilogVersion) from the props file
        "xunit": ("2.9.0", True, "dev"),  # [2.9.0] is exact; PrivateAssets="all"
        "Polly": ("8.5.0", False, "runtime"),  # VersionOverride beats the central version
        "Missing.Package": ("", False, "runtime"),
        "Direct.Version": ("1.0.0", False, "runtime"),
        "StyleCop.Analyzers": ("1.1.118", False, "dev"),  # a GlobalPackageReference
    }
    found = by_name(result)
    assert found["newtonsoft.json"].source == found["newtonsoft.json"].source.__class__(str(project), 6)
    assert found["StyleCop.Analyzers"].source.path == str(props)
    assert found["Serilog"].groups == ("net8.0", "net48")
    assert found["xunit"].purl == "pkg:nuget/xunit@2.9.0"
    (nu1604,) = [p for p in result.problems if "NU1604" in p.message]
    (nu1008,) = [p for p in result.problems if "NU1008" in p.message]
    assert "Missing.Package" in nu1604.message and nu1604.source.line == 10
    assert "Direct.Version" in nu1008.message and nu1008.source.line == 11
    assert len(result.problems) == 2


def test_directory_packages_props_alone(central: tuple[Path, Path]) -> None:
    props, _project = central
    result = read(props)
    assert result.problems == () and result.includes == ()
    assert {c.name: (c.version, c.scope) for c in result.components} == {
        "Newtonsoft.Json": ("13.0.3", "runtime"),
        "Serilog": ("3.1.1", "runtime"),
        "xunit": ("2.9.0", "runtime"),
        "Polly": ("8.4.0", "runtime"),
        "StyleCop.Analyzers": ("1.1.118", "dev"),
    }
    assert by_name(result)["Serilog"].source.line == 8


def test_central_management_off_gives_no_versions(tmp_path: Path) -> None:
    write(tmp_path / "Directory.Packages.props", PACKAGES_PROPS.replace(">true<", ">false<"))
    result = read(write(tmp_path / "App.csproj", CENTRAL_PROJECT))
    assert by_name(result)["Serilog"].version == ""
    assert sum("central package management is off" in m for m in messages(result)) == 4
    assert not any("NU1008" in m for m in messages(result))


PROPERTIES_PROJECT = """
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <EfVersion>8.0.1</EfVersion>
    <EfVersion Condition="'$(EfVersion)' == ''">7.0.0</EfVersion>
    <ToolVersion Condition="'$(ToolVersion)' == ''">2.0.0</ToolVersion>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.EntityFrameworkCore" Version="$(efversion)" />
    <PackageReference Include="Some.Tool" Version="$(ToolVersion)" />
    <PackageReference Include="Shared.Lib" Version="$(SharedVersion)" />
    <PackageReference Include="Ghost" Version="$(NotDefined)" />
    <PackageReference Include="Child.Version">
      <Version>[1.2.3]</Version>
    </PackageReference>
    <PackageReference Include="Analyzer" Version="1.0.0"><PrivateAssets>all</PrivateAssets></PackageReference>
    <PackageReference Include="BuildOnly" Version="1.0.0" IncludeAssets="build; analyzers" />
    <PackageReference Include="Excluded" Version="1.0.0" ExcludeAssets="all" />
    <PackageReference Include="CompileOnly" Version="1.0.0" ExcludeAssets="runtime" />
    <PackageReference Include="Bad.Range" Version="[1.0" />
    <PackageReference Include="Framework.Only" Version="1.0.0" Condition="'$(TargetFramework)' == 'net48'" />
    <PackageReference Include="Removed" Version="1.0.0" />
  </ItemGroup>
  <ItemGroup Condition="'$(Configuration)' == 'Debug'">
    <PackageReference Include="Debug.Only" version="1.0.0" />
  </ItemGroup>
  <Choose>
    <When Condition="'$(OS)' == 'Windows_NT'">
      <ItemGroup>
        <PackageReference Include="Windows.Only" Version="2.0.0" />
      </ItemGroup>
    </When>
  </Choose>
  <ItemGroup>
    <PackageReference Update="some.tool" PrivateAssets="all" />
    <PackageReference Remove="Removed" />
  </ItemGroup>
  <Target Name="Late">
    <ItemGroup>
      <PackageReference Include="Not.Restored" Version="1.0.0" />
    </ItemGroup>
  </Target>
</Project>
"""
BUILD_PROPS = """
<Project>
  <PropertyGroup>
    <SharedVersion>4.5.6</SharedVersion>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="From.Build.Props" Version="1.0.0" />
  </ItemGroup>
</Project>
"""


def test_properties_metadata_and_conditions(tmp_path: Path) -> None:
    props = write(tmp_path / "Directory.Build.props", BUILD_PROPS)
    project = write(tmp_path / "src" / "Lib.csproj", PROPERTIES_PROJECT)
    result = read(project)
    assert result.includes == (str(props),)
    found = by_name(result)
    assert {name: (c.version, c.pinned, c.scope) for name, c in found.items()} == {
        "From.Build.Props": ("1.0.0", False, "runtime"),
        "Microsoft.EntityFrameworkCore": ("8.0.1", False, "runtime"),  # names of properties ignore case
        "Some.Tool": ("2.0.0", False, "dev"),  # a conditional default; Update adds PrivateAssets
        "Shared.Lib": ("4.5.6", False, "runtime"),  # from Directory.Build.props
        "Ghost": ("$(NotDefined)", False, "runtime"),
        "Child.Version": ("1.2.3", True, "runtime"),
        "Analyzer": ("1.0.0", False, "dev"),
        "BuildOnly": ("1.0.0", False, "dev"),
        "Excluded": ("1.0.0", False, "dev"),
        "CompileOnly": ("1.0.0", False, "runtime"),  # still compiled against
        "Bad.Range": ("[1.0", False, "runtime"),
        "Framework.Only": ("1.0.0", False, "runtime"),
        "Debug.Only": ("1.0.0", False, "runtime"),
        "Windows.Only": ("2.0.0", False, "runtime"),
    }
    assert found["From.Build.Props"].source == found["From.Build.Props"].source.__class__(str(props), 6)
    assert found["Framework.Only"].marker == "'$(TargetFramework)' == 'net48'"
    assert found["Debug.Only"].marker == "'$(Configuration)' == 'Debug'"
    assert found["Windows.Only"].marker == "'$(OS)' == 'Windows_NT'"
    assert found["Child.Version"].source.line == 13 and found["Child.Version"].groups == ("net8.0",)
    ghost, bad = result.problems
    assert "$(NotDefined)" in ghost.message and ghost.source.line == 12
    assert "Directory.Build.props" in ghost.message  # says which files were looked in
    assert "not a NuGet version range" in bad.message and bad.source.line == 20


LOCK = {
    "version": 2,
    "dependencies": {
        "net8.0": {
            "App.Runtime": {
                "type": "Direct",
                "requested": "[1.0.0, )",
                "resolved": "1.0.0",
                "dependencies": {"shared.dep": "2.0.0"},
            },
            "Analyzer.Pkg": {
                "type": "Direct",
                "requested": "[3.0.0, )",
                "resolved": "3.0.0",
                "dependencies": {"Analyzer.Dep": "1.0.0", "Shared.Dep": "2.0.0"},
            },
            "Analyzer.Dep": {"type": "Transitive", "resolved": "1.0.0"},
            "Shared.Dep": {"type": "Transitive", "resolved": "2.0.0"},
            "Pinned.Central": {"type": "CentralTransitive", "requested": "[5.0.0, )", "resolved": "5.0.0"},
        },
        "net48": {
            "App.Runtime": {"type": "Direct", "requested": "[1.0.0, )", "resolved": "1.0.0"},
            "Analyzer.Pkg": {"type": "Direct", "requested": "[3.0.0, )", "resolved": "3.1.0"},
        },
    },
}
LOCK_PROJECT = """
<Project Sdk="Microsoft.NET.Sdk">
  <ItemGroup>
    <PackageReference Include="App.Runtime" Version="1.0.0" />
    <PackageReference Include="Analyzer.Pkg" Version="3.0.0" PrivateAssets="All" />
    <PackageReference Include="Stale.Ref" Version="1.0.0" />
  </ItemGroup>
</Project>
"""


def test_lock_frameworks_scopes_and_central_transitive(tmp_path: Path) -> None:
    write(tmp_path / "App.csproj", LOCK_PROJECT)
    lock = write(tmp_path / "packages.lock.json", json.dumps(LOCK, indent=2))
    result = read(lock)
    assert result.problems == () and result.includes == (str(tmp_path / "App.csproj"),)
    found = {(c.name, c.version): c for c in result.components}
    assert {key: (c.direct, c.scope, c.groups, c.via) for key, c in found.items()} == {
        ("App.Runtime", "1.0.0"): (True, "runtime", ("net48", "net8.0"), ()),  # one component, both frameworks
        ("Analyzer.Pkg", "3.0.0"): (True, "dev", ("net8.0",), ()),  # PrivateAssets in the project beside
        ("Analyzer.Pkg", "3.1.0"): (True, "dev", ("net48",), ()),
        ("Analyzer.Dep", "1.0.0"): (False, "dev", ("net8.0",), ("Analyzer.Pkg",)),
        ("Shared.Dep", "2.0.0"): (False, "runtime", ("net8.0",), ("Analyzer.Pkg", "App.Runtime")),  # any case
        ("Pinned.Central", "5.0.0"): (False, "runtime", ("net8.0",), ()),
    }
    assert (
        found[("Shared.Dep", "2.0.0")].source.line
        == json.dumps(LOCK, indent=2).splitlines().index('      "Shared.Dep": {') + 1
    )


def test_project_pinned_by_lock_per_framework(tmp_path: Path) -> None:
    project = write(tmp_path / "App.csproj", LOCK_PROJECT)
    write(tmp_path / "packages.App.lock.json", json.dumps(LOCK))
    write(tmp_path / "packages.lock.json", "{}")  # packages.<project>.lock.json comes first, as in NuGet
    result = read(project)
    assert result.locked and result.includes == (str(tmp_path / "packages.App.lock.json"),)
    assert {(c.name, c.version, c.pinned, c.groups) for c in result.components} == {
        ("App.Runtime", "1.0.0", True, ("net8.0", "net48")),
        ("Analyzer.Pkg", "3.0.0", True, ("net8.0",)),
        ("Analyzer.Pkg", "3.1.0", True, ("net48",)),
        ("Stale.Ref", "1.0.0", False, ()),
    }
    (stale,) = result.problems
    assert "Stale.Ref" in stale.message and "out of date" in stale.message and stale.source.line == 5


def test_lock_file_path_property(tmp_path: Path) -> None:
    project = write(
        tmp_path / "App.csproj",
        LOCK_PROJECT.replace(
            "<ItemGroup>",
            "<PropertyGroup><NuGetLockFilePath>locks/app.json</NuGetLockFilePath></PropertyGroup><ItemGroup>",
            1,
        ),
    )
    write(tmp_path / "locks" / "app.json", json.dumps(LOCK))
    result = read(project)
    assert result.locked and result.includes == (str(tmp_path / "locks" / "app.json"),)


def test_sibling_project_names(tmp_path: Path) -> None:
    write(tmp_path / "A.csproj", "<Project/>")
    assert sibling_project(str(tmp_path / "packages.lock.json")) == str(tmp_path / "A.csproj")
    assert sibling_project(str(tmp_path / "packages.A.lock.json")) == str(tmp_path / "A.csproj")
    assert sibling_project(str(tmp_path / "A.packages.lock.json")) == str(tmp_path / "A.csproj")
    assert sibling_project(str(tmp_path / "B.packages.lock.json")) is None
    write(tmp_path / "B.fsproj", "<Project/>")
    assert sibling_project(str(tmp_path / "packages.lock.json")) is None  # two projects: which one?


# ---------------------------------------------------------------------------------------------------------
# Bad input: each defect gives a located problem, never an exception

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<{root}><{item} id="&lol3;" Include="&lol3;" version="1.0.0" /></{root}>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<{root}><{item} id="&xxe;" Include="&xxe;" version="1.0.0" /></{root}>
"""
XML_FILES = [("packages.config", "packages", "package"), ("App.csproj", "Project", "PackageReference")]


@pytest.mark.parametrize("template", [BOMB, XXE], ids=["entity-bomb", "external-entity"])
@pytest.mark.parametrize(("name", "root", "item"), XML_FILES)
def test_xml_attacks_are_refused(tmp_path: Path, template: str, name: str, root: str, item: str) -> None:
    path = write(tmp_path / name, template.format(root=root, item=item))
    result = read(path)
    assert result.components == ()
    (problem,) = result.problems
    assert problem.kind == "parse" and problem.source.path == str(path) and problem.source.line is not None


@pytest.mark.parametrize(("name", "root", "item"), XML_FILES)
def test_truncated_xml(tmp_path: Path, name: str, root: str, item: str) -> None:
    result = read(tmp_path / name, f'<{root}>\n  <{item} id="a" Include="a" version="1.0.0" />\n  <')
    (problem,) = result.problems
    assert problem.kind == "parse" and problem.source.line == 3 and result.components == ()


@pytest.mark.parametrize(
    ("name", "text", "fragment"),
    [
        ("packages.config", "<Project/>", "root element is <Project>, not <packages>"),
        ("App.csproj", "<packages/>", "root element is <packages>, not <project>"),
    ],
)
def test_wrong_root(tmp_path: Path, name: str, text: str, fragment: str) -> None:
    result = read(tmp_path / name, text)
    (problem,) = result.problems
    assert fragment in problem.message and problem.source.line == 1 and result.components == ()


@pytest.mark.parametrize(
    ("entry", "fragment", "kept"),
    [
        ('<package version="1.0.0" />', "without an id", None),
        ('<package id="A" />', "'A' has no version", ("A", "")),
        ('<package id="A" version="[1.0,2.0)" />', "is not a NuGet version", ("A", "[1.0,2.0)")),
        ("<reference />", "unexpected element <reference>", None),
    ],
)
def test_packages_config_defects(entry: str, fragment: str, kept: tuple | None) -> None:
    result = read(Path("packages.config"), f'<packages>\n  <package id="Ok" version="1.0.0" />\n  {entry}\n</packages>')
    (problem,) = result.problems
    assert fragment in problem.message and problem.source == problem.source.__class__("packages.config", 3)
    names = {(c.name, c.version) for c in result.components}
    assert names == {("Ok", "1.0.0")} | ({kept} if kept else set())
    assert all(c.pinned == (c.version == "1.0.0") for c in result.components)


def test_packages_config_duplicate_id() -> None:
    text = '<packages>\n<package id="A" version="1.0.0" />\n<package id="a" version="2.0.0" />\n</packages>'
    result = read(Path("packages.config"), text)
    (problem,) = result.problems
    assert "listed twice" in problem.message and problem.source.line == 3
    assert {(c.name, c.version) for c in result.components} == {("A", "1.0.0"), ("a", "2.0.0")}


def test_item_without_include(tmp_path: Path) -> None:
    result = read(
        tmp_path / "App.csproj",
        '<Project>\n<ItemGroup>\n<PackageReference Version="1.0.0" />\n</ItemGroup>\n</Project>',
    )
    (problem,) = result.problems
    assert "without Include" in problem.message and problem.source.line == 3 and result.components == ()


def test_unreadable_imported_props(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "Directory.Build.props", "<Project><PropertyGroup>")
    result = read(
        write(
            tmp_path / "App.csproj",
            '<Project><ItemGroup><PackageReference Include="A" Version="1.0.0" /></ItemGroup></Project>',
        )
    )
    (problem,) = result.problems
    assert problem.kind == "parse" and problem.source.path == str(tmp_path / "Directory.Build.props")
    assert [c.name for c in result.components] == ["A"]


def one_entry(entry: str) -> str:
    """A lock whose one package ``A`` (on line 4) is ``entry``."""
    return '{"version": 1,\n "dependencies": {\n  "net8.0": {\n   "A": ' + entry + "}}}"


LOCK_DEFECTS = [
    ("[]", "expected a JSON object, got a list", 1, 0),
    ('{"version": 1, "dependencies": []}', "'dependencies' should be an object of target frameworks", 1, 0),
    ('{"version": 3, "dependencies": {}}', "unknown version 3; read as version 2", 1, 0),
    ('{"dependencies": {}}', "no version; read as version 2", 1, 0),
    ('{"version": 1,\n "dependencies": {\n  "net8.0": [1]}}', "framework 'net8.0' should be an object", 3, 0),
    (one_entry('"1.0.0"'), "'A' (net8.0): the entry should be an object", 4, 0),
    (one_entry('{"type": "Direct"}'), "'A' (net8.0): no resolved version", 4, 1),
    (one_entry('{"type": "Odd", "resolved": "1.0.0"}'), "unknown type 'Odd', read as Transitive", 4, 1),
    (
        one_entry('{"type": "Direct", "resolved": "1.0.0", "dependencies": ["B"]}'),
        "'dependencies' should be an object, not a list",
        4,
        1,
    ),
    (
        one_entry('{"type": "Direct", "resolved": "1.0.0", "dependencies": {"B": "1.0.0"}}'),
        "depends on 'B', which the lock does not list",
        4,
        1,
    ),
    (one_entry('{"type": "Direct", "resolved": "1.0.0"'), "invalid JSON", 4, 0),
]


@pytest.mark.parametrize(("text", "fragment", "line", "count"), LOCK_DEFECTS)
def test_lock_defects(text: str, fragment: str, line: int | None, count: int) -> None:
    result = read(Path("packages.lock.json"), text)
    (problem,) = result.problems
    assert fragment in problem.message, problem
    assert problem.source.path == "packages.lock.json" and problem.source.line == line
    assert len(result.components) == count


# ---------------------------------------------------------------------------------------------------------
# Registry: file names and sniffing (the lead adds the module to readers.MODULES)


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MODULES", (nuget, *readers.MODULES))
    monkeypatch.setattr(readers, "FORMATS", {**readers.FORMATS, **nuget.FORMATS})
    monkeypatch.setattr(readers, "PATTERNS", nuget.PATTERNS + readers.PATTERNS)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("packages.config", "packages.config"),
        ("NuGet.Server.packages.config", "packages.config"),
        ("packages.App.config", "packages.config"),
        ("App.csproj", "msbuild"),
        ("App.FSPROJ", "msbuild"),
        ("App.vbproj", "msbuild"),
        ("Directory.Packages.props", "msbuild"),
        ("Directory.Build.props", "msbuild"),
        ("passwordless-server.Directory.Build.props", "msbuild"),
        ("packages.lock.json", "nuget-lock"),
        ("packages.App.lock.json", "nuget-lock"),
        ("monai-gateway-CLI.packages.lock.json", "nuget-lock"),
    ],
)
def test_detect(registry: None, name: str, fmt: str) -> None:
    assert readers.detect(name) == fmt


def test_sniff(registry: None) -> None:
    assert readers.detect("eng/Versions.props", "<Project>\n  <PropertyGroup>") == "msbuild"
    head = '{\n  "version": 1,\n  "dependencies": {\n    "net8.0": {\n      "A": {\n        "type": "Direct",'
    assert readers.detect("renamed.json", head) == "nuget-lock"


def test_read_path(registry: None, corpus: Path) -> None:
    result = readers.read_path(str(corpus / DOTNET / "NuGet.Server.packages.config"))
    assert result.format == "packages.config" and len(result.components) == 19
