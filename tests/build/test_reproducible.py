"""Two builds of the same files give byte-identical sites, and the build date comes from git or the data, never the clock."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import struct
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from helpers import copy_project, run_planpress, tree_hashes, write_yaml

from macros.cli.building import source_date_epoch

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def lastmods(site: Path) -> set[str]:
    return {e.text or "" for e in ElementTree.parse(site / "sitemap.xml").iter(f"{SITEMAP}lastmod")}


def gzip_mtime(path: Path) -> int:
    return struct.unpack("<I", path.read_bytes()[4:8])[0]


def test_two_builds_in_different_folders_are_byte_identical(built_site: Path, tmp_path: Path) -> None:
    """A second build, elsewhere and with another hash seed, matches the first in every file."""
    other = copy_project(tmp_path / "elsewhere" / "deeper" / "project")
    result = run_planpress(other, "build", env={"PYTHONHASHSEED": "12345"})
    assert result.code == 0, result.output
    for edition in ("public", "intranet"):
        first, second = tree_hashes(built_site / edition), tree_hashes(other / "site" / edition)
        assert set(first) == set(second)
        assert [name for name in first if first[name] != second[name]] == []
        for name in ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "404.html", "plan.pdf"):
            assert name in first
        for optional in ("feed.xml", "atom.xml", "plan.json", "actions.csv", "milestones.ics"):
            if optional in first or optional in second:
                assert first.get(optional) == second.get(optional), optional


def test_no_build_path_leaks_into_a_site(built_site: Path) -> None:
    project = built_site.parent
    for path in sorted(built_site.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".csv", ".ics", ".js", ".css"}:
            text = path.read_text("utf-8", errors="replace")
            assert str(project) not in text and ".staging-" not in text and "/tmp/" not in text, path


def test_rebuilding_in_place_changes_no_byte(project: Path) -> None:
    assert run_planpress(project, "build").code == 0
    before = {e: tree_hashes(project / "site" / e) for e in ("public", "intranet")}
    assert run_planpress(project, "build", env={"PYTHONHASHSEED": "7"}).code == 0
    assert {e: tree_hashes(project / "site" / e) for e in ("public", "intranet")} == before


def _git(root: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(root.parent)}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(
        ["git", "-c", "user.name=Plan Editor", "-c", "user.email=editor@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=root, env=env, capture_output=True, text=True, check=True,
    )
    return done.stdout


def test_source_date_epoch_is_the_last_commit_date(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "The plan", date="2019-03-01T12:00:00+00:00")
    epoch = int(dt.datetime(2019, 3, 1, 12, tzinfo=dt.UTC).timestamp())
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(project.parent))
    assert source_date_epoch(project) == str(epoch)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    assert source_date_epoch(project) == "1234567890", "a SOURCE_DATE_EPOCH that is set wins"

    result = run_planpress(project, "build", env={"SOURCE_DATE_EPOCH": "", "GIT_CEILING_DIRECTORIES": str(project.parent)})
    assert result.code == 0, result.output
    for edition in ("public", "intranet"):
        site = project / "site" / edition
        assert lastmods(site) == {"2019-03-01"}
        assert gzip_mtime(site / "sitemap.xml.gz") == int(dt.datetime(2019, 3, 1, tzinfo=dt.UTC).timestamp())
        assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()


def test_outside_git_the_newest_date_in_the_data_is_used(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    # Stop git from finding a repository above the copy, so this is a copy outside git.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(project.parent))
    # Newer than Norfolk's newest newsletter, so this update is the newest date in the data.
    write_yaml(project / "data" / "updates" / "2018-10-24.yml", {"updates": [{"action": "1.1", "date": "2018-10-24", "status": "green"}]})
    midnight = int(dt.datetime(2018, 10, 24, tzinfo=dt.UTC).timestamp())
    assert source_date_epoch(project) == str(midnight)
    result = run_planpress(project, "build", env={"SOURCE_DATE_EPOCH": "", "GIT_CEILING_DIRECTORIES": str(project.parent)})
    assert result.code == 0, result.output
    assert lastmods(project / "site" / "public") == {"2018-10-24"}
