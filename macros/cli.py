"""The planpress command: build, serve and check the sites."""

from __future__ import annotations

import argparse
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

from .problems import ValidationFailed

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

    from .loading import load_project
    from .newsletters import read_newsletters

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


def build(root: Path, site_dir: Path | None = None, editions: tuple[str, ...] = ("public", "intranet")) -> int:
    """Build each edition into a staging folder; replace site/<edition> only when every build succeeded."""
    from .validate import validate_all

    # Checking first costs a fraction of a second and saves starting MkDocs twice to learn the same thing.
    try:
        validate_all(root)
    except ValidationFailed as failure:
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


def check(root: Path) -> int:
    """Validate data, newsletters and pages without building."""
    from .validate import validate_all

    try:
        summary = validate_all(root)
    except ValidationFailed as failure:
        sys.stderr.write(failure.report() + "\n")
        return 1
    print(f"planpress: {summary}")
    return 0


def new_newsletter(root: Path, day: str | None, title: str | None) -> int:
    """Write the next issue as a draft from the template; never overwrite a file."""
    import datetime as dt

    from .loading import load_project
    from .newsletters import issue_sections, new_issue
    from .render import long_date

    try:
        date = dt.date.fromisoformat(day) if day else dt.date.today()
    except ValueError:
        sys.stderr.write(f"planpress: --date '{day}' is not a real date written as YYYY-MM-DD, such as 2018-05-16\n")
        return 2
    try:
        project = load_project(root / "data")
        path, text = new_issue(root, issue_sections(project.communications), project.plan.start, date, title or f"Newsletter, {long_date(date).split(' ', 1)[1]}")
    except ValidationFailed as failure:
        sys.stderr.write(failure.report().replace("nothing was built", "no newsletter was written") + "\n")
        return 1
    except ValueError as error:
        sys.stderr.write(f"planpress: {error}; no newsletter was written\n")
        return 2
    except FileExistsError as error:
        sys.stderr.write(f"planpress: {error}; nothing was written\n")
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # "x" creates the file only if it does not exist, so an issue is never overwritten.
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        sys.stderr.write(f"planpress: {path.relative_to(root)} already exists; nothing was written. Edit it, or choose another --title or --date.\n")
        return 1
    print(path.relative_to(root).as_posix())
    return 0


def serve(root: Path, address: str) -> int:
    """A live preview of the intranet site, drafts included; this process is the server, so stopping it stops it."""
    from .preview import serve as serve_preview

    env = build_env(root)
    env["PLANPRESS_DRAFTS"] = "1"
    return serve_preview(root, root / EDITION_CONFIGS["intranet"], address, env)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the planpress command."""
    parser = argparse.ArgumentParser(prog="planpress", description="Publish the delivery plan and its newsletters.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="build site/public and site/intranet, or change nothing if either fails")
    sub.add_parser("check", help="validate data, newsletters and pages without building")
    sub.add_parser("schema", help="write data/plan.schema.json from the models")
    serve_parser = sub.add_parser("serve", help="preview the intranet site, drafts included, rebuilding on every edit")
    serve_parser.add_argument("--address", default="127.0.0.1:8000")
    new_parser = sub.add_parser("new-newsletter", help="start the next newsletter issue as a draft; prints the path it wrote")
    new_parser.add_argument("--date", help="the issue's date, YYYY-MM-DD (default: today)")
    new_parser.add_argument("--title", help="the issue's title (default: 'Newsletter, <month> <year>')")
    args = parser.parse_args(argv)
    root = project_root()
    try:
        if args.command == "build":
            return build(root)
        if args.command == "check":
            return check(root)
        if args.command == "schema":
            from .schema import write_schema

            print(f"planpress: wrote {write_schema(root / 'data')}")
            return 0
        if args.command == "serve":
            return serve(root, args.address)
        if args.command == "new-newsletter":
            return new_newsletter(root, args.date, args.title)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if os.environ.get("PLANPRESS_DEBUG") == "1":
            raise
        sys.stderr.write(internal_error(f"{type(error).__name__}: {error}") + "\n")
        return 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
