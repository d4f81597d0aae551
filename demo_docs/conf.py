"""Sphinx configuration of the CardioTrack design history file (demo of sphinxcontrib-soup)."""

project = "CardioTrack DHF"
author = "CardioTrack Medical Software Team"
copyright = "2026, CardioTrack Medical Software Team"
release = "2.3"

extensions = ["sphinx_needs", "sphinxcontrib.soup"]

# --- SOUP (IEC 62304 8.1.2) ---------------------------------------------------------------
soup_manifests = [
    {"path": "inputs/web/package-lock.json", "system": "Viewer"},
    {"path": "inputs/backend/uv.lock", "system": "Ingest service"},
    {"path": "inputs/gateway/packages.lock.json", "system": "Gateway"},  # NuGet
    {"path": "inputs/legacy-reports/bower.json", "system": "Legacy reports"},  # bower, no lock
    {"path": "inputs/dicom-bridge/bom.cdx.json", "system": "DICOM bridge"},  # CycloneDX SBOM
]
soup_records = ["soup/records/*.yaml"]
soup_test_results = ["inputs/reports/*.xml"]  # real JUnit reports of the SOUP tests: inputs/HOW-GENERATED.md
soup_advisories = ["inputs/advisories/*.json"]  # real published advisories: see inputs/HOW-GENERATED.md
soup_sources = ["product/ingest/**/*.py", "product/viewer/src"]  # where each SOUP is imported (records: wrappers)
soup_scopes = ["runtime", "optional", "peer"]  # dev tools are listed apart
soup_strict = False  # release builds: sphinx-build -D soup_strict=1
# the previous release (2.2) to compare with on soup/changes: the viewer's lock as it was then (a real older
# npm resolution: inputs/HOW-GENERATED.md); the other systems' inputs have not changed since 2.2. In a
# repository with release tags, "git:v2.2" reads every soup_manifests input as it was at that tag instead.
soup_baseline = [
    {"path": "inputs/baseline/web/package-lock.json", "system": "Viewer"},
    {"path": "inputs/backend/uv.lock", "system": "Ingest service"},
    {"path": "inputs/gateway/packages.lock.json", "system": "Gateway"},
    {"path": "inputs/legacy-reports/bower.json", "system": "Legacy reports"},
    {"path": "inputs/dicom-bridge/bom.cdx.json", "system": "DICOM bridge"},
]
soup_license_policy = {
    "allow": ["permissive"],
    "review": ["weak-copyleft"],
    "deny": ["strong-copyleft", "non-commercial"],
}

exclude_patterns = ["_build", "inputs", "product"]  # inputs and product sources, not pages
html_theme = "alabaster"
html_static_path: list[str] = []
html_theme_options = {"page_width": "1200px", "body_max_width": "none"}  # alabaster: room for wide SOUP tables
latex_elements = {"papersize": "a4paper", "pointsize": "10pt"}
latex_documents = [("index", "cardiotrack-dhf.tex", "CardioTrack Design History File", author, "manual")]
