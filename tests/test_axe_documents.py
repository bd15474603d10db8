"""axe-core in Chromium on the documents the kit hands out, for both demo schools: the plan as a web page
(internal and public), a certificate and the paper questionnaire (as HTML, before WeasyPrint makes the PDF),
and — in ``make test-heavy`` — every HTML report that ``kit run`` writes. 0 critical and 0 serious WCAG 2.1
A/AA violations. The draaiboek, the kaart and the build sheets: tests/test_axe_course_pages.py."""

from __future__ import annotations

import pytest
from test_axe_live_pages import violations

from kit.demo import install_demos

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def schools(tmp_path_factory):
    return install_demos(tmp_path_factory.mktemp("axe-documents") / "workspace")


def documents(school_dir, monkeypatch) -> dict[str, str]:
    """The school's plan (both versions), its first certificate and its paper questionnaire, as HTML."""
    import kit.certificates.render as certificates
    from kit.document.content import build_document
    from kit.document.html import render_html
    from kit.profile import load_profile
    from kit.survey.instrument import load_instrument
    from kit.survey.paper import render_questionnaire
    from kit.survey.school import instrument_path

    found = {f"beleidsplan-{version}": render_html(build_document(school_dir, version=version))
             for version in ("intern", "openbaar")}
    monkeypatch.setattr(certificates, "pdf_bytes", lambda html: html.encode("utf-8"))  # the HTML, not the PDF
    try:
        batch = certificates.make_certificates(school_dir)
    except Exception:  # a school without anyone to certify (demo-vo) has no certificate to check
        batch = None
    if batch and batch.files:
        found["certificaat"] = next(iter(batch.files.values())).decode("utf-8")
    profile = load_profile(school_dir)
    found["enquete-papier"] = render_questionnaire(load_instrument(instrument_path(school_dir)), 2, profile.naam,
                                                   profile.get("onderwijstype"), list(profile.leerlingen))
    return found


def test_the_plans_certificates_and_paper_survey_have_no_serious_violations(browser, schools, tmp_path,
                                                                             monkeypatch):
    from live_pages import close, new_page

    page = new_page(browser)
    checked, found = [], {}
    for school_dir in schools:
        for name, html in documents(school_dir, monkeypatch).items():
            path = tmp_path / f"{school_dir.name}-{name}.html"
            path.write_text(html, encoding="utf-8")
            page.goto(path.as_uri())
            checked.append(path.stem)
            problems = violations(page)
            if problems:
                found[path.stem] = problems
    close(page)
    assert "demo-school-certificaat" in checked and "demo-vo-beleidsplan-openbaar" in checked
    assert found == {}


@pytest.mark.heavy
def test_every_report_kit_run_writes_has_no_serious_violations(browser, schools):
    """Both demo schools run whole (papermill), then every ``output/*.html`` in Chromium."""
    from live_pages import close, new_page

    from kit.runner import run_school

    page = new_page(browser)
    found, checked = {}, []
    for school_dir in schools:
        run_school(school_dir, progress=lambda _: None)
        for path in sorted((school_dir / "output").glob("*.html")):
            page.goto(path.as_uri())
            checked.append(f"{school_dir.name}/{path.name}")
            problems = violations(page)
            if problems:
                found[checked[-1]] = problems
    close(page)
    assert len(checked) >= 14, checked
    assert found == {}
