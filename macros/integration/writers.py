"""The writers' macros registered with mkdocs-macros, the one engine that renders every page's macros."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs_macros.plugin import MacrosPlugin

from macros.integration.plugin import PlanpressPlugin
from macros.loading.macro_check import macro_failure
from macros.model.macro_names import INLINE_MACROS, MACROS
from macros.model.problems import Problem, shown_path
from macros.views.plan_site import PlanSite


def register(env: MacrosPlugin) -> None:
    """Give mkdocs-macros planpress's macros, each showing this build's edition for the page being rendered."""
    plugin = env.conf.plugins.get("planpress")
    if not isinstance(plugin, PlanpressPlugin):
        raise PluginError("mkdocs.yml: plugins: list planpress before macros; planpress's macros need its plugin")
    for name in (*MACROS, *INLINE_MACROS):
        env.macro(_bound(env, plugin, name), name)  # type: ignore[no-untyped-call]
    env.variables["planpress_edition"] = plugin.config.edition


def _bound(env: MacrosPlugin, plugin: PlanpressPlugin, name: str) -> Callable[..., Any]:
    def macro(*args: Any) -> Any:
        method = getattr(plugin.site, name)
        # mkdocs-macros ends the whole process on an exception, with a message about a temporary
        # page; recording the failure lets the plugin report every failed call by file and line.
        try:
            if name in INLINE_MACROS:
                return method(*args)
            return plugin.stash.keep(str(method(*args, page_url=env.page.url)))
        except Exception as error:
            plugin.failed_calls.append(_failure(env, plugin, name, method, args, error))
            return ""

    macro.__name__ = name
    macro.__doc__ = getattr(PlanSite, name).__doc__
    return macro


def _failure(env: MacrosPlugin, plugin: PlanpressPlugin, name: str, method: Callable[..., Any], args: tuple[Any, ...], error: Exception) -> Problem:
    file = env.page.file
    issue = plugin.site.newsletter_at(env.page.url)
    if issue is not None:
        path: Path | None = plugin.project_dir / issue.source
    else:
        path = Path(file.abs_src_path) if file.abs_src_path else None
    if path is not None and path.is_file():
        return macro_failure(shown_path(path, plugin.project_dir), path.read_text("utf-8"), name, method, args, error)
    return macro_failure(f"{file.src_uri} (a page planpress makes)", file.content_string, name, method, args, error)
