"""One module per `nianbao` command, each with `run(args) -> int` (the exit code).

nianbao/cli.py parses the command line and imports only the module of the command given, so
`nianbao check` starts without Textual, tomlkit or GitPython. The work itself lives in
nianbao.format (the tasks both the CLI and the editor need are in format/workspace.py); a
command reads its arguments, calls that, and prints.
"""
