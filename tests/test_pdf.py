"""PDF, directly: the published Huaian PDF reads to exactly the sample, everywhere a published
report is accepted; a scan is refused with a clear message."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES, run_cli
from nianbao.format.file.load import read

PDF = Path(__file__).resolve().parent.parent.parent / "shared" / "fixtures" / "huaian-2024.pdf"
pytestmark = pytest.mark.skipif(not PDF.exists(), reason="shared/fixtures not beside the repository")


def test_the_huaian_pdf_imports_to_exactly_the_sample(tmp_path):
    out = tmp_path / "h.toml"
    res = run_cli("import", PDF, "-o", out)
    assert res.returncode == 0, res.stderr + res.stdout
    assert "读到 200 个数字，0 处未能读入，check 0 个错误" in res.stdout + res.stderr
    got, sample = read(out).report, read(SAMPLES / "huaian-2024.toml").report
    assert got.same_content(sample)  # every figure, the prose paragraph by paragraph, the basics
    assert "导入自 huaian-2024.pdf（PDF）" in out.read_text(encoding="utf-8")


def test_a_scan_without_text_is_refused_with_a_message(tmp_path):
    from PIL import Image

    scan = tmp_path / "scan.pdf"
    Image.new("RGB", (595, 842), "white").save(scan, "PDF")
    res = run_cli("import", scan, "-o", tmp_path / "s.toml")
    assert res.returncode == 2
    assert "没有文字层" in res.stdout + res.stderr and "OCR" in res.stdout + res.stderr
    assert not (tmp_path / "s.toml").exists()


def test_a_broken_pdf_is_refused_not_a_traceback(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(PDF.read_bytes()[:3000])
    res = run_cli("import", broken, "-o", tmp_path / "b.toml")
    assert res.returncode == 2 and "Traceback" not in res.stderr


def test_pdfs_in_audit_and_new_from(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(PDF, folder / "淮安2024.pdf")
    res = run_cli("audit", folder, "--format", "json")
    assert '"agency": "淮安市人民政府"' in res.stdout and '"import_gaps": 0' in res.stdout
    res = run_cli("new", tmp_path / "2025.toml", "--from", folder / "淮安2024.pdf")
    assert res.returncode == 0, res.stderr
    new = read(tmp_path / "2025.toml").report
    assert new.year == 2025 and new.agency == "淮安市人民政府"


def test_check_and_the_editor_do_not_load_the_pdf_library():
    import subprocess

    probe = ("import sys\nfrom nianbao.cli import main\n"
             f"main(['check', {str(SAMPLES / 'huaian-2024.toml')!r}])\n"
             "import nianbao.tui.app\n"
             "print('PDF', sorted(m for m in sys.modules if m.split('.')[0] in ('pdfplumber', 'pdfminer', 'pypdfium2')))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert "PDF []" in out.stdout
