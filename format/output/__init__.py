"""Output: the report in the official layout as text, HTML, Markdown, CSV, JSON and Word, and the
one sanitiser for text bound for a terminal."""
