"""format/ must never pull in a UI toolkit; `nianbao check` must not load Textual."""

import subprocess
import sys

from conftest import SAMPLES

PROBE = """
import importlib, pkgutil, sys
import nianbao.format as pkg
names = [m.name for m in pkgutil.iter_modules(pkg.__path__, pkg.__name__ + ".")]
for name in names:
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
print(len(names), loaded)
"""


def test_format_package_imports_no_textual_or_rich():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    count, loaded = out.stdout.split(" ", 1)
    assert int(count) >= 8, "the probe must actually import the format modules"
    assert loaded.strip() == "[]"


def test_check_command_does_not_import_textual_or_tomlkit():
    probe = (
        "import sys\n"
        "from nianbao.cli import main\n"
        f"code = main(['check', {str(SAMPLES / 'huaian-2024.toml')!r}])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tomlkit', 'git'))\n"
        "print('RESULT', code, heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "RESULT 0 []" in out.stdout
