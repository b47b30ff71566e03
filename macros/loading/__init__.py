"""Loading and validation: YAML, front matter and newsletters in, models out, every problem with its file and line."""
