"""Views and rendering: one edition's filtered plan, its pages, and the Jinja templates that show them."""
