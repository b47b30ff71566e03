"""The `planpress` MkDocs plugin: add the pages made from data, keep intranet-only pages out of the public
site, put the macros' HTML back after Markdown, and write the feeds and exports after the pages."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from macros.integration.config import DRAFTS_VARIABLE, PDF_VARIABLE, PlanpressConfig, build_date
from macros.integration.html_fixes import fix_material_markup
from macros.loading.front_matter import DocsFiles, page_audiences, read_docs
from macros.loading.macro_check import page_macro_problems, protect_code
from macros.model.audience import PUBLIC
from macros.model.problems import Problem, ValidationFailed
from macros.outputs.writer import OUTPUT_FILES, write_outputs
from macros.views.markup import clean_page_html, page_title
from macros.views.pages import (
    GeneratedPage,
    HtmlStash,
    IssuePage,
    generated_pages,
    issue_pages,
)
from macros.views.plan_site import PlanSite
from macros.views.site import load_site

NavItem = str | dict[str, Any] | list[Any]


class PlanpressPlugin(BasePlugin[PlanpressConfig]):  # type: ignore[no-untyped-call]
    """One edition of the plan's site: its pages from data, its newsletters, and the files beside them."""

    def __init__(self) -> None:
        self.project_dir = Path.cwd()
        self.site_url = ""
        self.drafts = False
        self.pdfs = True
        self.stash = HtmlStash()
        self.failed_calls: list[Problem] = []
        """Macro calls that failed in this build; reported together once every page is read."""
        self.issue_html: dict[str, str] = {}
        """Each newsletter's rendered, cleaned body by page URL, kept for the feeds."""
        self.pages: dict[str, GeneratedPage] = {}
        self.issues: dict[str, IssuePage] = {}
        self.hidden: set[str] = set()
        """The docs/ pages this edition leaves out (the intranet's own, in the public build)."""
        self._site: PlanSite | None = None

    @property
    def site(self) -> PlanSite:
        """This build's plan and newsletters for the edition, loaded once per build."""
        if self._site is None:
            try:
                self._site = load_site(
                    self.project_dir,
                    self.config.edition,
                    reference_date=self.config.reference_date or build_date(),
                    drafts=self.drafts,
                    feed_authority=self.config.feed_id,
                )
            except ValidationFailed as failure:
                raise PluginError(failure.report()) from None
        return self._site

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check every page's macros before anything is written; drop intranet-only pages from the public navigation."""
        self.project_dir = Path(config.config_file_path).resolve().parent
        self.site_url = config.site_url or ""
        self.drafts = os.environ.get(DRAFTS_VARIABLE) == "1"
        self.pdfs = os.environ.get(PDF_VARIABLE) != "0"
        self._site = None
        # docs/ is read once per build: for the macros' check here, and for the pages this edition leaves out.
        try:
            docs = read_docs(Path(config.docs_dir), self.project_dir)
        except ValidationFailed as failure:
            raise PluginError(failure.report()) from None
        problems = page_macro_problems(docs.pages)
        if problems:
            raise PluginError(ValidationFailed(problems).report())
        self.hidden = self._hidden_pages(docs)
        if self.hidden and config.nav:
            config.nav = _pruned(config.nav, self.hidden) or []
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        """Forget what a previous build in this process kept."""
        self.issue_html.clear()
        self.failed_calls.clear()
        self.stash.clear()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Remove intranet-only pages from the public build; add a page per delivery area, per action and per newsletter, and the files written after them."""
        for path in self.hidden:
            file = files.get_file_from_path(path)
            if file is not None:
                files.remove(file)
        self.pages = generated_pages(self.site)
        self.issues = issue_pages(self.site)
        for src, page in self.pages.items():
            files.append(File.generated(config, src, content=page.source))
        for src, issue in self.issues.items():
            files.append(File.generated(config, src, content=issue.source))
        for name in OUTPUT_FILES:
            # The feeds and exports are written after the pages (on_post_build, over these empty stand-ins):
            # without them MkDocs would refuse a page's link to ../plan.json as going nowhere.
            if files.get_file_from_path(name) is None:
                files.append(File.generated(config, name, content=b""))
        return files

    @event_priority(100)  # before mkdocs-macros, which would run a title containing '{{' as a template
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Give generated pages their titles; show code in hand-written pages as written; make every title and description plain text."""
        issue = self.issues.get(page.file.src_uri)
        generated = self.pages.get(page.file.src_uri)
        if issue is not None:
            # Set here rather than as front matter: dumping and parsing YAML per issue costs more than the rest.
            page.meta.update(issue.meta)
        elif generated is not None:
            page.meta.update(generated.meta, title=generated.title)
        elif page.meta.get("render_macros") is not False:
            # Issues are protected when they are read; pages of docs/ follow the same rule for code.
            markdown = protect_code(markdown)
        for key in ("title", "description"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = page_title(page.meta[key])
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Put the macros' HTML back; keep each newsletter's HTML for the feeds and put its date and neighbours around it."""
        if self.stash.key in html:
            html, ids = self.stash.restore(html)
            # MkDocs checks links to anchors against the ids it saw; it did not see the stashed HTML.
            page.present_anchor_ids = (page.present_anchor_ids or set()) | ids
        if self.site.newsletter_at(page.url) is None:
            return html
        body = clean_page_html(html)
        self.issue_html[page.url] = body
        return str(self.site.newsletter_page(body, page.url))

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Stop before any page is written if a macro call failed on some page, naming each one; give the theme the settings."""
        if self.failed_calls:
            raise PluginError(ValidationFailed(list(self.failed_calls)).report())
        env.globals["planpress"] = self.config.as_context()
        # The header's short name (theme/partials/header.html) comes from data/plan.yml.
        env.globals["planpress_plan"] = self.site.project.plan
        return env

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Make Material's markup valid HTML where no theme override can reach it."""
        return fix_material_markup(output)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """The same repair for pages built from theme templates alone, such as 404.html."""
        return fix_material_markup(output_content)

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write the files that sit beside the pages: feeds, exports and PDFs, from planpress's own view of the site."""
        site_dir = Path(config.site_dir)
        written = set(write_outputs(self.site, site_dir, self.site_url, issue_html=dict(self.issue_html), pdfs=self.pdfs))
        for name in OUTPUT_FILES:
            # A stand-in that nothing wrote over (no PDFs in a preview) would be an empty file; leave none.
            if site_dir / name not in written:
                (site_dir / name).unlink(missing_ok=True)

    def _hidden_pages(self, docs: DocsFiles) -> set[str]:
        if self.config.edition != PUBLIC:
            return set()
        try:
            audiences = page_audiences(docs.pages, self.project_dir)
        except ValidationFailed as failure:
            raise PluginError(failure.report()) from None
        return {path for path, audience in audiences.items() if audience != PUBLIC}


def _pruned(nav: NavItem, hidden: set[str]) -> NavItem | None:
    if isinstance(nav, list):
        kept = [_pruned(item, hidden) for item in nav]
        return [item for item in kept if item is not None]
    if isinstance(nav, dict):
        pruned = {key: _pruned(value, hidden) for key, value in nav.items()}
        kept_items = {key: value for key, value in pruned.items() if value not in (None, [])}
        return kept_items or None
    return None if nav in hidden else nav

