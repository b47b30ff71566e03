"""The planpress command: building both editions, the preview, and starting new drafts."""
