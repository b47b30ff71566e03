"""Outputs written beside the pages from planpress's own view of the site: feeds, exports, the calendar and the schema."""
