"""The headless core. Never imports Textual or Rich: the checker runs in pre-commit hooks and
batch audits, where a UI toolkit is dead weight.

Layers (each may import those above it, never those below; pyproject.toml's import-linter
contracts hold them):
    model/      template, report, figures, totals
    file/       reading and saving report files, recovery
    rules/      check, audit
    compare/    semantic diff, git history
    output/     renderers, the terminal sanitiser
    importing/  published reports in
and the tasks both the CLI and the editor run: session.py (editing one report), workspace.py
(last year's report, folders, new reports, imports, sums), outcome.py (exit codes).
"""
