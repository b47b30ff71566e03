"""The JSON Schema of plan.json and of the plan's data, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from macros.model.models import PlanExport

SCHEMA_FILE = "plan.schema.json"


def plan_schema() -> dict[str, Any]:
    """The JSON Schema of plan.json, the whole plan as a site publishes it, with each data file's model under $defs."""
    # plan.json wraps the validated plan (Project) with each action's current status, so its schema
    # holds every data file's model (Plan, DeliveryArea, RagUpdate...) under $defs for editors too.
    schema = PlanExport.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "planpress plan"
    schema["description"] = (
        "plan.json as each site publishes it: one edition's validated plan, with every action's current status. "
        "Each data file's model is under $defs. Generated from macros/models.py by `planpress schema`; do not edit by hand."
    )
    return schema


def schema_text() -> str:
    """The schema as written to data/plan.schema.json: sorted keys, so it changes only when the models do.

    Generating it takes longer than a small plan's exports, and it depends on the code alone (this
    package and pydantic), so each build after the first reads it from the cache.
    """
    import pydantic

    from macros.views.render import kept_text

    code = b"".join(path.read_bytes() for path in sorted(Path(__file__).parent.glob("*.py")))
    return kept_text("schema.json", code + pydantic.VERSION.encode(), generated_schema_text)


def generated_schema_text() -> str:
    """The schema's text, generated from the models now."""
    return json.dumps(plan_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schema(data_dir: Path) -> Path:
    """Write data/plan.schema.json and return its path."""
    path = data_dir / SCHEMA_FILE
    path.write_text(generated_schema_text(), encoding="utf-8")
    return path
