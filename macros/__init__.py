"""planpress: publish a delivery plan and its newsletters from YAML. `define_env` is the macros entry point."""

from __future__ import annotations

from macros.integration.writers import define_env

__all__ = ["define_env"]
