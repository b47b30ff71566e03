"""Compiled templates are kept between builds, so a fresh process (every build is one) does not compile them again."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from macros.views import render


def test_a_second_process_loads_every_template_without_compiling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(render.CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    first = render.make_environment()
    names = first.list_templates()
    for name in names:
        first.get_template(name)
    cached = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert len(cached) == len(names) and all(n.startswith("planpress-") for n in cached)

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cached template was compiled again")

    second = render.make_environment()
    monkeypatch.setattr(second, "compile", no_compiling)
    for name in names:
        assert second.get_template(name).name == name


def test_an_edited_template_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(render.CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.html").write_text("one", "utf-8")
    monkeypatch.setattr(render, "TEMPLATES", templates)
    assert render.make_environment().get_template("t.html").render() == "one"
    (templates / "t.html").write_text("two", "utf-8")
    assert render.make_environment().get_template("t.html").render() == "two"


def test_no_cache_where_the_folder_cannot_be_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", "utf-8")
    monkeypatch.setenv(render.CACHE_DIR_VARIABLE, str(blocker / "cache"))
    assert render.template_cache() is None
    assert render.make_environment().get_template("badge.html") is not None


def test_the_cache_names_change_with_the_environment_code() -> None:
    cache = render.template_cache()
    assert isinstance(cache, jinja2.FileSystemBytecodeCache)
    assert cache.pattern.startswith("planpress-") and cache.pattern.endswith("-%s.cache")


def test_the_published_schema_is_made_once_and_then_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from macros.outputs import schema

    monkeypatch.setenv(render.CACHE_DIR_VARIABLE, str(tmp_path / "cache"))
    monkeypatch.setattr(render, "_ENV", render.make_environment())
    assert schema.schema_text() == schema.generated_schema_text()
    assert len(list((tmp_path / "cache").glob("planpress-schema.json-*"))) == 1

    def not_again() -> str:
        raise AssertionError("the schema was generated again")

    monkeypatch.setattr(schema, "generated_schema_text", not_again)
    assert schema.schema_text().startswith("{")


def test_kept_text_is_made_each_time_without_a_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "_ENV", jinja2.Environment())
    made = []
    assert render.kept_text("x", b"key", lambda: made.append(1) or "text") == "text"
    assert render.kept_text("x", b"key", lambda: made.append(1) or "text") == "text"
    assert made == [1, 1]

