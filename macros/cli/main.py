"""The planpress command: build, serve, check and start drafts."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from macros.cli.building import (
    EDITION_CONFIGS,
    build,
    build_env,
    internal_error,
    project_root,
)
from macros.model.problems import ValidationFailed


def check(root: Path) -> int:
    """Validate data, newsletters and pages without building."""
    from macros.loading.validate import validate_all
    from macros.model.problems import Problem

    notes: list[Problem] = []
    try:
        summary = validate_all(root, notes)
    except ValidationFailed as failure:
        sys.stderr.write(failure.report() + "\n")
        return 1
    for note in sorted(notes):
        print(note)
    print(f"planpress: {summary}")
    return 0


def new_newsletter(root: Path, day: str | None, title: str | None) -> int:
    """Write the next issue as a draft from the template; never overwrite a file."""
    import datetime as dt

    from macros.cli.drafts import issue_sections, new_issue
    from macros.loading.project import load_project
    from macros.views.render import long_date

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
    from macros.cli.preview import serve as serve_preview

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
            from macros.outputs.schema import write_schema

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
