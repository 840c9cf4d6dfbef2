"""nianbao: the annual report on government information disclosure, as a file and an editor."""
