"""The editor's views, one per kind of screen area: a table section, prose and the basics, the
problem list, history and comparison, the preview, and the folder screen (a small app of its own).
A view reads the session (nianbao.format.session) and draws it; it never saves or checks itself."""
