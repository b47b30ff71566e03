"""`python -m macros.cli`: the planpress command."""

from __future__ import annotations

import sys

from macros.cli.main import main

sys.exit(main())
