"""The report model, file format, rules and renderers. Never imports Textual or Rich: the checker runs in pre-commit hooks and batch audits, where a UI toolkit is dead weight."""
