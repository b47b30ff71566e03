"""The MkDocs integration: settings, the hooks that add and drop pages, and the writers' macros for mkdocs-macros."""
