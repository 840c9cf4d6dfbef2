"""Key bindings from a config file, so a terminal that eats a key does not lock anyone out.

~/.config/nianbao/keys.toml (or the file named by $NIANBAO_KEYS):

    [keys]
    save = "ctrl+s,f10"
    quit = "ctrl+q,f12"

Names are the binding ids listed in help.md. A bad file is reported, not fatal.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path


def config_path() -> Path:
    if os.environ.get("NIANBAO_KEYS"):
        return Path(os.environ["NIANBAO_KEYS"])
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "nianbao" / "keys.toml"


def load() -> tuple[dict[str, str], str | None]:
    """(keymap, problem): the keymap to apply and a message if the file could not be used."""
    path = config_path()
    if not path.exists():
        return {}, None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, f"按键配置 {path} 无法读取（{exc}），已使用默认按键"
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        return {}, f"按键配置 {path} 中 [keys] 的每一项应为文字，如 save = \"ctrl+s,f10\""
    return dict(keys), None
