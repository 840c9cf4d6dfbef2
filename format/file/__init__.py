"""The report file: reading it (tomllib, every error with line and column), saving it in place
(the user's bytes and comments kept), the canonical layout, the editor's recovery and lock files."""
