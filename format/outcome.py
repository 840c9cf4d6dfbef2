"""What every command's exit code means, defined once for the CLI and anything that runs it."""

EXIT_OK = 0  # done, nothing wrong
EXIT_FINDINGS = 1  # done, and a report breaks a rule (or an import left figures unread)
EXIT_UNREADABLE = 2  # could not be done: a file could not be read or written, bad arguments
