"""Comparison and history: the semantic diff of two reports, and the git history of a report file."""
