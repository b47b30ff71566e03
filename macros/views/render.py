"""Jinja templates for everything planpress writes into pages, with autoescaping on."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import posixpath
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from macros.model.trends import change_text, format_number, with_unit
from macros.views.markup import (
    markdown_escape,
    plain_text,
    render_inline,
    render_markdown,
)

TEMPLATES = Path(__file__).parent / "templates"
CACHE_DIR_VARIABLE = "PLANPRESS_CACHE_DIR"
"""Where compiled templates are kept between builds; unset, Jinja's own folder in the system's temporary directory."""


@lru_cache(maxsize=4096)
def long_date(value: dt.date | None) -> str:
    """15 March 2018."""
    return f"{value.day} {value:%B %Y}" if value else ""


@lru_cache(maxsize=4096)
def time_element(value: dt.date) -> Markup:
    """A date as HTML that machines can read too: <time datetime="2018-03-15">15 March 2018</time>."""
    return Markup(f'<time datetime="{value.isoformat()}">{long_date(value)}</time>')


def relative_url(target: str, base: str) -> str:
    """A link from the page at URL `base` to the URL `target`, both relative to the site root."""
    if target.startswith(("http://", "https://", "mailto:", "#")):
        return target
    base_dir = base if base.endswith("/") or not base else posixpath.dirname(base) + "/"
    rel = posixpath.relpath("/" + target, "/" + base_dir)
    if (target == "" or target.endswith("/")) and not rel.endswith("/"):
        rel += "/"
    return "./" if rel == "./" or rel == "." else rel


def heading(level: int, text: str, anchor: str | None = None) -> Markup:
    """A Markdown heading whose text is shown exactly as written, with an optional anchor."""
    suffix = f" {{ #{anchor} }}" if anchor else ""
    return Markup(f"{'#' * level} {markdown_escape(text)}{suffix}")


def template_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept from one build to the next, or None where they cannot be kept.

    Every build, and every rebuild of a preview, is a new process; compiling planpress's templates
    costs more than a small plan's pages. Jinja checks each cached template against its source, and
    the file names carry a digest of this module, whose options shape what templates compile to.
    """
    stamp = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    pattern = f"planpress-{stamp}-%s.cache"
    folder = os.environ.get(CACHE_DIR_VARIABLE)
    try:
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            return jinja2.FileSystemBytecodeCache(folder, pattern)
        return jinja2.FileSystemBytecodeCache(pattern=pattern)
    except (OSError, RuntimeError):  # RuntimeError: Jinja found the shared folder unsafe to use
        return None


def kept_text(name: str, key: bytes, make: Callable[[], str]) -> str:
    """Text that depends only on `key` (code, not data), made once and kept beside the compiled templates.

    Without a usable cache folder it is simply made each time. A file is written whole or not at all.
    """
    cache = _ENV.bytecode_cache
    folder = getattr(cache, "directory", None)
    if folder is None:
        return make()
    path = Path(folder) / f"planpress-{name}-{hashlib.sha256(key).hexdigest()[:16]}"
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    text = make()
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False, prefix="planpress-") as out:
            out.write(text)
        os.replace(out.name, path)
    except OSError:
        pass
    return text


def make_environment() -> jinja2.Environment:
    """The one Jinja environment; templates are compiled once and cached by it, and between builds."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        bytecode_cache=template_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
    )
    env.filters.update(
        md=render_markdown, md_inline=render_inline, plain=plain_text, long_date=long_date, time_element=time_element, number=format_number, with_unit=with_unit, change=change_text
    )
    env.globals.update(heading=heading)
    return env


_ENV = make_environment()


def load_all_templates() -> None:
    """Load every template now, so that processes forked afterwards (the preview's builds) find them loaded.

    A template that does not compile is left for the build to load, and to report.
    """
    for name in _ENV.list_templates(extensions=["html", "md"]):
        try:
            _ENV.get_template(name)
        except jinja2.TemplateError:
            continue


def render(template: str, **context: Any) -> str:
    """Render one template with the given context."""
    return _ENV.get_template(template).render(**context)
