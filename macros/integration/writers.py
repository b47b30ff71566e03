"""The writers' macros registered with mkdocs-macros: `define_env`."""

from __future__ import annotations

from typing import Any

from macros.integration.config import settings_from
from macros.model.macro_names import MACROS

FAILED_CALLS: list[Any] = []
"""Macro calls that failed in this build, as Problems; the hooks report them together once every page is read."""


def define_env(env: Any) -> None:
    """Register planpress's macros with mkdocs-macros."""
    from mkdocs.exceptions import PluginError

    from macros.integration.config import site_for
    from macros.model.problems import ValidationFailed

    settings = settings_from(env.conf)
    try:
        site = site_for(settings)
    except ValidationFailed as failure:
        raise PluginError(failure.report()) from None

    FAILED_CALLS.clear()

    def page_url() -> str:
        return env.page.url if env.page is not None else ""

    def bind(name: str, with_page: bool = True) -> Any:
        method = getattr(site, name)

        def macro(*args: Any) -> Any:
            # mkdocs-macros ends the whole process on an exception, with a message about a temporary
            # page; recording the failure lets the hooks report every failed call by file and line.
            try:
                return method(*args, page_url=page_url()) if with_page else method(*args)
            except Exception as error:
                FAILED_CALLS.append(_failure(env, settings.project_dir, name, method, args, error))
                return ""

        macro.__name__ = name
        macro.__doc__ = method.__doc__
        return macro

    for name in MACROS:
        env.macro(bind(name), name)
    env.macro(bind("rag_badge", with_page=False), "rag_badge")
    env.variables["planpress_edition"] = site.edition


def _failure(env: Any, project_dir: Any, name: str, method: Any, args: tuple[Any, ...], error: Exception) -> Any:
    from pathlib import Path

    from macros.loading.pagecheck import macro_failure
    from macros.model.problems import shown_path

    file = env.page.file
    source_path = Path(file.abs_src_path) if file.abs_src_path else None
    if source_path is not None and source_path.is_file():
        shown = shown_path(source_path, project_dir)
        source = source_path.read_text("utf-8")
    else:
        shown, source = f"{file.src_uri} (a page planpress makes)", None
    return macro_failure(shown, source, env.markdown, name, method, args, error)
