"""The planpress command: build, serve and check the sites."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

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
    """SOURCE_DATE_EPOCH as set, or the last commit's date, so two builds of one commit match."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
        if out:
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    return "0"


def build_env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = source_date_epoch(root)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    env.pop("PLANPRESS_DRAFTS", None)
    return env


def build(root: Path, site_dir: Path | None = None, editions: tuple[str, ...] = ("public", "intranet")) -> int:
    """Build each edition into a staging folder; replace site/<edition> only when every build succeeded."""
    site_dir = site_dir or root / "site"
    site_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=site_dir))
    env = build_env(root)
    try:
        running = {
            edition: subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(root / EDITION_CONFIGS[edition]), "-d", str(staging / edition)],
                cwd=root,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for edition in editions
        }
        failed = []
        for edition, process in running.items():
            output, _ = process.communicate()
            if process.returncode != 0:
                failed.append(edition)
                sys.stderr.write(f"planpress: the {edition} site did not build:\n{_clean(output)}\n")
        if failed:
            sys.stderr.write("planpress: nothing in site/ was changed.\n")
            return 1
        for edition in editions:
            _swap(staging / edition, site_dir / edition)
            print(f"planpress: built {site_dir / edition}")
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _clean(output: str) -> str:
    """MkDocs's output without its log-level prefixes and the 'Aborted' line that follows an error."""
    lines = []
    for line in output.splitlines():
        if line.startswith("Aborted with") or not line.strip():
            continue
        for prefix in ("ERROR    -  ", "ERROR   -  ", "WARNING  -  ", "ERROR - ", "Error: "):
            if line.startswith(prefix):
                line = line[len(prefix) :]
        lines.append(line)
    return "\n".join(lines)


def _swap(new: Path, target: Path) -> None:
    """Put `new` where `target` is, in two renames, so readers never see a half-written site."""
    old = target.with_name(f".old-{target.name}-{os.getpid()}")
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


def serve(root: Path, address: str) -> int:
    """A live preview of the intranet site, drafts included."""
    env = build_env(root)
    env["PLANPRESS_DRAFTS"] = "1"
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(root / EDITION_CONFIGS["intranet"]), "-a", address]
    return subprocess.call(command, cwd=root, env=env)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the planpress command."""
    parser = argparse.ArgumentParser(prog="planpress", description="Publish the delivery plan and its newsletters.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="build site/public and site/intranet, or change nothing if either fails")
    sub.add_parser("check", help="validate data, newsletters and pages without building")
    sub.add_parser("schema", help="write data/plan.schema.json from the models")
    serve_parser = sub.add_parser("serve", help="preview the intranet site, drafts included, rebuilding on every edit")
    serve_parser.add_argument("--address", default="127.0.0.1:8000")
    args = parser.parse_args(argv)
    root = project_root()
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
    return 2


if __name__ == "__main__":
    sys.exit(main())
