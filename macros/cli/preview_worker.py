"""The preview's warm worker: MkDocs, Material, mkdocs-macros and planpress imported once, a fork for each build.

`planpress serve` starts one worker (`python -m macros.cli.preview_worker CONFIG SITE_URL FOLDER`) and
asks it for each build with one line of JSON on its standard input, `{"staging": ..., "log": ...,
"first": [...]}` (first: the files of the pages open in a browser). The worker answers on its standard
output: `pages FILES` as soon as the open pages are written, and again once every page is, each time
only if nothing has gone wrong so far (FILES: a JSON list of the files in staging that are final by
then), so that the server can show them while the rest is written; then `built CODE SECONDS` once the
build has ended (CODE 0 when it built; SECONDS of CPU time it took). It reads the configuration once
and prepares what does not depend on the project's files; then for each build it forks a child that
reads the project's files, builds into the staging folder and writes its messages to the log. Every
child starts from the worker's state as it was before any build, so nothing a build does reaches the
next one, and a build that crashes takes only its child with it.

What the worker holds depends on the code in macros/ and on the configuration files, so the server
starts a new worker when they change. It saves each build the work whose result it already knows, and
nothing else, so a build gives the same site as `mkdocs build` would:
- the modules a build imports (those the previous build imported are imported before the next fork);
- the configuration, read and validated (a child sets only its own site_dir and site_url);
- the list of the theme's static files, which MkDocs finds by walking Material's thousands of files;
- the theme's compiled templates, kept on disk by Jinja's bytecode cache and, for the templates the
  last build used, in the worker's memory; Jinja checks each against its source;
- planpress's own templates, loaded (they are in macros/);
- each page's Markdown as mkdocs-macros compiles it (a template made from a string, which Jinja's
  bytecode cache leaves out), kept by a digest of the string and of its environment's settings;
- each page's HTML as Python-Markdown makes it, kept by a digest of its Markdown, its file, every
  file's address and the settings (never a conversion that logged a message, so that the message
  comes again until it is mended);
- the theme's HTML of each page, kept by a digest of everything the theme reads to make it (the page,
  the navigation, the settings and globals), so only pages that changed go through Material's page
  template again;
- the search index's entries of each page, kept by a digest of everything Material reads to make them
  (the page's HTML, its address, title, table of contents and front matter), so only pages that
  changed are parsed again;
- mkdocs-macros's `git` variable, found again only when git's HEAD, branch, reflog or tags changed
  (mkdocs-macros runs twelve git commands for it on every build).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import gc
import hashlib
import importlib
import json
import logging
import os
import pickle
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs")

_child = 0
"""The process id of the build running now, 0 between builds."""


def log_to_stderr() -> None:
    """MkDocs's messages on standard error, each starting with its level, as build_messages reads them."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def load(config_file: str) -> MkDocsConfig:
    """The configuration, read and validated once for every build of this worker."""
    from mkdocs.config import load_config

    return load_config(config_file=config_file)


class KeptTemplates(jinja2.BytecodeCache):
    """The theme's compiled templates: on disk for every build, and in the worker's memory for the next fork.

    Each build makes new theme environments, which load their templates again; from memory that costs
    no file and no unmarshalling. Jinja gives a cached template only to a source with the same checksum.
    """

    def __init__(self, directory: Path, names_file: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.disk = jinja2.FileSystemBytecodeCache(str(directory))
        self.names_file = names_file
        self.codes: dict[str, tuple[str, Any]] = {}
        self.used: set[str] = set()

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Any:
        """The bucket of a template, noting its name for the worker."""
        self.used.add(name)
        return super().get_bucket(environment, name, filename, source)

    def load_bytecode(self, bucket: Any) -> None:
        """A compiled template from memory if it is there for this source, else from disk."""
        kept = self.codes.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]
        else:
            self.disk.load_bytecode(bucket)

    def dump_bytecode(self, bucket: Any) -> None:
        """Keep a newly compiled template on disk."""
        self.disk.dump_bytecode(bucket)

    def save(self) -> None:
        """Note which templates this build used (in the child)."""
        with contextlib.suppress(OSError):
            self.names_file.write_text("\n".join(sorted(self.used)), encoding="utf-8")

    def load(self, env: jinja2.Environment) -> None:
        """Hold in memory the compiled templates the last build used (in the worker, between builds)."""
        try:
            names = self.names_file.read_text("utf-8").split("\n")
        except OSError:
            return
        assert env.loader is not None
        for name in filter(None, names):
            try:
                source, filename, _ = env.loader.get_source(env, name)
            except jinja2.TemplateNotFound:
                continue
            bucket = self.get_bucket(env, name, filename, source)
            if bucket.code is not None:
                self.codes[bucket.key] = (bucket.checksum, bucket.code)
        self.used = set()


def keep_theme_work(config: MkDocsConfig, cache_dir: Path, pages: KeptPages) -> KeptTemplates:
    """Give every theme environment the kept templates, and find the theme's static files once.

    Both depend only on the theme's folders: Material's own, which do not change while the preview
    runs, and custom_dir, which is in macros/ (a change there starts a new worker).
    """
    theme = config.theme
    make_env = theme.get_env
    kept = KeptTemplates(cache_dir, cache_dir / "used.txt")

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.bytecode_cache = kept
        pages.install(env)
        return env

    theme.get_env = get_env  # type: ignore[method-assign]

    original = Files.add_files_from_theme
    found = Files([])
    original(found, make_env(), config)
    theme_files = [(file.src_uri, file.src_dir) for file in found]
    dirs = list(theme.dirs)

    def add_files_from_theme(self: Files, env: jinja2.Environment, build_config: MkDocsConfig) -> None:
        if list(build_config.theme.dirs) != dirs:
            original(self, env, build_config)
            return
        for path, folder in theme_files:
            # As MkDocs does it: the project's own files win over the theme's.
            if self.get_file_from_path(path) is None:
                self.append(File(path, folder, build_config.site_dir, build_config.use_directory_urls))

    Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign,assignment]
    return kept


def _digest(made_of: Any) -> str:
    """The digest the worker keeps a result by: of the JSON of what it is made from (anything else by its str)."""
    return hashlib.sha256(json.dumps(made_of, default=str).encode("utf-8")).hexdigest()


def _toc(items: Any) -> list[Any]:
    """A table of contents as the theme and the search index read it: each entry's id, title, address, level and children."""
    return [[item.id, item.title, item.url, item.level, _toc(item.children)] for item in items]


class SearchEntries:
    """Material's search entries of each page, kept from one build to the next by a digest of what they are made from.

    The entries of a page that changed are made after every page is written, when Material writes the
    index, so that the preview can show the pages first; they take their place in page order.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.known: dict[str, str] = {}
        self.used: dict[str, str] = {}
        self.waiting: list[tuple[int, Any, str, str]] = []
        """The pages whose entries are still to make: where they go in the index, the page, its HTML then, and its key."""
        self.holding = False
        """While true, a page's entries are held rather than added: it is written ahead of its place (pages_first)."""
        self.held: dict[str, tuple[Any, Any, str, str]] = {}
        """The held pages, by source path: the index, the page, its HTML then, and its key."""

    def install(self) -> None:
        """Make Material's search index use the kept entries, and make the others just before it is written."""
        from material.plugins.search.plugin import SearchIndex

        original = SearchIndex.add_entry_from_context
        generate = SearchIndex.generate_search_index
        entries = self

        def add_entry_from_context(index: SearchIndex, page: Any) -> None:
            key = entries.key(index, page)
            if entries.holding:
                entries.held[page.file.src_uri] = (index, page, page.content, key)
            else:
                entries.add(index, page, page.content, key)

        def generate_search_index(index: SearchIndex, prev: Any) -> str:
            # From the last page to the first, so that each earlier place in the index stays where it was.
            for place, page, content, key in reversed(entries.waiting):
                kept, written = index.entries, page.content
                index.entries, page.content = [], content
                try:
                    original(index, page)
                    made = index.entries
                finally:
                    index.entries, page.content = kept, written
                # Material writes the index with json.dumps(default=str); kept entries go through the same.
                entries.used[key] = json.dumps(made, default=str)
                index.entries[place:place] = made
            entries.waiting = []
            return generate(index, prev)  # type: ignore[no-any-return]

        SearchIndex.add_entry_from_context = add_entry_from_context
        SearchIndex.generate_search_index = generate_search_index

    def add(self, index: Any, page: Any, content: str, key: str) -> None:
        """Add a page's entries at the end of the index: kept ones now, others (a place kept for them) before it is written."""
        text = self.known.get(key)
        if text is None:
            # Material takes data-search attributes out of the page's HTML once it has read it.
            self.waiting.append((len(index.entries), page, content, key))
        else:
            index.entries.extend(json.loads(text))
            self.used[key] = text

    def release(self, src_uri: str) -> None:
        """Add the entries of a page written ahead of its place, now that the others before it are in."""
        held = self.held.pop(src_uri, None)
        if held is not None:
            self.add(*held)

    @staticmethod
    def key(index: Any, page: Any) -> str:
        """A digest of everything Material reads to make a page's entries."""
        meta = page.meta
        return _digest([index.config, page.url, page.title, meta.get("title"), meta.get("tags"), meta.get("search"), _toc(page.toc), page.content])

    def load(self) -> None:
        """Read the entries the last build kept (in the worker, between builds)."""
        try:
            self.known = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.used = {}

    def save(self) -> None:
        """Keep this build's entries for the next (in the child): only those of pages that still exist."""
        if self.used == self.known:
            return
        temporary = self.path.with_suffix(".new")
        with contextlib.suppress(OSError):
            temporary.write_text(json.dumps(self.used), encoding="utf-8")
            os.replace(temporary, self.path)


def _nav_items(items: Any) -> list[Any]:
    """The navigation as the theme reads it: each item's kind, title, address, front matter and children."""
    found: list[Any] = []
    for item in items:
        found.append(
            [
                type(item).__name__,
                item.title,
                getattr(item, "url", None),
                getattr(item, "meta", None),
                getattr(item, "is_index", None),
                _nav_items(item.children or []),
            ]
        )
    return found


class KeptResults:
    """What earlier builds made, on disk by the digest of what it was made from; each build keeps only what it used.

    The child reads an entry when it needs it and writes the entries it made, so the worker holds
    none of it in memory; after a build that built, the entries it did not use are let go.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.used: set[str] = set()

    def get(self, key: str) -> bytes | None:
        """The entry kept for `key`, noting it as used; None if there is none."""
        self.used.add(key)
        try:
            return (self.folder / key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, value: bytes) -> None:
        """Keep `value` for `key` for the next build, whole or not at all: a build stopped midway leaves no half an entry."""
        self.used.add(key)
        temporary = self.folder / f"{key}.{os.getpid()}.new"
        with contextlib.suppress(OSError):
            temporary.write_bytes(value)
            os.replace(temporary, self.folder / key)

    def save(self) -> None:
        """Let go of every entry this build did not use (in the child, after it built)."""
        with contextlib.suppress(OSError):
            for path in self.folder.iterdir():
                if path.name not in self.used:
                    path.unlink(missing_ok=True)


class KeptStrings:
    """The code of templates made from strings, kept by a digest of the string and of every setting of its environment that shapes the code.

    mkdocs-macros compiles every page's Markdown as such a template, on every build, and Jinja's
    bytecode cache leaves them out (it keeps templates by name). A string that does not compile is
    compiled, and refused, again each time.
    """

    def __init__(self, folder: Path) -> None:
        self.kept = KeptResults(folder)

    def install(self) -> None:
        """Make every environment's compiling of a string use the kept code."""
        original: Callable[..., Any] = jinja2.Environment.compile
        kept = self.kept

        def compile(env: jinja2.Environment, source: Any, name: str | None = None, filename: str | None = None, raw: bool = False, defer_init: bool = False) -> Any:
            if not isinstance(source, str) or name is not None or filename is not None or raw or defer_init:
                return original(env, source, name, filename, raw, defer_init)
            shape = [
                source,
                env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
                env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
                env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
                env.optimized, env.is_async, env.finalize is not None, repr(env.autoescape),
                sorted(env.extensions), sorted(env.filters), sorted(env.tests),
            ]  # fmt: skip
            key = _digest(shape)
            bucket = jinja2.bccache.Bucket(env, key, key)
            found = kept.get(key)
            if found is not None:
                bucket.bytecode_from_string(found)
            if bucket.code is None:
                bucket.code = original(env, source, name, filename, raw, defer_init)
                kept.put(key, bucket.bytecode_to_string())
            return bucket.code

        jinja2.Environment.compile = compile  # type: ignore[assignment,method-assign]

    def save(self) -> None:
        """Keep only the strings of this build (in the child, after it built)."""
        self.kept.save()


class KeptPages:
    """The theme's HTML of each page, kept from one build to the next by a digest of everything the theme reads to make it.

    Material's page template is the largest part of a rebuild, and most pages come out of it as they
    did the last time: a newsletter's save changes that newsletter and the pages that list it. The
    digest is of the page (its address, title, front matter, HTML, table of contents, neighbours and
    ancestors), of the navigation every page carries (each item's title, address and front matter),
    and of what is the same for every page of a build (the settings, the theme's globals, the dates).
    The theme's templates are part of the worker, which starts again when they change. Only the
    template's own HTML is kept: the plugins' post_page events still run on it.
    """

    def __init__(self, folder: Path) -> None:
        self.kept = KeptResults(folder)
        self.build_key: str | None = None

    def install(self, env: jinja2.Environment) -> None:
        """Make the page templates this environment loads use the kept HTML."""
        kept = self

        class KeptTemplate(env.template_class):  # type: ignore[misc,name-defined]
            def render(self, *args: Any, **kwargs: Any) -> str:
                context = dict(*args, **kwargs)
                key = kept.key(self, context)
                if key is None:
                    return str(super().render(context))
                return kept.rendered(key, lambda: str(super(KeptTemplate, self).render(context)))

        env.template_class = KeptTemplate

    def key(self, template: jinja2.Template, context: dict[str, Any]) -> str | None:
        """The digest of everything the theme reads to make this page; None for a template that is not a page's."""
        from mkdocs.structure.pages import Page

        page = context.get("page")
        if not isinstance(page, Page):
            return None
        if self.build_key is None:
            self.build_key = self.common_key(template, context)

        def neighbour(item: Any) -> Any:
            return None if item is None else [type(item).__name__, item.title, getattr(item, "url", None)]

        made_of = [
            self.build_key,
            template.name,
            context.get("base_url"),
            context.get("extra_css"),
            context.get("extra_javascript"),
            page.url,
            page.title,
            page.meta,
            page.content,
            _toc(page.toc),
            page.canonical_url,
            page.abs_url,
            page.edit_url,
            page.is_homepage,
            neighbour(page.previous_page),
            neighbour(page.next_page),
            [neighbour(item) for item in page.ancestors],
            sorted(k for k in context if k not in ("nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version", "build_date_utc", "config", "page")),
        ]
        return _digest(made_of)

    @staticmethod
    def common_key(template: jinja2.Template, context: dict[str, Any]) -> str:
        """The digest of what every page of this build shares: settings, globals, dates and the navigation."""
        config = context["config"]
        settings = {name: value for name, value in config.items() if name not in ("site_dir", "plugins", "nav", "theme")}
        made_of = [
            settings,
            list(config.plugins),
            dict(config.theme),
            {name: value for name, value in template.globals.items() if not callable(value)},
            context.get("mkdocs_version"),
            context.get("build_date_utc"),
            _nav_items(context["nav"].items),
        ]
        return _digest(made_of)

    def rendered(self, key: str, render: Callable[[], str]) -> str:
        """The kept HTML for `key`, or the template's, kept for the next build."""
        kept = self.kept.get(key)
        if kept is not None:
            return kept.decode("utf-8")
        output = render()
        self.kept.put(key, output.encode("utf-8"))
        return output

    def save(self) -> None:
        """Keep only the pages of this build (in the child, after it built)."""
        self.kept.save()


class KeptMarkdown:
    """Each page's HTML as Markdown makes it, kept by a digest of the page's Markdown, its file, every file's address and the settings.

    Python-Markdown's output depends on nothing else here: the extensions are attr_list and toc, which
    read no files; MkDocs's own steps resolve links against the site's files and note the anchors a
    page has and links to. A page whose conversion logged anything (a link going nowhere) is never
    kept, so its messages come again in every build until it is mended.
    """

    def __init__(self, folder: Path) -> None:
        self.kept = KeptResults(folder)
        self.files_key: str | None = None

    def install(self) -> None:
        """Make MkDocs's pages use the kept conversions."""
        from mkdocs.structure.pages import Page

        original = Page.render
        kept = self

        def render(page: Page, config: MkDocsConfig, files: Files) -> None:
            key = kept.key(page, config, files)
            found = kept.kept.get(key)
            if found is not None and kept.restore(page, files, found):
                return
            records = _Records()
            log.addHandler(records)
            try:
                original(page, config, files)
            finally:
                log.removeHandler(records)
            if not records.seen:
                kept.kept.put(key, kept.dump(page))

        Page.render = render  # type: ignore[method-assign,assignment]

    def key(self, page: Any, config: MkDocsConfig, files: Files) -> str:
        """The digest of everything the page's conversion depends on."""
        if self.files_key is None:
            listing = [[file.src_uri, file.dest_uri, file.url, file.inclusion.name, file.is_documentation_page()] for file in files]
            settings = [config.markdown_extensions, config.mdx_configs, config.use_directory_urls, config.validation, config.site_url]
            self.files_key = _digest([listing, settings])
        made_of = [self.files_key, page.markdown, page.file.src_uri, page.file.dest_uri, page.file.url, page.url, page.abs_url]
        return _digest(made_of)

    @staticmethod
    def dump(page: Any) -> bytes:
        """What the conversion set on the page, with the files it links to named by their source."""
        links = {file.src_uri: anchors for file, anchors in (page.links_to_anchors or {}).items()}
        return pickle.dumps((page.content, page.toc, page._title_from_render, page.present_anchor_ids, links))

    @staticmethod
    def restore(page: Any, files: Files, kept: bytes) -> bool:
        """Set on the page what its conversion set the last time; False if a file it linked to has gone."""
        content, toc, title, anchors, links = pickle.loads(kept)  # noqa: S301 - written by this preview's own builds
        linked = {}
        for src_uri, found in links.items():
            file = files.get_file_from_path(src_uri)
            if file is None:
                return False
            linked[file] = found
        page.content, page.toc, page._title_from_render, page.present_anchor_ids = content, toc, title, anchors
        if log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = linked
        return True

    def save(self) -> None:
        """Keep only the conversions of this build (in the child, after it built)."""
        self.kept.save()


class _Records(logging.Handler):
    """Notes whether anything was logged, at `level` or above, while it was attached."""

    def __init__(self, level: int = logging.DEBUG) -> None:
        super().__init__(level)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True


def git_dirs(folder: Path) -> tuple[Path, Path] | None:
    """The git folder of the repository `folder` is in and its common folder (they differ in a worktree); None outside one."""
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--absolute-git-dir", "--git-common-dir"], cwd=folder, capture_output=True, text=True, check=True
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return None
    if len(found) != 2:
        return None
    return Path(found[0]), (folder / found[1]).resolve()


def git_stamp(folder: Path, dirs: tuple[Path, Path] | None) -> tuple[Any, ...]:
    """What mkdocs-macros's git variable depends on: the times and sizes of git's HEAD, its branch, reflog and tags.

    Outside a repository, which of `folder` and the folders above it have a .git: the answer changes
    only if a repository is made around the project.
    """
    if dirs is None:
        return tuple((p / ".git").exists() for p in (folder, *folder.parents))
    git_dir, common = dirs
    files = [git_dir / "HEAD", git_dir / "logs" / "HEAD", common / "packed-refs", common / "refs" / "tags"]
    with contextlib.suppress(OSError):
        head = (git_dir / "HEAD").read_text("utf-8").strip()
        if head.startswith("ref: "):
            files.append(common / head[len("ref: ") :])
    stamps: list[tuple[int, int] | None] = []
    for path in files:
        try:
            info = path.stat()
            stamps.append((info.st_mtime_ns, info.st_size))
        except OSError:
            stamps.append(None)
    return tuple(stamps)


def keep_git_info(folder: Path) -> None:
    """Find mkdocs-macros's git variable once, and again only when git's state has changed."""
    import mkdocs_macros.context as context

    original = context.get_git_info
    dirs = git_dirs(folder)
    kept_stamp, kept_info = git_stamp(folder, dirs), original()  # type: ignore[no-untyped-call]

    def get_git_info() -> Any:
        if git_stamp(folder, dirs) != kept_stamp:
            return original()  # type: ignore[no-untyped-call]
        return copy.deepcopy(kept_info)

    context.get_git_info = get_git_info


def pages_first(config: MkDocsConfig, reply: int, search: SearchEntries, first: frozenset[str] = frozenset()) -> None:
    """Say `pages` on `reply` as soon as pages are written, if nothing went wrong so far, with the files that are final by then.

    MkDocs writes the pages and the files it copies first; then plugins write what sits beside them
    (the search index, the feeds, the email editions). The server shows the pages while those are
    written. The files listed are the pages and the copied files: not those a plugin made, which a
    plugin may write over once the pages are written (planpress's empty stand-ins for the feeds).

    The pages open in a browser (`first`, by the files they are written to) are written before the
    others and said as soon as they are, if MkDocs's check of links to anchors, made once every page is
    written, would find nothing. Every page is said again once all are written. A page written ahead
    keeps its place in the search index: its entries are held until the others before it are in.
    """
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.structure.files import InclusionLevel
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    problems = _Records(logging.WARNING)
    log.addHandler(problems)
    plugins = config.plugins
    on_env, on_post_build, build_page = plugins.on_env, plugins.on_post_build, mkdocs_build._build_page
    seen: list[Files] = []
    ahead: set[str] = set()
    started = False

    def say(pages: Callable[[File], bool]) -> None:
        final = [
            file.dest_uri
            for file in seen[-1]
            if InclusionLevel.is_in_serve(file.inclusion)  # type: ignore[no-untyped-call]
            and (pages(file) if file.is_documentation_page() else file.generated_by is None)
        ]
        said = f"pages {json.dumps(final)}\n".encode()
        with contextlib.suppress(OSError):
            while said:
                said = said[os.write(reply, said) :]

    def env_event(env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> Any:
        seen.append(files)
        return on_env(env, config=config, files=files)

    def page_build(page: Page, config: MkDocsConfig, doc_files: Sequence[File], nav: Navigation, env: jinja2.Environment, dirty: bool = False, excluded: bool = False) -> None:
        nonlocal started
        if not started:
            started = True
            wanted = [(file, file.page) for file in doc_files if file.dest_uri in first and file.page is not None]
            if wanted and seen and not problems.seen and anchors_hold(doc_files, seen[-1], config):
                search.holding = True
                try:
                    for file, ahead_page in wanted:
                        build_page(ahead_page, config, doc_files, nav, env, dirty, excluded=file.inclusion.is_excluded())  # type: ignore[no-untyped-call]
                        ahead.add(file.src_uri)
                finally:
                    search.holding = False
                if not problems.seen:
                    say(lambda file: file.src_uri in ahead)
        if page.file.src_uri in ahead:
            search.release(page.file.src_uri)
            return
        build_page(page, config, doc_files, nav, env, dirty, excluded=excluded)

    def post_build_event(*, config: MkDocsConfig) -> None:
        if seen and not problems.seen:
            say(lambda file: True)
        on_post_build(config=config)

    plugins.on_env = env_event  # type: ignore[method-assign]
    plugins.on_post_build = post_build_event  # type: ignore[method-assign]
    mkdocs_build._build_page = page_build


class _Quiet(logging.Filter):
    """Drops every message of the logger it is on, noting whether one was at warning level or above."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def filter(self, record: logging.LogRecord) -> bool:
        self.seen = self.seen or record.levelno >= logging.WARNING
        return False


def anchors_hold(doc_files: Sequence[File], files: Files, config: MkDocsConfig) -> bool:
    """Whether MkDocs's check of links to anchors, which it makes once every page is written, will warn of nothing; checked quietly.

    The check reads only what the pages' conversion found (their links and ids), which is complete
    before the first page is written.
    """
    from mkdocs.structure import pages

    quiet = _Quiet()
    logger = logging.getLogger(pages.__name__)
    logger.addFilter(quiet)
    try:
        for file in doc_files:
            if file.page is not None:
                file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    finally:
        logger.removeFilter(quiet)
    return not quiet.seen


class Warm:
    """Everything the worker keeps for its builds, and what each build hands on to the next."""

    def __init__(self, config_file: str, site_url: str, folder: Path) -> None:
        from macros.views.render import load_all_templates

        self.site_url = site_url
        self.modules_file = folder / "imported.txt"
        self.config = load(config_file)
        self.pages = KeptPages(folder / "pages")
        self.templates = keep_theme_work(self.config, folder / "theme-templates", self.pages)
        self.strings = KeptStrings(folder / "strings")
        self.strings.install()
        self.markdown = KeptMarkdown(folder / "markdown")
        self.markdown.install()
        self.search = SearchEntries(folder / "search-entries.json")
        self.search.install()
        keep_git_info(Path.cwd())
        load_all_templates()
        self.between_builds()

    def between_builds(self) -> None:
        """Take up what the last build left (in the worker): its modules, templates and search entries."""
        try:
            names = self.modules_file.read_text("utf-8").split()
        except OSError:
            names = []
        for name in names:
            if name not in sys.modules:
                with contextlib.suppress(Exception):
                    importlib.import_module(name)
        self.templates.load(self.config.theme.get_env())
        self.search.load()

    def build(self, staging: str, reply: int, first: frozenset[str] = frozenset()) -> int:
        """One build, in the forked child: 0 if it built, 1 if it did not.

        The child says `pages` on `reply` as soon as pages are written, the open pages (`first`) first (pages_first).
        """
        from mkdocs.commands.build import build
        from mkdocs.exceptions import Abort, ConfigurationError

        before = set(sys.modules)
        config = self.config
        code = 1
        try:
            config.site_dir = staging
            config.site_url = self.site_url
            pages_first(config, reply, self.search, first)
            config.plugins.on_startup(command="serve", dirty=False)
            build(config, serve_url=self.site_url)
            config.plugins.on_shutdown()
            code = 0
        except (Abort, ConfigurationError) as error:
            log.error(str(error))
        except SystemExit as error:
            # mkdocs-macros ends the process on a template error, after saying what it was.
            code = error.code if isinstance(error.code, int) and error.code else 1
        except BaseException:  # noqa: BLE001 - a child reports every failure, to be read by build_messages
            traceback.print_exc()
        if code == 0:
            self.search.save()
            self.templates.save()
            self.pages.save()
            self.markdown.save()
            self.strings.save()
        with contextlib.suppress(OSError):
            self.modules_file.write_text("\n".join(sorted(set(sys.modules) - before)), encoding="utf-8")
        return code


def run_child(work: Callable[[int], int], log_path: str) -> tuple[int, float]:
    """Fork, run `work` in the child with its output going to `log_path`: its exit code and CPU seconds.

    `work` is given the worker's own standard output, to say something to the server before it ends.
    """
    global _child
    sys.stdout.flush()
    sys.stderr.flush()
    # Objects that exist now are never freed by the child, so its collector need not look at them.
    gc.freeze()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            reply = os.dup(1)
            out = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(out, 1)
            os.dup2(out, 2)
            os.close(out)
            code = work(reply)
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)
    _child = pid
    _, status, usage = os.wait4(pid, 0)
    _child = 0
    gc.unfreeze()
    return os.waitstatus_to_exitcode(status), usage.ru_utime + usage.ru_stime


def _stop(signum: int, frame: Any) -> None:
    """Stop the build under way, by its process id, and wait for it, then end."""
    if _child:
        with contextlib.suppress(OSError):
            os.kill(_child, signal.SIGKILL)
            os.waitpid(_child, 0)
    os._exit(128 + signum)


def main(argv: list[str]) -> int:
    """Prepare, say `ready`, then build once for each request line until standard input ends."""
    config_file, site_url, folder = argv
    # Ctrl+C reaches every process in the terminal; the server stops the worker, by SIGTERM.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop)
    log_to_stderr()
    started = time.monotonic()
    try:
        warm = Warm(config_file, site_url, Path(folder))
    except BaseException as error:  # noqa: BLE001 - whatever stops the worker is reported as the build's failure
        from mkdocs.exceptions import Abort, ConfigurationError

        if isinstance(error, (Abort, ConfigurationError)):
            log.error(str(error))
        else:
            traceback.print_exc()
        return 1
    log.debug("planpress worker ready in %.2f s", time.monotonic() - started)
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        staging, log_path = request["staging"], request["log"]
        first = frozenset(request.get("first", []))
        code, cpu = run_child(functools.partial(warm.build, staging, first=first), log_path)
        print(f"built {code} {cpu:.3f}", flush=True)
        warm.between_builds()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main(sys.argv[1:]))
