"""Building both editions: validate first, build each in staging, swap them in only when both built."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from macros.integration.config import checked_config, link_settings
from macros.loading.validate import Validated, validated
from macros.model.problems import Problem, ValidationFailed
from macros.outputs.writer import OUTPUT_FILES
from macros.views.links import LinkSettings, project_link_problems

EDITION_CONFIGS = {"public": "mkdocs.yml", "intranet": "mkdocs-intranet.yml"}


def project_root(start: Path | None = None) -> Path:
    """The folder holding mkdocs.yml, looking upwards from `start`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").exists() and (folder / "data").is_dir():
            return folder
    raise SystemExit("planpress: no mkdocs.yml with a data/ folder here or above; run it inside the project")


def source_date_epoch(root: Path) -> str:
    """SOURCE_DATE_EPOCH as set, or the last commit's date, so two builds of one commit match.

    Outside git (a downloaded copy), the newest date in the data stands in: like a commit date, it
    is the same in every copy of the same files, where the clock and file times are not.
    """
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        if out.isdigit():
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    return str(newest_data_epoch(root))


def newest_data_epoch(root: Path) -> int:
    """Midnight (UTC) of the newest date in the data: the plan's start, its newest RAG update or newsletter; 0 if they do not load."""
    import calendar

    from macros.loading.newsletters import read_newsletters
    from macros.loading.project import load_project

    try:
        project = load_project(root / "data")
        issues = [issue.date for issue in read_newsletters(root) if not issue.draft]
    except ValidationFailed:
        return 0
    newest = max([project.plan.start, *(u.date for u in project.updates), *issues])
    return calendar.timegm(newest.timetuple())


def build_env(root: Path) -> dict[str, str]:
    """The environment MkDocs builds in: a fixed build date, and no preview-only settings."""
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = source_date_epoch(root)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    env.pop("PLANPRESS_DRAFTS", None)
    return env


def mkdocs_build_command(root: Path, edition: str, site_dir: Path) -> list[str]:
    """The mkdocs command that builds one edition into `site_dir`.

    Not --quiet: that raises MkDocs's log level above warnings, so --strict never sees a warning and a
    broken link would pass, and the messages that say what is wrong would be hidden too.
    """
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / EDITION_CONFIGS[edition]), "-d", str(site_dir)]


def check_all(root: Path) -> Validated:
    """Everything a build would refuse, checked without building: both configurations, data, newsletters and pages, then their links and images."""
    problems: list[Problem] = []
    settings: dict[str, LinkSettings] = {}
    for edition, name in EDITION_CONFIGS.items():
        config, found = checked_config(root / name)
        problems.extend(found)
        if config is not None and not found:
            # A configuration MkDocs refused is only partly read: its settings are taken once it is valid.
            settings[edition] = link_settings(config)
    checked = None
    try:
        checked = validated(root)
    except ValidationFailed as failure:
        problems.extend(failure.problems)
    if problems:
        raise ValidationFailed(problems)
    assert checked is not None
    # Links are checked once every page they may go to is known: the data, every issue and every page read.
    links = project_link_problems(root, checked.project, checked.issues, settings, OUTPUT_FILES, checked.docs)
    if links:
        raise ValidationFailed(links)
    return checked


def github_annotations(failure: ValidationFailed) -> str:
    """Each problem as a GitHub Actions annotation, so that it shows on the file and line in GitHub's web editor and pull requests.

    Written only when GitHub Actions runs the command (GITHUB_ACTIONS=true); empty otherwise.
    """
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return ""
    lines = []
    for problem in failure.problems:
        where = f"file={_escape_property(problem.file)}" + (f",line={problem.line}" if problem.line else "")
        message = f"{problem.path}: {problem.message}" if problem.path else problem.message
        lines.append(f"::error {where}::{_escape_data(message)}\n")
    return "".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def build(root: Path, site_dir: Path | None = None, editions: tuple[str, ...] = ("public", "intranet")) -> int:
    """Build each edition into a staging folder; replace site/<edition> only when every build succeeded."""
    # Checking first costs a fraction of a second and saves starting MkDocs twice to learn the same thing.
    try:
        check_all(root)
    except ValidationFailed as failure:
        sys.stdout.write(github_annotations(failure))
        sys.stdout.flush()
        sys.stderr.write(failure_report({edition: failure.report() for edition in editions}, editions) + "\n")
        return 1
    site_dir = site_dir or root / "site"
    site_dir.mkdir(parents=True, exist_ok=True)
    with _exclusive(site_dir), _terminated_cleanly():
        _recover(site_dir, editions)
        return _build_and_swap(root, site_dir, editions)


def _build_and_swap(root: Path, site_dir: Path, editions: tuple[str, ...]) -> int:
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=site_dir))
    env = build_env(root)
    running: dict[str, subprocess.Popen[str]] = {}
    try:
        for edition in editions:
            running[edition] = subprocess.Popen(
                mkdocs_build_command(root, edition, staging / edition),
                cwd=root,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        failures: dict[str, str] = {}
        for edition, process in running.items():
            output, _ = process.communicate()
            if process.returncode != 0:
                failures[edition] = build_messages(output) or f"mkdocs stopped with exit code {process.returncode} and no message"
        if failures:
            sys.stderr.write(failure_report(failures, editions) + "\n")
            return 1
        for edition in editions:
            swap_in(staging / edition, site_dir / edition)
            print(f"planpress: built {site_dir / edition}")
        return 0
    finally:
        for process in running.values():
            if process.poll() is None:
                process.terminate()
                process.wait()
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def _exclusive(site_dir: Path) -> Iterator[None]:
    """Hold a lock on site/ so that two builds never swap sites in under each other."""
    import fcntl

    handle = os.open(site_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SystemExit(f"planpress: another build is writing {site_dir}; wait for it to finish, then build again") from None
        yield
    finally:
        os.close(handle)


@contextlib.contextmanager
def _terminated_cleanly() -> Iterator[None]:
    """Turn SIGTERM (what CI runners and service managers send) into an exit that still clears up."""

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _recover(site_dir: Path, editions: tuple[str, ...]) -> None:
    """Undo what a build killed outright (SIGKILL, power loss) left behind, holding the lock.

    A site moved aside but not yet replaced is put back; staging folders and old sites are removed.
    """
    for edition in editions:
        target = site_dir / edition
        moved = sorted(site_dir.glob(f".old-{edition}-*"))
        if not target.exists() and moved:
            moved[-1].rename(target)
    for leftover in [*site_dir.glob(".staging-*"), *site_dir.glob(".old-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


def failure_report(failures: dict[str, str], editions: tuple[str, ...]) -> str:
    """What went wrong, said once when every edition failed for the same reason."""
    messages = set(failures.values())
    if len(failures) == len(editions) and len(messages) == 1:
        which = "neither site was built" if len(editions) > 1 else f"the {editions[0]} site was not built"
        parts = [f"planpress: {which}:", messages.pop()]
    else:
        parts = []
        for edition, message in failures.items():
            parts += [f"planpress: the {edition} site did not build:", message]
    parts.append("planpress: nothing in site/ was changed.")
    return "\n".join(parts)


_LEVEL = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-\s+(?:\[[0-9:]+\]\s+)?")


_TRACEBACK = "Traceback (most recent call last):"


def build_messages(output: str) -> str:
    """The warnings and errors in MkDocs's output, without log-level prefixes, progress lines or tracebacks.

    A message that spans lines (planpress's list of problems) keeps all its lines. A traceback means a
    fault in planpress rather than in the files being built; the people who edit the files cannot act
    on one, so it is cut to its last line unless PLANPRESS_DEBUG=1 asks for all of it.
    """
    if os.environ.get("PLANPRESS_DEBUG") == "1":
        return output.strip()
    if _TRACEBACK in output:
        output = _without_tracebacks(output)
    kept: list[str] = []
    level = "ERROR"
    for line in output.splitlines():
        match = _LEVEL.match(line)
        if match:
            level = match.group(1)
            line = line[match.end() :]
        if level in ("DEBUG", "INFO") or not line.strip() or line.startswith(("Aborted with", "Error: Aborted")):
            continue
        if line.startswith("Error: "):
            line = line[len("Error: ") :]
        kept.append(line.rstrip())
    return "\n".join(dict.fromkeys(kept))


def internal_error(what: str) -> str:
    """The message for an error planpress did not foresee, most likely a fault in its own code."""
    return f"planpress stopped on an unexpected error ({what}); if no file you changed explains it, it is a fault in planpress. Set PLANPRESS_DEBUG=1 to see the details."


def _without_tracebacks(output: str) -> str:
    lines = output.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i].startswith(_TRACEBACK):
            i += 1
            while i < len(lines) and (lines[i].startswith(" ") or not lines[i].strip()):
                i += 1
            last = lines[i] if i < len(lines) else "unknown error"
            out.append(f"ERROR - {internal_error(last)}")
            i += 1
            while i < len(lines) and lines[i].startswith(" "):
                i += 1
            continue
        if not lines[i].startswith(("During handling of the above exception", "The above exception was the direct cause")):
            out.append(lines[i])
        i += 1
    return "\n".join(out)


def swap_in(new: Path, target: Path) -> None:
    """Put `new` where `target` is, in two renames, so readers never see a half-written site."""
    old = target.with_name(f".old-{target.name}-{os.getpid()}")
    shutil.rmtree(old, ignore_errors=True)  # left by an earlier swap of this process whose removal failed
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
