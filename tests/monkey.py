"""A monkey for the editor: long random key sequences through the real app (Pilot).

Every screen and dialog is reachable from the keys it presses (F1-F12, Ctrl+P, Ctrl+Q and
its answers, Enter on the problem list …). After each sequence the invariants hold or the
run fails:

- no exception, ever (the app is run headless exactly as `nianbao FILE` runs it);
- every stored total equals the sum of its parts;
- what the grid on screen shows equals what a full repaint from the model draws;
- saving and reading the file back gives the same report;
- undoing back to the start gives the opening file, byte for byte.

A failure is shrunk to the shortest key list that still fails, and printed with its seed:
    python tests/monkey.py --seed 7 --keys 400        # one seed
    python tests/monkey.py --keys 50000               # many seeds until that many keys
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sys
import tempfile
import traceback
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples"

DIGITS = list("0123456789") + list("０１２３４５６７８９")
LETTERS = list("abcdeqrstwxyzRS")
CHINESE = list("一百年报告，。")
FKEYS = [f"f{i}" for i in range(1, 13)]
MOVES = ["up", "down", "left", "right", "pageup", "pagedown", "home", "end", "tab", "shift+tab",
         "ctrl+home", "ctrl+end", "shift+end", "shift+left"]
EDITING = ["enter", "backspace", "delete", "space", "escape", "ctrl+g", "ctrl+z", "ctrl+y",
           "ctrl+a", "ctrl+e", "ctrl+c", "ctrl+s", "ctrl+p", "ctrl+x", "ctrl+v", "comma", "full_stop",
           "ctrl+f", "ctrl+r", "ctrl+t",
           "minus", "plus"]
PASTES = ["12\t34\t56", "7\t8\t9\t10\t11\t12\t13\t14\t15", "第一行\n第二行", "1\t2\n3\t4",
          "x[/]y [b]粗[/b]", "5" * 40, "字" * 3000, "１，２３４", "\x1b[31m红\x07"]
SIZES = [(80, 24), (120, 40), (60, 20), (100, 30)]
SAMPLE_FILES = ["huaian-2024.toml", "longwan-2023.toml", "shanghai-2019.toml"]


def random_keys(rng: random.Random, n: int) -> list[str]:
    """n steps: mostly single keys; some bursts (`burst:a,b,c`), pastes, resizes, quits."""
    pools = [(DIGITS, 30), (MOVES, 20), (EDITING, 14), (FKEYS, 9), (LETTERS, 6), (CHINESE, 4)]
    weights = [w for _, w in pools]
    out: list[str] = []
    while len(out) < n:
        roll = rng.random()
        if roll < 0.03:
            out.append(f"paste:{rng.randrange(len(PASTES))}")
        elif roll < 0.04:
            out.append(f"resize:{rng.randrange(len(SIZES))}")
        elif roll < 0.05:
            out.append("ctrl+q")
            out.append(rng.choice(["c", "escape", "c", "s", "d"]))
        elif roll < 0.12:
            burst = [rng.choice(rng.choices([p for p, _ in pools], weights)[0]) for _ in range(rng.randint(2, 6))]
            out.append("burst:" + ",".join(burst))
        else:
            out.append(rng.choice(rng.choices([p for p, _ in pools], weights)[0]))
    return out[:n]


def _key_event(key: str):
    from textual import events
    from textual.keys import _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(key))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def _send(app, pilot, step: str) -> None:
    from textual import events

    if step.startswith("paste:"):
        app.post_message(events.Paste(PASTES[int(step[6:])]))
    elif step.startswith("resize:"):
        await pilot.resize_terminal(*SIZES[int(step[7:])])
    elif step.startswith("burst:"):
        for key in step[6:].split(","):  # written at once, as a burst arrives over SSH
            event = _key_event(key)
            event.set_sender(app)
            app._driver.send_message(event)
    else:
        # As Pilot.press, without its idle waits (~35 ms a key, most of the monkey's time):
        # every widget's queue is empty before the next key goes in.
        event = _key_event(step)
        event.set_sender(app)
        app._driver.send_message(event)
        await pilot._wait_for_screen()
        return
    await pilot.pause()


async def _drive(app, pilot, keys: list[str]) -> None:
    """Every step in turn until the app exits (a quit answered), then let it settle."""
    await pilot.pause()
    for step in keys:
        if not app.is_running:
            break
        await _send(app, pilot, step)
    await pilot.pause()


class Failure(Exception):
    pass


def invariants(app, opening: bytes) -> None:
    from nianbao.format.file import load
    from nianbao.format.model.totals import _sum

    session = app.session
    report = session.report
    as_opened = session.doc.opened.report
    graph = report.template.total_cells()
    for cell, terms in graph.items():
        # The sum of its parts as stored (a blank adds nothing, all blank is blank: format/totals.py).
        # A published report may carry a wrong total; the editor keeps it until a term changes.
        value = _sum([report.value(t) for t in terms])
        kept = _sum([as_opened.value(t) for t in terms]) != as_opened.value(cell) \
            and report.value(cell) == as_opened.value(cell)
        if report.value(cell) != value and not kept:
            raise Failure(f"合计 {cell.key} 存的是 {report.value(cell)}，各项之和是 {value}")
    if app.is_running:
        _screen_matches_model(app)
    text = session.doc.render()
    back = load.loads(text, session.doc.path, session.doc.template_dirs).report
    if not back.same_content(report):
        raise Failure("保存后读回的报告与编辑中的不同")
    while session.undo() is not None:
        pass
    if session.doc.render().encode("utf-8") != opening:
        raise Failure("撤销到最初后，文件与打开时的字节不同")


def _screen_matches_model(app) -> None:
    """The grid on screen (its cached rows) equals a grid drawn afresh from the model."""
    from nianbao.tui.widgets.figure_grid import FigureGrid

    from tui_helpers import screen_text

    before = screen_text(app)
    for grid in app.screen.query(FigureGrid):
        grid.style_changed()
    after = screen_text(app)
    if before != after:
        raise Failure(f"屏幕上的数字与模型不一致：\n{before}\n---- 重画后 ----\n{after}")


def make_history(path: Path, identity: bool = True) -> None:
    """A repository with two versions of the report, the older one with less prose and other
    figures, so that F10 has something to show and restore."""
    import subprocess

    def git(*args):
        subprocess.run(["git", "-C", str(path.parent), *args], check=True, capture_output=True)

    final = path.read_text(encoding="utf-8")
    git("init", "-q")
    git("config", "user.name", "测试")
    git("config", "user.email", "test@example.gov.cn")
    older = final.replace("text = \"\"\"\n", "text = \"\"\"\n旧的一段。\n", 1)
    path.write_text(older, encoding="utf-8")
    git("add", path.name)
    git("commit", "-q", "-m", "旧版本")
    path.write_text(final, encoding="utf-8")
    git("commit", "-q", "-am", "新版本")
    if not identity:  # the first Ctrl+S asks who is committing
        git("config", "--unset", "user.name")
        git("config", "--unset", "user.email")


VARIANTS = ["plain", "git", "git-no-identity", "recovery", "create"]


def _prepare(tmp: Path, sample: str, variant: str) -> tuple[Path, dict]:
    """The report (or where one is to be created) and the environment for a variant."""
    from nianbao.format.file import recovery
    from nianbao.format.file.document import ReportFile

    path = tmp / sample
    env = {"GIT_CONFIG_GLOBAL": "/dev/null"}  # the machine's identity must not hide the dialog
    if variant == "create":
        return tmp / "新报告.toml", env
    shutil.copy(SAMPLES / sample, path)
    if variant.startswith("git"):
        make_history(path, identity=variant == "git")
    elif variant == "recovery":  # unsaved edits left over: the editor opens on its question
        doc = ReportFile.open(path)
        cell = next(c for c in doc.report.template.cells if c not in doc.report.template.total_cells())
        doc.set_cell(cell, 4321)
        doc.set_text("s1", "恢复文件里的一段。")
        recovery.keep(doc)
    return path, env


def run_keys(keys: list[str], sample: str = "huaian-2024.toml", size=(80, 24),
             variant: str = "plain") -> str | None:
    """Run one sequence in a fresh editor on a copy of `sample`; the failure, or None."""
    import os

    from nianbao.format.file.document import ReportFile
    from nianbao.tui.app import NianbaoApp

    tmp = Path(tempfile.mkdtemp(prefix="nianbao-monkey-"))
    saved_env = {k: os.environ.get(k) for k in ("GIT_CONFIG_GLOBAL",)}
    try:
        path, env = _prepare(tmp, sample, variant)
        os.environ.update(env)
        if variant == "create":
            app = NianbaoApp(create_path=str(path))
        else:
            app = NianbaoApp(ReportFile.open(path))
        problem: list[str] = []

        async def main():
            async with app.run_test(size=size) as pilot:
                await _drive(app, pilot, keys)
                if app.session is None:
                    return  # the create dialog was cancelled: nothing was opened
                if app.is_running:
                    app.recheck()
                try:
                    invariants(app, app.session.doc.opened.text.encode("utf-8"))
                except Failure as exc:
                    problem.append(str(exc))

        asyncio.run(main())
        return problem[0] if problem else None
    except Exception:
        return traceback.format_exc(limit=-6)
    finally:
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        shutil.rmtree(tmp, ignore_errors=True)


def run_folder_keys(keys: list[str]) -> str | None:
    """The folder screen (`nianbao DIR`) under random keys: its reports, a garbage file and a
    published-looking text that is no report. The failure, or None."""
    from nianbao.tui.views.audit_view import AuditApp

    tmp = Path(tempfile.mkdtemp(prefix="nianbao-monkey-folder-"))
    try:
        for name in SAMPLE_FILES:
            shutil.copy(SAMPLES / name, tmp / name)
        (tmp / "坏文件.toml").write_text("year = [\n", encoding="utf-8")
        (tmp / "不是报告.txt").write_text("随便写的几句话。\n", encoding="utf-8")
        app = AuditApp(tmp)

        async def main():
            async with app.run_test(size=(80, 24)) as pilot:
                await _drive(app, pilot, keys)

        asyncio.run(main())
        return None
    except Exception:
        return traceback.format_exc(limit=-6)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run_folder_seed(seed: int, n: int) -> str | None:
    rng = random.Random(seed)
    # q and Ctrl+Q quit, Enter on a report opens it: rare, so most runs stay on the screen.
    pool = [k for k in MOVES + FKEYS + EDITING + LETTERS + CHINESE + DIGITS if k not in ("q", "ctrl+q", "enter")]
    pool += ["e", "n", "r"] * 5
    keys = [rng.choice(pool) for _ in range(n)] + ["enter", "q"]
    if run_folder_keys(keys) is None:
        return None
    small = shrink(keys, lambda ks: run_folder_keys(ks) is not None)
    return f"目录画面 seed {seed} 失败：\n{run_folder_keys(small)}\n最短的重现按键（{len(small)} 个）：{small}"


def shrink(keys: list[str], fails, budget: int = 300) -> list[str]:
    """The shortest sub-list of keys that still fails (delta debugging: drop chunks, then keys)."""
    chunk = max(1, len(keys) // 2)
    while chunk >= 1 and budget > 0:
        i, removed = 0, False
        while i < len(keys) and budget > 0:
            trial = keys[:i] + keys[i + chunk:]
            budget -= 1
            if trial and fails(trial):
                keys, removed = trial, True
            else:
                i += chunk
        if not removed:
            chunk //= 2
    return keys


def run_seed(seed: int, n: int) -> str | None:
    """Run seed's sequence; on failure, a report with the seed and the shrunk key list."""
    rng = random.Random(seed)
    sample = SAMPLE_FILES[seed % len(SAMPLE_FILES)]
    variant = VARIANTS[seed % len(VARIANTS)]
    keys = random_keys(rng, n)
    if variant == "create":  # a name typed into the dialog first, so most runs go on to edit
        keys = ["某", "局", "enter"] + keys
    problem = run_keys(keys, sample, variant=variant)
    if problem is None:
        return None
    small = shrink(keys, lambda ks: run_keys(ks, sample, variant=variant) is not None)
    return (f"seed {seed}（{sample}，{variant}，{n} 键）失败：\n{problem}\n"
            f"最短的重现按键（{len(small)} 个）：{small}\n"
            f"重现：python tests/monkey.py --seed {seed} --keys {n}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, help="只跑这一个种子")
    parser.add_argument("--keys", type=int, default=400, help="按键总数（给 --seed 时为这一个序列的长度）")
    parser.add_argument("--per-seed", type=int, default=400)
    parser.add_argument("--first-seed", type=int, default=1000)
    args = parser.parse_args(argv)
    if args.seed is not None:
        problem = run_seed(args.seed, args.keys)
        print(problem or f"seed {args.seed}: {args.keys} 键，没有问题")
        return 1 if problem else 0
    done, seed, failures = 0, args.first_seed, 0
    while done < args.keys:
        problem = run_seed(seed, args.per_seed)
        done += args.per_seed
        if problem:
            failures += 1
            print(problem, flush=True)
        else:
            print(f"seed {seed}: ok（累计 {done} 键）", flush=True)
        seed += 1
    print(f"{done} 键，{failures} 个种子失败")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    sys.exit(main())
