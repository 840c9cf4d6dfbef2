"""Properties of the file encoding: any prose and any figures survive a save unchanged."""

import shutil
import tomllib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES
from nianbao.format import load
from nianbao.format.document import ReportFile
from nianbao.format.report import normalize_prose, sentences
from nianbao.format.template import Cell
from nianbao.format.write import basic_string, prose_value

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
