"""The planpress command: build, serve, check and start drafts."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from macros.cli.building import (
    EDITION_CONFIGS,
    build,
    build_env,
    check_all,
    github_annotations,
    internal_error,
    project_root,
)
from macros.cli.mailing import email_report
from macros.model.problems import ValidationFailed


def check(root: Path) -> int:
    """Validate data, newsletters and pages without building."""
    try:
        checked = check_all(root)
    except ValidationFailed as failure:
        sys.stdout.write(github_annotations(failure))
        sys.stdout.flush()
        sys.stderr.write(failure.report() + "\n")
        return 1
    for note in checked.notes:
        print(note)
    print(f"planpress: {checked.summary}")
    return 0


def new_newsletter(root: Path, day: str | None, title: str | None) -> int:
    """Write the next issue as a draft from the template; never overwrite a file."""
    from macros.cli.drafts import images_folder, issue_sections, new_issue
    from macros.loading.project import load_project
    from macros.views.render import long_date

    date = _date_option(day, "--date") or dt.date.today()
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
    # The folder the draft names for its images, so that the officer finds it ready.
    (root / "docs" / images_folder(date)).mkdir(parents=True, exist_ok=True)
    print(path.relative_to(root).as_posix())
    return 0


def import_docx(root: Path, document: Path, day: str | None, title: str | None) -> int:
    """Write the next issue as a draft from a Word document, and its images under docs/; never overwrite a file."""
    from macros.cli.drafts import images_folder, imported_issue, issue_sections
    from macros.loading.docx import DocxRefused, read_docx
    from macros.loading.project import load_project

    date = _date_option(day, "--date") or dt.date.today()
    if not document.is_file():
        sys.stderr.write(f"planpress: there is no file {document}; nothing was written\n")
        return 2
    folder = root / "docs" / images_folder(date)
    try:
        taken = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
        draft = read_docx(document, f"../{images_folder(date)}/", taken)
        project = load_project(root / "data")
        path, text, notes = imported_issue(root, issue_sections(project.communications), project.plan.start, date, title, draft, document.name)
    except DocxRefused as refusal:
        sys.stderr.write(f"planpress: {refusal}; nothing was written\n")
        return 1
    except ValidationFailed as failure:
        sys.stderr.write(failure.report().replace("nothing was built", "no newsletter was written") + "\n")
        return 1
    except ValueError as error:
        sys.stderr.write(f"planpress: {error}; no newsletter was written\n")
        return 2
    except FileExistsError as error:
        sys.stderr.write(f"planpress: {error}; nothing was written\n")
        return 1
    written: list[Path] = []
    try:
        if draft.images:
            folder.mkdir(parents=True, exist_ok=True)
        for image in draft.images:
            # "x" creates a file only if it does not exist: nothing is ever overwritten.
            with open(folder / image.name, "xb") as handle:
                handle.write(image.data)
            written.append(folder / image.name)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError as error:
        for image_path in written:
            image_path.unlink()
        sys.stderr.write(f"planpress: {Path(error.filename or path).relative_to(root)} already exists; nothing was written\n")
        return 1
    print(path.relative_to(root).as_posix())
    for image_path in written:
        print(image_path.relative_to(root).as_posix())
    for note in notes:
        sys.stderr.write(f"planpress: note: {note}\n")
    return 0


def _date_option(value: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option's date; SystemExit(2) with a message saying how to write it."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        sys.stderr.write(f"planpress: {option} '{value}' is not a real date written as YYYY-MM-DD, such as 2018-05-16\n")
        raise SystemExit(2) from None


def new_update(root: Path, day: str, recorded: str | None) -> int:
    """Write a meeting's ratings file, prefilled; never overwrite one."""
    from macros.cli.quarter import new_update as write_update

    meeting = _date_option(day, "--date")
    assert meeting is not None
    try:
        path = write_update(root, meeting, _date_option(recorded, "--recorded"))
    except ValidationFailed as failure:
        sys.stderr.write(failure.report().replace("nothing was built", "nothing was written") + "\n")
        return 1
    except FileExistsError as error:
        sys.stderr.write(f"planpress: {error}; nothing was written\n")
        return 1
    print(path.relative_to(root).as_posix())
    return 0


def tracker(root: Path, day: str, output: str | None) -> int:
    """Write the tracker workbook for a meeting; never overwrite one."""
    from macros.cli.quarter import write_tracker

    meeting = _date_option(day, "--date")
    assert meeting is not None
    try:
        path = write_tracker(root, meeting, Path(output).resolve() if output else None)
    except ValidationFailed as failure:
        sys.stderr.write(failure.report().replace("nothing was built", "nothing was written") + "\n")
        return 1
    except FileExistsError as error:
        sys.stderr.write(f"planpress: {error}; nothing was written\n")
        return 1
    print(path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix())
    return 0


def import_ratings(root: Path, source: str, day: str | None, recorded: str | None) -> int:
    """Write a meeting's ratings file from a tracker workbook or CSV; report every bad cell and write nothing if any."""
    from macros.cli.quarter import import_ratings as read_and_write
    from macros.loading.tracker import ImportFailed

    path = Path(source)
    if not path.is_file():
        sys.stderr.write(f"planpress: {source}: no such file; nothing was written\n")
        return 1
    try:
        written, count = read_and_write(root, path, _date_option(day, "--date"), _date_option(recorded, "--recorded"))
    except ValidationFailed as failure:
        sys.stderr.write(failure.report().replace("nothing was built", "nothing was written") + "\n")
        return 1
    except ImportFailed as failure:
        sys.stderr.write(failure.report() + "\n")
        return 1
    print(f"planpress: wrote {written.relative_to(root).as_posix()} with {count} rating{'s' if count != 1 else ''}")
    return 0


def import_measures(root: Path, source: str) -> int:
    """Add a KPI export's values to data/measures.yml; report every bad row and write nothing if any."""
    from macros.cli.measures import import_measures as add_values
    from macros.loading.tracker import ImportFailed

    path = Path(source)
    if not path.is_file():
        sys.stderr.write(f"planpress: {source}: no such file; nothing was written\n")
        return 1
    try:
        added, already = add_values(root, path)
    except ValidationFailed as failure:
        sys.stderr.write(failure.report().replace("nothing was built", "nothing was written") + "\n")
        return 1
    except ImportFailed as failure:
        sys.stderr.write(failure.report() + "\n")
        return 1
    kept = f" ({already} already there)" if already else ""
    print(f"planpress: added {added} value{'s' if added != 1 else ''} to data/measures.yml{kept}")
    return 0


def serve(root: Path, address: str) -> int:
    """A live preview of the intranet site, drafts included; this process is the server, so stopping it stops it."""
    from macros.cli.preview import serve as serve_preview

    env = build_env(root)
    env["PLANPRESS_DRAFTS"] = "1"
    # The preview is for reading pages as they are written; printing the PDFs on every save would slow each rebuild by seconds.
    env["PLANPRESS_PDF"] = "0"
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
    docx_parser = sub.add_parser("import-docx", help="turn a Word document into the next issue, as a draft; prints the path it wrote")
    docx_parser.add_argument("document", help="the Word document (.docx), with every change accepted or rejected and no comments")
    docx_parser.add_argument("--date", help="the issue's date, YYYY-MM-DD (default: today)")
    docx_parser.add_argument("--title", help="the issue's title (default: the document's first heading)")
    email_parser = sub.add_parser("email", help="print where a built issue's email edition is (email.html, email.txt, email.eml)")
    email_parser.add_argument("issue", help="the issue: its file name (2018-03-22-launch.md), that name without .md, or its date")
    update_parser = sub.add_parser("new-update", help="write data/updates/DATE.yml for a meeting, prefilled with every action; prints its path")
    update_parser.add_argument("--date", required=True, help="the meeting's date, YYYY-MM-DD")
    update_parser.add_argument("--recorded", help="the day the ratings are written down, YYYY-MM-DD (default: today)")
    tracker_parser = sub.add_parser("tracker", help="write tracker-DATE.xlsx, a workbook to record a meeting's ratings in")
    tracker_parser.add_argument("--date", required=True, help="the meeting's date, YYYY-MM-DD")
    tracker_parser.add_argument("--output", help="where to write the workbook (default: tracker-DATE.xlsx in the project)")
    ratings_parser = sub.add_parser("import-ratings", help="write data/updates/DATE.yml from a filled-in tracker workbook or CSV")
    ratings_parser.add_argument("file", help="the workbook (.xlsx) or CSV; its name holds the meeting's date, as tracker-2018-10-10.xlsx")
    ratings_parser.add_argument("--date", help="the meeting's date, when the file's name does not hold it")
    ratings_parser.add_argument("--recorded", help="the day the ratings were written down, YYYY-MM-DD (default: today)")
    measures_parser = sub.add_parser("import-measures", help="add the values of a KPI export (CSV) to data/measures.yml")
    measures_parser.add_argument("file", help="a CSV with columns Measure (id or name), Period, Date, Value and optionally Note")
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
        if args.command == "import-docx":
            return import_docx(root, Path(args.document), args.date, args.title)
        if args.command == "email":
            code, report = email_report(root, args.issue)
            (sys.stdout if code == 0 else sys.stderr).write(report + "\n")
            return code
        if args.command == "new-update":
            return new_update(root, args.date, args.recorded)
        if args.command == "tracker":
            return tracker(root, args.date, args.output)
        if args.command == "import-ratings":
            return import_ratings(root, args.file, args.date, args.recorded)
        if args.command == "import-measures":
            return import_measures(root, args.file)
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
