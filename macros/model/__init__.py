"""The plan's model and rules: the schema, RAG, audiences, the dashboard's rules, trends and the newsletter record."""
