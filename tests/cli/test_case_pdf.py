"""``gradingcore case export --format pdf``: the audit report printed on A4 by WeasyPrint.

The demo store's first case is exported once; poppler's tools read the PDF back (page size,
text, fonts) and render its first page to an image. Each test is skipped, with the reason, on a
machine without WeasyPrint (or the Pango it needs), poppler-utils or a Chinese font.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from gradingcore import GradingService, ManualClock
from gradingcore_cli._app import cli
from gradingcore_cli.demo import run_demo

FIRST = "91410882MA0000001T"  # 焦作: graded after a correction
NAME = "焦作市恒通机械制造有限公司"
AS_OF = "2025-06-30"

#: A4 in PostScript points (210 mm x 297 mm).
A4 = (595, 842)

#: A header cell of each table of the report: the timeline and the findings.
TABLE_HEADERS = ("业务日期", "审计发现")


def _needs(package: str, *tools: str) -> None:
    """Skip unless every tool (of a Debian package) is on PATH."""
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (Debian: apt-get install {package})")


def _weasyprint() -> None:
    """Skip unless WeasyPrint imports; it loads the system's Pango when imported."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        pytest.skip(
            "needs WeasyPrint (pip install 'gradingcore[reports]') and Pango "
            f"(Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0): {error}"
        )


def _chinese_font() -> None:
    """Skip unless fontconfig knows a Simplified Chinese font."""
    _needs("fontconfig", "fc-list")
    found = subprocess.run(
        ["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, check=False
    )
    if not found.stdout.strip():
        pytest.skip("needs a Chinese font (Debian: apt-get install fonts-noto-cjk)")


def _poppler(*args: str) -> str:
    result = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first demo case's report as a PDF, exported by the CLI from a SQLite store."""
    _weasyprint()
    _chinese_font()
    _needs("poppler-utils", "pdfinfo", "pdftotext", "pdftoppm", "pdffonts")
    folder = tmp_path_factory.mktemp("pdf")
    store = folder / "cases.db"
    clock = ManualClock("2022-01-04")
    service = GradingService(str(store), clock=clock)
    run_demo(service, clock, lambda _: None)
    service.close()
    out = folder / "report.pdf"
    args = ["case", "export", FIRST, "--format", "pdf", "--as-of", AS_OF, "-o", str(out)]
    # Chinese, as a user who chooses nothing gets it (the suite pins English: conftest.py).
    result = CliRunner().invoke(cli, ["--lang", "zh", *args, "--store", str(store)])
    assert result.exit_code == 0, result.output
    return out


def _pages(pdf: Path) -> list[str]:
    """The text of each page, in order."""
    return _poppler("pdftotext", "-layout", str(pdf), "-").split("\f")[:-1]


class TestPdfExport:
    def test_a4(self, pdf: Path) -> None:
        """Every page is A4 portrait, 595 x 842 points."""
        info = _poppler("pdfinfo", "-f", "1", "-l", "999", str(pdf))
        sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
        assert len(sizes) == pages > 1
        assert {(round(float(w)), round(float(h))) for w, h in sizes} == {A4}

    def test_first_page_renders(self, pdf: Path) -> None:
        """Page 1 rendered at 60 dpi is an A4-shaped image with ink on it (the text)."""
        from PIL import Image

        prefix = pdf.parent / "page"
        _poppler("pdftoppm", "-r", "60", "-png", "-singlefile", "-f", "1", str(pdf), str(prefix))
        png = prefix.with_suffix(".png")
        with Image.open(png) as image:
            width, height = image.size
            gray = image.convert("L")
            histogram = gray.histogram()
        assert (round(width / 60 * 25.4), round(height / 60 * 25.4)) == (210, 297)  # mm
        dark = sum(histogram[:128])
        assert dark > 0.005 * sum(histogram)

    def test_timeline_text(self, pdf: Path) -> None:
        """The text layer has the enterprise's Chinese name and the timeline's events."""
        pages = _pages(pdf)
        assert NAME in pages[0]
        assert "时间线" in pages[0]
        assert "要求补正" in pages[0]  # CorrectionRequested
        text = "".join(pages)
        assert "公告" in text  # Announced
        assert "企业自评报告（附件1）" in text
        assert "现场评审报告（附件2）" in text
        assert "哈希链校验通过" in text
        assert "在企业内部公示不少于10个工作日" in text  # a citation's Chinese text

    def test_chinese_fonts_are_embedded(self, pdf: Path) -> None:
        """The Chinese text is set in Noto CJK SC (sans, and serif for the quoted articles),
        embedded, so that it prints without the reader's fonts."""
        fonts = _poppler("pdffonts", str(pdf))
        rows = [line.split() for line in fonts.splitlines()[2:]]
        embedded = {row[0].split("+")[-1] for row in rows if "yes" in row[-5:-2]}
        assert "Noto-Sans-CJK-SC" in embedded
        assert "Noto-Serif-CJK-SC" in embedded

    def test_page_numbers_and_running_head(self, pdf: Path) -> None:
        """Every page's footer numbers it (第 n 页，共 N 页); from page 2 on, the head names the
        case."""
        pages = _pages(pdf)
        total = len(pages)
        for n, text in enumerate(pages, start=1):
            assert f"第 {n} 页，共 {total} 页" in text
        for text in pages[1:]:
            assert f"{FIRST}/机械" in text.strip().splitlines()[0]

    def test_tables_repeat_their_header(self, pdf: Path) -> None:
        """A table that breaks across pages repeats its header row on the next page."""
        pages = _pages(pdf)
        with_header = {h: [n for n, t in enumerate(pages, 1) if h in t] for h in TABLE_HEADERS}
        assert all(with_header.values()), with_header
        assert any(len(found) > 1 for found in with_header.values()), with_header
