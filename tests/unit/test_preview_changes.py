"""The preview builds each change once, whichever watcher reports it first, and never for a file only read."""

from __future__ import annotations

import os
from pathlib import Path

from watchdog.events import FileClosedNoWriteEvent, FileModifiedEvent, FileMovedEvent, FileOpenedEvent

from macros.cli.preview import Preview, PreviewServer


def wants_build(server: PreviewServer) -> bool:
    """Whether a build was asked for since the last call."""
    wanted, server._want_rebuild = server._want_rebuild, False
    return wanted


def test_a_change_is_built_once_and_reading_a_file_is_not_a_change(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    plan = data / "plan.yml"
    plan.write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    preview = Preview(tmp_path, tmp_path / "mkdocs.yml", "http://127.0.0.1:8000/", {})
    server = PreviewServer(preview, "127.0.0.1", 0)
    try:
        server.watch(str(data))
        server.watch(str(tmp_path / "mkdocs.yml"))
        assert not wants_build(server)

        # Read by a build: nothing changed.
        server._changed(FileOpenedEvent(str(plan)))
        server._changed(FileClosedNoWriteEvent(str(plan)))
        assert not wants_build(server)

        plan.write_text("a: 2\n", encoding="utf-8")
        server._changed(FileModifiedEvent(str(plan)))
        assert wants_build(server)
        # The same change reported again (by the other watcher): already built.
        server._changed(FileModifiedEvent(str(plan)))
        assert not wants_build(server)

        # Saved by replacing the file, as many editors do.
        new = data / ".plan.yml.tmp"
        new.write_text("a: 3\n", encoding="utf-8")
        os.replace(new, plan)
        server._changed(FileMovedEvent(str(new), str(plan)))
        assert wants_build(server)

        (tmp_path / "mkdocs.yml").write_text("site_name: y\n", encoding="utf-8")
        server._changed(FileModifiedEvent(str(tmp_path / "mkdocs.yml")))
        assert wants_build(server)
    finally:
        server.shutdown()
        preview.close()
