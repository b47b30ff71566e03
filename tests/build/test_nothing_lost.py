"""A failed build changes nothing: the previous site/public and site/intranet stay byte for byte, and no staging folder is left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import run_planpress, tree_hashes, write_yaml

EDITIONS = ("public", "intranet")


def snapshot(project: Path) -> dict[str, dict[str, str]]:
    return {edition: tree_hashes(project / "site" / edition) for edition in EDITIONS}


def leftovers(project: Path) -> list[str]:
    """Anything in site/ besides the two sites: staging folders or old sites a build did not clear away."""
    return sorted(p.name for p in (project / "site").iterdir() if p.name not in EDITIONS)


STOPPED = "no space left on the device"


def stop_the_intranet_build(project: Path) -> None:
    """A failure that only the intranet's build meets, after `planpress check` has passed: a hook stops it, as a full disk would."""
    (project / "stop_hook.py").write_text(f"from mkdocs.exceptions import PluginError\n\n\ndef on_post_build(config):\n    raise PluginError({STOPPED!r})\n", encoding="utf-8")
    with (project / "mkdocs-intranet.yml").open("a", encoding="utf-8") as config:
        config.write("hooks:\n  - stop_hook.py\n")


@pytest.fixture
def built_once(project: Path) -> tuple[Path, dict[str, dict[str, str]]]:
    """A project copy with both sites built, and the hash of every file in them."""
    result = run_planpress(project, "build")
    assert result.code == 0, result.output
    before = snapshot(project)
    assert all(len(files) > 30 for files in before.values())
    return project, before


def test_bad_data_leaves_the_previous_sites_as_they_were(built_once: tuple[Path, dict[str, dict[str, str]]]) -> None:
    project, before = built_once
    write_yaml(project / "data" / "updates" / "2018-07-25.yml", {"updates": [{"action": "1.1", "date": "31/02/2018", "status": "green"}]})
    result = run_planpress(project, "build")
    assert result.code == 1
    assert "data/updates/2018-07-25.yml:3: updates[0].date: '31/02/2018' is not a real date" in result.output.splitlines()
    assert result.output.endswith("planpress: nothing in site/ was changed.\n")
    assert snapshot(project) == before
    assert leftovers(project) == []


def test_a_failure_in_one_edition_changes_neither(built_once: tuple[Path, dict[str, dict[str, str]]]) -> None:
    """A failure in the intranet's build alone leaves both sites as they were: the public site built is not swapped in either."""
    project, before = built_once
    stop_the_intranet_build(project)
    write_yaml(project / "data" / "updates" / "2018-07-25.yml", {"updates": [{"action": "1.1", "date": "2018-07-25", "status": "green"}]})
    assert run_planpress(project, "check").code == 0
    result = run_planpress(project, "build")
    assert result.code == 1
    lines = result.output.splitlines()
    assert lines[0] == "planpress: the intranet site did not build:"
    assert any(STOPPED in line for line in lines), result.output
    assert "public site did not build" not in result.output
    assert snapshot(project) == before, "the public site built, but must not replace the old one while the intranet failed"
    assert leftovers(project) == []


def test_a_good_build_after_a_failure_replaces_both_sites(built_once: tuple[Path, dict[str, dict[str, str]]]) -> None:
    project, before = built_once
    update = project / "data" / "updates" / "2018-07-25.yml"
    write_yaml(update, {"updates": [{"action": "1.1", "date": "2018-07-25", "status": "amberish"}]})
    assert run_planpress(project, "build").code == 1
    write_yaml(update, {"updates": [{"action": "1.1", "date": "2018-07-25", "status": "amber", "note": "Two sessions moved."}]})
    result = run_planpress(project, "build")
    assert result.code == 0, result.output
    after = snapshot(project)
    for edition in EDITIONS:
        assert after[edition]["delivery/actions/1-1/index.html"] != before[edition]["delivery/actions/1-1/index.html"]
        # The same files, and the highlight report of the meeting the rating came from.
        assert set(after[edition]) - set(before[edition]) <= {"reports/2018-07-25.pdf"}
        assert set(before[edition]) <= set(after[edition]) and "reports/2018-07-25.pdf" in after[edition]
    assert leftovers(project) == []


def _start_build(project: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    return subprocess.Popen([sys.executable, "-m", "macros.cli", "build"], cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_for_staging(project: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while not list((project / "site").glob(".staging-*/*")):
        assert process.poll() is None, "the build ended before it could be stopped"
        assert time.monotonic() < deadline
        time.sleep(0.02)


def test_a_build_stopped_midway_changes_nothing(built_once: tuple[Path, dict[str, dict[str, str]]]) -> None:
    """SIGTERM, as a CI runner sends on a timeout, while MkDocs is writing: the old sites stay and the staging folder goes."""
    project, before = built_once
    write_yaml(project / "data" / "updates" / "2018-07-25.yml", {"updates": [{"action": "1.1", "date": "2018-07-25", "status": "green"}]})
    process = _start_build(project)
    _wait_for_staging(project, process)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM
    assert snapshot(project) == before
    assert leftovers(project) == []


def test_a_second_build_at_the_same_time_is_refused(built_once: tuple[Path, dict[str, dict[str, str]]]) -> None:
    project, before = built_once
    first = _start_build(project)
    _wait_for_staging(project, first)
    second = run_planpress(project, "build")
    first.communicate(timeout=120)
    assert second.code == 1
    assert second.output == f"planpress: another build is writing {project / 'site'}; wait for it to finish, then build again\n"
    assert first.returncode == 0
    assert leftovers(project) == []


def test_what_a_killed_build_left_is_cleared_and_the_old_site_put_back(built_once: tuple[Path, dict[str, dict[str, str]]]) -> None:
    """After SIGKILL or a power cut between the two renames of a swap, the next build puts the old site back first."""
    project, before = built_once
    site = project / "site"
    (site / "public").rename(site / ".old-public-4242")
    (site / ".staging-abc123" / "intranet").mkdir(parents=True)
    write_yaml(project / "data" / "updates" / "2018-07-25.yml", {"updates": [{"action": "1.1", "date": "31/02/2018", "status": "green"}]})
    assert run_planpress(project, "build").code == 1
    # A build that stops at validation does not touch site/ at all; a build that starts recovers it.
    (project / "data" / "updates" / "2018-07-25.yml").unlink()
    stop_the_intranet_build(project)
    result = run_planpress(project, "build")
    assert result.code == 1 and STOPPED in result.output, result.output
    assert snapshot(project) == before
    assert leftovers(project) == []


@pytest.mark.parametrize(
    "date,title",
    [
        ("2018-08-01", "Quality assurance, systems and feedback"),  # an existing issue's exact name
        ("2018-08-01", "QUALITY ASSURANCE: systems & feedback!"),  # another title with the same file name
        ("2018-08-01", "A different issue"),  # another issue on an existing issue's date
    ],
)
def test_new_newsletter_never_overwrites_an_issue(project: Path, date: str, title: str) -> None:
    before = tree_hashes(project / "newsletters")
    made = run_planpress(project, "new-newsletter", "--date", date, "--title", title)
    assert made.code == 1
    assert made.output.startswith("planpress: newsletters/2018-08-01-quality-assurance-and-feedback.md already ")
    assert made.output.endswith("nothing was written\n")
    assert tree_hashes(project / "newsletters") == before
