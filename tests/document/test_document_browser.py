"""Downloading the plan from the Voila app, in a real Chromium: right name, right content."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document as read_docx
from pypdf import PdfReader

pytestmark = pytest.mark.browser


def test_download_all_three_formats(open_app, page):
    open_app("/voila/render/04_beleidsplan.ipynb?school=demo-school")
    assert "Nog in te vullen" in page.locator(".kit-gaps").inner_text()
    assert page.locator("iframe.kit-preview").count() == 1
    received = {}
    for fmt in ("docx", "pdf", "html"):
        page.locator(f".kit-download-make-{fmt}").click()
        link = page.locator(f".kit-download-{fmt}")
        link.wait_for(timeout=60_000)
        with page.expect_download() as download:
            link.click()
        received[fmt] = (download.value.suggested_filename, open(download.value.path(), "rb").read())

    assert {fmt: name for fmt, (name, _) in received.items()} == {
        fmt: f"beleidsplan-demo-school.{fmt}" for fmt in ("docx", "pdf", "html")}
    word = read_docx(io.BytesIO(received["docx"][1]))
    assert "OBS De Regenboog (voorbeeldschool)" in "\n".join(p.text for p in word.paragraphs)
    assert zipfile.is_zipfile(io.BytesIO(received["docx"][1]))
    pdf = PdfReader(io.BytesIO(received["pdf"][1]))
    assert "Onze visie op sociale veiligheid" in " ".join(p.extract_text() for p in pdf.pages)
    assert received["html"][1].decode("utf-8").startswith("<!DOCTYPE html>")
