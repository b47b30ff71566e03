"""What a published site needs that a draft may do without: real contact details in the accessibility statement.

The UK's accessibility regulations ask a public sector website's accessibility statement for a real way to
reach its owner. A site is published once its MkDocs file gives a site_url that is not an example address.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from macros.loading.yaml_reader import decode, locate
from macros.model.audience import filter_for
from macros.model.models import ContactDetails, Project
from macros.model.problems import Problem

EDITION_CONFIGS = {"public": "mkdocs.yml", "intranet": "mkdocs-intranet.yml"}
ABOUT = "data/about.yml"

EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")
"""Domains kept for examples (RFC 2606), with every name under them."""
EXAMPLE_TLDS = (".example", ".test", ".invalid", ".localhost")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")

DRAMA_NUMBERS = ("01632960", "02079460", "01134960", "01614960", "07700900", "08081570")
"""The starts of UK numbers Ofcom keeps for drama and examples (01632 960xxx, 020 7946 0xxx, ...): no one answers them."""


class _TolerantLoader(yaml.SafeLoader):
    """Reads a MkDocs file whatever tags it uses (such as !ENV or !!python/name): only site_url is wanted."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_TolerantLoader.add_multi_constructor("", _any_tag)
_TolerantLoader.add_multi_constructor("!", _any_tag)


def _config(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=_TolerantLoader)  # noqa: S506 - a SafeLoader that ignores tags
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def site_urls(root: Path) -> dict[str, tuple[str, str]]:
    """Each edition's site_url, with the MkDocs file that gives it; an inherited site_url comes from the file inherited."""
    found: dict[str, tuple[str, str]] = {}
    for edition, name in EDITION_CONFIGS.items():
        config, shown = _config(root / name), name
        if "site_url" not in config and isinstance(config.get("INHERIT"), str):
            shown = config["INHERIT"]
            config = _config(root / shown)
        if (root / name).is_file():
            found[edition] = (str(config.get("site_url") or ""), shown)
    return found


def is_published(site_url: str) -> bool:
    """Whether a site_url is a real address: not empty, not an example domain, not this computer."""
    host = (urlsplit(site_url).hostname or "").lower().rstrip(".")
    if not host or host in LOCAL_HOSTS or host.endswith(EXAMPLE_TLDS):
        return False
    return not any(host == domain or host.endswith("." + domain) for domain in EXAMPLE_DOMAINS)


def placeholder_email(email: str) -> bool:
    """Whether an email address is at an example domain, where no one reads it."""
    domain = email.rsplit("@", 1)[-1].lower().rstrip(".")
    return domain.endswith(EXAMPLE_TLDS) or any(domain == d or domain.endswith("." + d) for d in EXAMPLE_DOMAINS)


def placeholder_phone(phone: str) -> bool:
    """Whether a phone number is one Ofcom keeps for drama and examples."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+44"):
        digits = "0" + digits[2:]
    return digits.startswith(DRAMA_NUMBERS)


def contact_problems(project: Project, root: Path) -> list[Problem]:
    """For each published edition: the accessibility statement's contact details must be there, shown, and real."""
    problems: list[Problem] = []
    text: str | None = None

    def line(*loc: Any) -> int:
        nonlocal text
        if text is None:
            path = root / ABOUT
            text = decode(path.read_bytes(), ABOUT) if path.is_file() else ""
        return locate(text, loc) if text else 0

    for edition, (site_url, config_name) in site_urls(root).items():
        if not is_published(site_url):
            continue
        where = f"{config_name} publishes the {edition} site at {site_url}"
        about = filter_for(project, edition).about
        contact = about.contact
        if contact is None:
            problems.append(
                Problem(
                    ABOUT,
                    line("contact"),
                    "contact",
                    f"is required once {where}: the accessibility regulations expect real contact details; "
                    "give a name and an email address, a phone number or both (contact: {name, email, phone})",
                )
            )
            continue
        problems.extend(_placeholders(contact, where, line))
        if not any(section.contact for section in about.accessibility):
            problems.append(
                Problem(ABOUT, line("accessibility"), "accessibility", f"no section shows the contact details; add 'contact: true' to the section readers contact you from ({where})")
            )
    # Both editions are usually published with the same details: each mistake is reported once, for the first.
    once: dict[tuple[str, int, str], Problem] = {}
    for problem in problems:
        once.setdefault((problem.file, problem.line, problem.path), problem)
    return list(once.values())


def _placeholders(contact: ContactDetails, where: str, line: Any) -> list[Problem]:
    found: list[Problem] = []
    if contact.email and placeholder_email(contact.email):
        found.append(Problem(ABOUT, line("contact", "email"), "contact.email", f"'{contact.email}' is an example address no one reads, but {where}; give the real one"))
    if contact.phone and placeholder_phone(contact.phone):
        found.append(Problem(ABOUT, line("contact", "phone"), "contact.phone", f"'{contact.phone}' is a number kept for examples, but {where}; give the real one"))
    return found
