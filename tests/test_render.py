"""Renderers: golden outputs, figures aligned by display width, the official HTML grid."""

import json
import os
import shutil
from html.parser import HTMLParser

import pytest
import wcwidth

from conftest import SAMPLES, run_cli
from nianbao.format.file import load
from nianbao.format.output import render

GOLDEN = os.path.join(os.path.dirname(__file__), "golden")
UPDATE = os.environ.get("NIANBAO_UPDATE_SNAPSHOTS") == "1"
SAMPLE_NAMES = ["longwan-2023", "huaian-2024", "shanghai-2019"]
EXT = {"text": "txt", "markdown": "md", "csv": "csv", "json": "json", "html": "html"}


@pytest.mark.parametrize("fmt", EXT)
@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_golden_outputs(name, fmt):
    res = run_cli("render", "--to", fmt, SAMPLES / f"{name}.toml")
    assert res.returncode == 0
    path = os.path.join(GOLDEN, f"render-{name}.{EXT[fmt]}")
    if UPDATE:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(res.stdout)
        return
    with open(path, encoding="utf-8", newline="") as fh:
        assert res.stdout == fh.read()


def _figure_lines(text: str):
    """Lines of each table block that end in a figure, grouped by block."""
    blocks, cur, in_tables = [], [], False
    for line in text.splitlines():
        if line.startswith(("二、", "三、", "四、")) and "情况" in line:
            in_tables = True
        elif line.startswith("五、"):
            in_tables = False
        if not in_tables:
            continue
        if not line.strip():
            if cur:
                blocks.append(cur)
            cur = []
        elif line.rstrip()[-1:].isdigit():
            cur.append(line)
    return blocks + ([cur] if cur else [])


@pytest.mark.parametrize("ambiguous", [1, 2])
@pytest.mark.parametrize("name", ["huaian-2024", "longwan-2023"])
def test_figures_end_in_the_same_display_column_per_table(name, ambiguous):
    text = render.render_text(load.read(SAMPLES / f"{name}.toml").report, 100, ambiguous)
    blocks = _figure_lines(text)
    assert len(blocks) >= 6
    for block in blocks:
        ends = {wcwidth.width(l.rstrip(), ambiguous_width=ambiguous) for l in block}
        assert len(ends) == 1, block
    assert "\t" not in text and not any(ch in text for ch in "─│┌┐└┘├┤┬┴┼")
    assert all(wcwidth.width(l, ambiguous_width=ambiguous) <= 100 for l in text.splitlines()
               if not l.startswith(("\u3000", "本报告", "如对本报告")) and len(l) < 200 and "、" not in l[:3])


def test_text_has_title_indent_sections_and_closing():
    text = render.render_text(load.read(SAMPLES / "longwan-2023.toml").report)
    assert text.splitlines()[0].strip() == "温州市龙湾区机关事务管理中心2023年政府信息公开工作年度报告"
    assert "\u3000\u30002023年，龙湾区机关事务管理中心认真贯彻落实" in text
    assert text.rstrip().endswith("温州市龙湾区机关事务管理中心\n2024年1月15日")
    for title in ("一、总体情况", "二、主动公开政府信息情况", "六、其他需要报告的事项"):
        assert f"\n{title}\n" in text


class _Grid(HTMLParser):
    """Every table as a grid of cell texts with rowspan/colspan expanded."""

    def __init__(self):
        super().__init__()
        self.tables, self._rows, self._cell, self._span = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._rows = []
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cell = ""
            self._span = (int(a.get("rowspan", 1)), int(a.get("colspan", 1)))

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._rows[-1].append((self._cell, *self._span))
            self._cell = None
        elif tag == "table":
            self.tables.append(_expand(self._rows))


def _expand(rows):
    grid, pending = [], {}
    for r, row in enumerate(rows):
        line, c, cells = [], 0, list(row)
        while cells or (r, c) in pending:
            if (r, c) in pending:
                line.append(pending.pop((r, c)))
                c += 1
                continue
            text, rs, cs = cells.pop(0)
            for k in range(cs):
                line.append(text)
                for down in range(1, rs):
                    pending[(r + down, c + k)] = text
            c += cs
        grid.append(line)
    return grid


@pytest.mark.parametrize("name, rows", [("huaian-2024", 25), ("longwan-2023", 25), ("shanghai-2019", 23)])
def test_html_tables_have_the_official_shape(name, rows):
    page = render.render_html(load.read(SAMPLES / f"{name}.toml").report)
    p = _Grid()
    p.feed(page)
    assert len(p.tables) == 3
    for grid in p.tables:
        assert len({len(r) for r in grid}) == 1, "every row spans the same number of columns"
    t3 = p.tables[1]
    assert len(t3[0]) == 3 + 7
    assert t3[0][3:] == ["申请人情况"] * 7
    assert t3[2][3:] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    body = t3[3:]
    assert len(body) == rows
    assert body[2][:3] == ["三、本年度办理结果", "（一）予以公开", "（一）予以公开"]
    t4 = p.tables[2]
    assert t4[0] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert t4[1][5:] == ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5
    assert len(t4) == 4 and len(t4[3]) == 15


def test_html_escapes_prose(tmp_path):
    from nianbao.format.file.document import ReportFile
    import shutil
    path = tmp_path / "r.toml"
    shutil.copy(SAMPLES / "huaian-2024.toml", path)
    doc = ReportFile.open(path)
    doc.set_text("s6", "a<b>c & <script>x</script>")
    doc.save()
    page = run_cli("render", "--to", "html", path).stdout
    assert "a&lt;b&gt;c &amp; &lt;script&gt;x&lt;/script&gt;" in page and "<script>" not in page


def test_json_values_and_csv_bom():
    data = json.loads(run_cli("render", "--to", "json", SAMPLES / "shanghai-2019.toml").stdout)
    assert (data["year"], data["agency"], data["template"]) == (2019, "上海市人民政府办公厅", "official-2019")
    figs = {(f["row"], f["column"]): f for f in data["figures"]}
    assert figs[("政府集中采购", "采购总金额")]["value"] == "251000"
    assert figs[("一、本年新收政府信息公开申请数量", "自然人")]["value"] == 821
    assert figs[("一、本年新收政府信息公开申请数量", "科研机构")]["value"] is None
    assert figs[("规章", "本年新制作数量")]["block"] == "第二十条第（一）项"
    assert figs[("一、本年新收政府信息公开申请数量", "自然人")]["block"] is None
    assert [s["title"] for s in data["sections"]][0] == "一、总体情况"
    money = json.loads(run_cli("render", "--to", "json", SAMPLES / "huaian-2024.toml").stdout)
    assert [f["value"] for f in money["figures"] if f["column"].startswith("本年收费金额")] == ["96171.6"]
    csv_text = render.render_csv(load.read(SAMPLES / "huaian-2024.toml").report)
    assert csv_text.startswith("\ufeffsection,block,row,column,value\r\n")  # BOM for Excel and WPS
    assert "三、收到和处理政府信息公开申请情况,,三、本年度办理结果 / （三）不予公开 / 3.危及“三安全一稳定”,自然人,5\r\n" in csv_text


def test_strict_and_errors_on_stderr(tmp_path):
    res = run_cli("render", SAMPLES / "shanghai-2019.toml")
    assert res.returncode == 0 and "错误 NN" in res.stderr and "上海市人民政府办公厅2019年" in res.stdout
    res = run_cli("render", "--strict", SAMPLES / "shanghai-2019.toml")
    assert res.returncode == 1 and res.stdout == "" and "--strict" in res.stderr
    out = tmp_path / "r.html"
    assert run_cli("render", "--to", "html", "-o", out, SAMPLES / "huaian-2024.toml").returncode == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("name, t3_rows", [("huaian-2024", 25), ("shanghai-2019", 23)])
def test_docx_reads_back_with_the_official_tables(tmp_path, name, t3_rows):
    import docx
    from docx.oxml.ns import qn
    out = tmp_path / f"{name}.docx"
    res = run_cli("render", "--to", "docx", "-o", out, SAMPLES / f"{name}.toml")
    assert res.returncode == 0, res.stderr
    d = docx.Document(str(out))
    assert round(d.sections[0].page_width.mm) == 210 and round(d.sections[0].page_height.mm) == 297
    assert d.paragraphs[0].text.endswith("年政府信息公开工作年度报告")
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.title for s in load.read(SAMPLES / f"{name}.toml").report.template.sections]
    fonts = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for p in d.paragraphs for r in p.runs}
    assert fonts <= {"仿宋", "宋体"} and fonts
    t3 = d.tables[1]
    assert len(t3.rows) == 3 + t3_rows and len(t3.columns) == 10
    assert [c.text for c in t3.rows[2].cells][3:] == ["自然人", "商业企业", "科研机构", "社会公益组织",
                                                      "法律服务机构", "其他", "总计"]
    t4 = d.tables[2]
    assert len(t4.columns) == 15 and [c.text for c in t4.rows[0].cells] == ["行政复议"] * 5 + ["行政诉讼"] * 10


def test_docx_needs_an_output_file():
    res = run_cli("render", "--to", "docx", SAMPLES / "huaian-2024.toml")
    assert res.returncode == 2 and "-o" in res.stderr


@pytest.mark.skipif(not (shutil.which("libreoffice") or shutil.which("soffice")), reason="LibreOffice not installed")
def test_docx_converts_to_pdf_with_libreoffice(tmp_path):
    import subprocess
    out = tmp_path / "r.docx"
    assert run_cli("render", "--to", "docx", "-o", out, SAMPLES / "huaian-2024.toml").returncode == 0
    office = shutil.which("libreoffice") or shutil.which("soffice")
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(out)], check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "r.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
