"""ProperDocs 1.6.7, the continuation of MkDocs 1.x, builds both sites byte for byte as MkDocs 1.6.1 does.

ProperDocs installs as its own package beside MkDocs. `python -m properdocs` reads mkdocs.yml when given
with -f, loads plugins from the `mkdocs.plugins` entry points and `hooks:` as MkDocs does, and sends every
`import mkdocs...` in them (planpress's hooks, Material, the macros plugin) to its own modules.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import copy_project, tree_hashes

from macros.cli.building import EDITION_CONFIGS, build_env, mkdocs_build_command
from macros.views.render import CACHE_DIR_VARIABLE

ENGINES = ("mkdocs", "properdocs")
EPOCH = "1700000000"
SHOWN = 5
"""How many differing files a failure shows, each with the start of its diff."""


def engine_command(engine: str, root: Path, edition: str, dest: Path) -> list[str]:
    """planpress's own build command for one edition, run with `engine` in place of MkDocs."""
    command = mkdocs_build_command(root, edition, dest)
    assert command[1:3] == ["-m", "mkdocs"], command
    return [command[0], "-m", engine, *command[3:]]


def build_with(engine: str, root: Path, dest: Path) -> Path:
    """Both editions of the project in `root` built by `engine` into `dest`, each with its own template cache."""
    env = {**build_env(root), "SOURCE_DATE_EPOCH": EPOCH, CACHE_DIR_VARIABLE: str(dest / ".cache")}
    for edition in EDITION_CONFIGS:
        done = subprocess.run(
            engine_command(engine, root, edition, dest / edition),
            cwd=root, env=env, capture_output=True, text=True, timeout=600,
        )
        assert done.returncode == 0, f"{engine} did not build the {edition} site:\n{done.stdout}{done.stderr}"
    return dest


def difference(first: Path, second: Path, name: str) -> str:
    """The start of a unified diff of one file in both sites, or a note that they are binary."""
    a, b = (first / name).read_bytes(), (second / name).read_bytes()
    try:
        lines = difflib.unified_diff(
            a.decode("utf-8").splitlines(), b.decode("utf-8").splitlines(), f"mkdocs/{name}", f"properdocs/{name}", n=1, lineterm=""
        )
    except UnicodeDecodeError:
        return f"{name}: binary, {len(a)} bytes against {len(b)}"
    return "\n".join(list(lines)[:20])


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both editions of one copy of the project, built once by each engine with the same fixed date."""
    base = tmp_path_factory.mktemp("parity")
    root = copy_project(base / "project")
    return {engine: build_with(engine, root, base / engine) for engine in ENGINES}


def test_properdocs_is_its_own_package_beside_mkdocs() -> None:
    """Installing ProperDocs leaves MkDocs 1.6.1 in place: two packages, neither overwriting the other."""
    found = subprocess.run(
        [sys.executable, "-c", "import mkdocs, properdocs; print(mkdocs.__version__, properdocs.__version__, mkdocs.__file__ != properdocs.__file__)"],
        capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert found.returncode == 0, f"properdocs is not installed (make .venv/.installed installs requirements-test.lock):\n{found.stderr}"
    assert found.stdout.split() == ["1.6.1", "1.6.7", "True"]
    version = subprocess.run([sys.executable, "-m", "properdocs", "--version"], capture_output=True, text=True)
    assert "properdocs, version 1.6.7 from " in version.stdout, version.stdout + version.stderr


@pytest.mark.parametrize("edition", list(EDITION_CONFIGS))
def test_both_engines_build_the_same_site(sites: dict[str, Path], edition: str) -> None:
    first, second = sites["mkdocs"] / edition, sites["properdocs"] / edition
    ours, theirs = tree_hashes(first), tree_hashes(second)
    assert "index.html" in ours and "sitemap.xml.gz" in ours and "search/search_index.json" in ours
    only_mkdocs, only_properdocs = sorted(set(ours) - set(theirs)), sorted(set(theirs) - set(ours))
    differing = [name for name in ours if name in theirs and ours[name] != theirs[name]]
    report = [f"only MkDocs wrote: {only_mkdocs[:SHOWN]}"] if only_mkdocs else []
    report += [f"only ProperDocs wrote: {only_properdocs[:SHOWN]}"] if only_properdocs else []
    if differing:
        report.append(f"{len(differing)} of {len(ours)} files differ; the first {min(SHOWN, len(differing))}:")
        report += [difference(first, second, name) for name in differing[:SHOWN]]
    if report:
        pytest.fail("\n".join(report), pytrace=False)
