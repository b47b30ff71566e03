"""MkDocs hooks: add the pages made from data, and keep intranet-only pages out of the public site."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from macros.integration.config import settings_from, site_for
from macros.integration.writers import FAILED_CALLS
from macros.loading.front_matter import docs_audiences
from macros.loading.pagecheck import page_template_problems
from macros.model.audience import PUBLIC
from macros.model.problems import Problem, ValidationFailed, shown_path
from macros.views.markup import clean_page_html, page_title
from macros.views.pages import (
    GeneratedPage,
    IssuePage,
    StashedPage,
    generated_pages,
    issue_pages,
    stash_html,
)
from macros.views.plan_site import PlanSite

_build: dict[str, Any] = {}
"""This build's site and its pages made from data, set by on_files on every (re)build, so that page
events need not look at every input file again to find them."""


def _site(config: Any) -> Any:
    settings = settings_from(config)
    try:
        return site_for(settings)
    except ValidationFailed as failure:
        raise PluginError(failure.report()) from None


def _hidden_pages(config: Any) -> set[str]:
    settings = settings_from(config)
    if settings.edition != PUBLIC:
        return set()
    try:
        audiences = docs_audiences(Path(config["docs_dir"]), settings.project_dir)
    except ValidationFailed as failure:
        raise PluginError(failure.report()) from None
    return {path for path, audience in audiences.items() if audience != PUBLIC}


def _prune(nav: Any, hidden: set[str]) -> Any:
    if isinstance(nav, list):
        kept = [_prune(item, hidden) for item in nav]
        return [item for item in kept if item is not None]
    if isinstance(nav, dict):
        pruned = {key: _prune(value, hidden) for key, value in nav.items()}
        pruned = {key: value for key, value in pruned.items() if value not in (None, [])}
        return pruned or None
    return None if nav in hidden else nav


def on_config(config: Any) -> Any:
    """Check every page's macros before anything is written; drop intranet-only pages from the public navigation."""
    settings = settings_from(config)
    problems = page_template_problems(Path(config["docs_dir"]), settings.project_dir)
    if problems:
        raise PluginError(ValidationFailed(problems).report())
    hidden = _hidden_pages(config)
    if hidden and config.get("nav"):
        config["nav"] = _prune(config["nav"], hidden)
    return config


def on_files(files: Files, config: Any) -> Files:
    """Remove intranet-only pages from the public build; add a page per delivery area, per action and per newsletter."""
    for path in _hidden_pages(config):
        file = files.get_file_from_path(path)
        if file is not None:
            files.remove(file)
    site = _site(config)
    pages = generated_pages(site)
    _build.update(site=site, pages=pages)
    for src, page in pages.items():
        files.append(File.generated(config, src, content=page.source))
    issues = issue_pages(site)
    _build.update(issues=issues)
    for src, issue in issues.items():
        files.append(File.generated(config, src, content=issue.source))
    return files


def _build_site(config: Any) -> PlanSite:
    return _build.get("site") or _site(config)


_issue_html: dict[str, str] = {}
"""Each newsletter's rendered, cleaned body by page URL, kept for the feeds."""


def on_pre_build(config: Any) -> None:
    """Forget the issues of a previous build (mkdocs serve builds again on every edit)."""
    _issue_html.clear()


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    """Put a data page's HTML back; clean a newsletter's HTML, keep it for the feeds, and put its date and neighbours around it."""
    stashed = getattr(page, "planpress_stash", None)
    if stashed is not None:
        page.planpress_stash = None
        # MkDocs checks links to anchors against the ids it saw; it did not see the stashed HTML.
        page.present_anchor_ids = (page.present_anchor_ids or set()) | stashed.anchor_ids()
        html = stashed.restore(html)
    # The build's site, not _site(): that looks at every input file to notice edits, once per page.
    site = _build_site(config)
    if site.newsletter_at(page.url) is None:
        return html
    body = clean_page_html(html)
    _issue_html[page.url] = body
    return str(site.newsletter_page(body, page.url))


@event_priority(100)  # before mkdocs-macros, which would run a title containing '{{' as a template
def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Give an issue its title; render the pages planpress can render itself; make every page's title and description text, never markup or a template.

    A data page, and an issue or a page of docs/ made of text and planpress's macros, needs no
    template compiled for it: rendering it here costs less in a large plan. Its HTML is kept out of
    Markdown (on_page_content puts it back), and mkdocs-macros, which runs next, leaves it alone.
    """
    issue: IssuePage | None = _build.get("issues", {}).get(page.file.src_uri)
    generated: GeneratedPage | None = _build.get("pages", {}).get(page.file.src_uri)
    rendered: tuple[StashedPage, list[Problem]] | None = None
    if issue is not None:
        # Set here rather than as front matter: dumping and parsing YAML per issue costs more than the rest.
        page.meta.update(issue.meta)
        if issue.segments is not None:
            # From the parse made when the issue was checked.
            rendered = issue.render(_build_site(config), page.url)
    elif generated is not None:
        page.meta.update(generated.meta, title=generated.title)
        rendered = stash_html(generated.render(_build_site(config), page.url)), []
    elif page.meta.get("render_macros") is not False:
        rendered = _render_plain_page(markdown, page, config)
    if rendered is not None:
        stashed, failures = rendered
        FAILED_CALLS.extend(failures)
        page.meta["render_macros"] = False
        # The benchmark's page dump reads the stash from here too.
        page.planpress_stash = stashed
        markdown = stashed.markdown
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str):
            page.meta[key] = page_title(page.meta[key])
    return markdown


def _render_plain_page(markdown: str, page: Any, config: Any) -> tuple[StashedPage, list[Problem]] | None:
    """A page of docs/ made of text and planpress's macros, rendered here from one parse; None to leave it to mkdocs-macros."""
    from macros.loading.pagecheck import body_offset, page_segments
    from macros.views.pages import render_segments

    if not page.file.abs_src_path:
        return None
    path = Path(page.file.abs_src_path)
    segments = page_segments(markdown, body_offset(path.read_text("utf-8"), markdown))
    if segments is None:
        return None
    shown = shown_path(path, settings_from(config).project_dir)
    return render_segments(_build_site(config), segments, page.url, shown)


def on_env(env: Any, config: Any, files: Files) -> Any:
    """Stop before any page is written if a macro call failed on some page, naming each one; give the theme the plan."""
    if FAILED_CALLS:
        raise PluginError(ValidationFailed(list(FAILED_CALLS)).report())
    # The header's short name (theme/partials/header.html) comes from data/plan.yml.
    env.globals["planpress_plan"] = _build_site(config).project.plan
    return env


def on_post_build(config: Any) -> None:
    """Write the files that sit beside the pages: feeds and exports."""
    from macros.outputs.writer import write_outputs

    settings = settings_from(config)
    write_outputs(_site(config), Path(config["site_dir"]), settings.site_url, issue_html=dict(_issue_html))


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Make Material's markup valid HTML where no theme override can reach it."""
    from macros.integration.html_fixes import fix_material_markup

    return fix_material_markup(output)


def on_post_template(output: str, template_name: str, config: Any) -> str:
    """The same repair for pages built from theme templates alone, such as 404.html."""
    from macros.integration.html_fixes import fix_material_markup

    return fix_material_markup(output)
