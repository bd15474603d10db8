"""Downloading the plan from the Voila app, in a real Chromium: right name, right content."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx import Document as read_docx
from pypdf import PdfReader

pytestmark = pytest.mark.browser


def test_download_all_three_formats_of_both_versions(open_app, page, demo_key):
    open_app(f"/voila/render/05_beleidsplan.ipynb?school=demo-school&key={demo_key}")
    # 4 gaps in the demo plan; a test before this one in the same process may have opened a newer workshop
    # without a final vision, which is one more (the suite runs in two processes, in varying order)
    gaps = re.search(r"Concept: (\d+) onderdelen zijn nog in te vullen", page.locator(".kit-gaps").inner_text())
    assert gaps is not None and int(gaps.group(1)) in (4, 5)
    assert page.locator("iframe.kit-preview").count() == 1
    received = {}
    for version in ("intern", "openbaar"):
        for fmt in ("docx", "pdf", "html"):
            page.locator(f".kit-download-make-{version}-{fmt}").click()
            link = page.locator(f".kit-download-{version}-{fmt}")
            link.wait_for(timeout=60_000)
            with page.expect_download() as download:
                link.click()
            received[version, fmt] = (download.value.suggested_filename, open(download.value.path(), "rb").read())

    assert {key: name for key, (name, _) in received.items()} == {
        (version, fmt): f"beleidsplan-{version}-demo-school.{fmt}"
        for version in ("intern", "openbaar") for fmt in ("docx", "pdf", "html")}
    for version, name in (("intern", "Interne versie"), ("openbaar", "Openbare versie")):
        word = read_docx(io.BytesIO(received[version, "docx"][1]))
        text = "\n".join(p.text for p in word.paragraphs)
        assert "OBS De Regenboog (voorbeeldschool)" in text and name in text
        assert zipfile.is_zipfile(io.BytesIO(received[version, "docx"][1]))
        pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(received[version, "pdf"][1])).pages)
        assert "Onze visie op sociale veiligheid" in pdf and name in pdf
        assert received[version, "html"][1].decode("utf-8").startswith("<!DOCTYPE html>")
    public = received["openbaar", "html"][1].decode("utf-8")
    assert "Groep 8" not in public and "Groep 8" in received["intern", "html"][1].decode("utf-8")
