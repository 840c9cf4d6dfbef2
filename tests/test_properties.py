"""Properties of the file encoding: any prose and any figures survive a save unchanged."""

import shutil
import tomllib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES
from nianbao.format.file import load
from nianbao.format.file.document import ReportFile
from nianbao.format.model.report import normalize_prose, sentences
from nianbao.format.model.template import Cell
from nianbao.format.file.write import basic_string, prose_value

# Chinese text with the characters that matter to the encoding: sentence ends,
# quotes, backslashes, ASCII and full-width spaces, tabs, controls, CR, DEL.
ALPHABET = st.sampled_from(list("政府信息公开。！？；!?”’）)\"'\\ \t\u3000abc123\r\x00\x1b\x7f“…[]/") + ["\n"])
PROSE = st.text(ALPHABET, max_size=80)


@given(PROSE)
def test_prose_value_parses_back_to_the_normalized_text(text):
    doc = tomllib.loads(f"text = {prose_value(normalize_prose(text))}\n")
    assert normalize_prose(doc["text"]) == normalize_prose(text)


@given(st.text(ALPHABET.filter(lambda c: c != "\n"), max_size=80))
def test_sentences_keep_every_character(paragraph):
    assert "".join(sentences(paragraph)) == paragraph


@given(st.text(max_size=40))
def test_basic_string_parses_back(s):
    assert tomllib.loads(f"a = {basic_string(s)}\n")["a"] == s


CELLS = st.sampled_from([Cell("t3", "new", "natural"), Cell("t3", "withheld_security", "legal"),
                         Cell("t4", "suit_after", "total"), Cell("t2", "penalty", "decisions")])
COUNTS = st.one_of(st.none(), st.integers(min_value=-10**6, max_value=10**15))
MONEY = st.one_of(st.none(), st.decimals(min_value=-10**9, max_value=10**12, places=6, allow_nan=False))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(st.tuples(CELLS, COUNTS), max_size=4), money=MONEY, prose=PROSE)
def test_any_edits_save_and_read_back_identically(tmp_path, edits, money, prose):
    path = tmp_path / "r.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", path)
    doc = ReportFile.open(path)
    for cell, value in edits:
        doc.set_cell(cell, value)
    doc.set_cell(Cell("t2", "fees", "amount"), money)
    doc.set_text("s5", prose)
    doc.save()
    again = load.read(path).report
    assert again.same_content(doc.report)
    assert "# 来源：淮安市人民政府" in path.read_text(encoding="utf-8")


@given(st.text(st.sampled_from("ab 一二“”…\n"), max_size=60), st.integers(1, 14))
def test_wrapped_rows_keep_every_character_and_fit_the_width(text, width):
    """The info, status and edit lines wrap by terminal cells: nothing lost, nothing wider
    than the line (a wide character alone on a row too narrow for it is the one exception)."""
    from rich.cells import cell_len
    from rich.text import Text

    from nianbao.tui.widgets.line import wrap_rows

    rows = [r.plain for r in wrap_rows(Text(text), width)]
    assert "".join(rows) == text.replace("\n", "")
    assert len(rows) >= text.count("\n") + 1
    assert all(cell_len(r) <= width or len(r) == 1 for r in rows)
