"""planpress: publish a delivery plan and its newsletters from YAML.

mkdocs-macros loads this package (`module_name: macros` in mkdocs.yml) and calls `define_env`.
"""

from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    """Register planpress's macros with mkdocs-macros."""
    # Imported here so that `import macros`, which every command does first, does not load MkDocs.
    from macros.integration.writers import register

    register(env)
