"""axe-core in Chromium on the documents the kit hands out: a certificate and the paper questionnaire of both
demo schools (as HTML, before WeasyPrint makes the PDF), and — in ``make test-heavy`` — every HTML report that
``kit run`` writes for both demo schools. 0 critical and 0 serious WCAG 2.1 A/AA violations. Elsewhere: the plan's
web pages (tests/document/test_publishable_plan.py), the vo school's reports (tests/test_demo_vo.py), the
draaiboek, the kaart and the build sheets (tests/test_axe_course_pages.py)."""

from __future__ import annotations

import pytest

from kit.demo import install_demos

pytestmark = pytest.mark.browser


def documents(served_workspace, monkeypatch) -> dict[str, str]:
    """A certificate of the demo school and the paper questionnaire of both demo schools, as HTML."""
    import kit.certificates.render as certificates
    from kit.paths import EXAMPLES_DIR
    from kit.profile import load_profile
    from kit.survey.instrument import load_instrument
    from kit.survey.paper import render_questionnaire
    from kit.survey.school import instrument_path

    monkeypatch.setattr(certificates, "pdf_bytes", lambda html: html.encode("utf-8"))  # the HTML, not the PDF
    batch = certificates.make_certificates(served_workspace / "demo-school")
    found = {"demo-school-certificaat": next(iter(batch.files.values())).decode("utf-8")}
    for school in ("demo-school", "demo-vo"):  # read-only: the example's own profile and instrument
        folder = EXAMPLES_DIR / school
        profile = load_profile(folder)
        found[f"{school}-enquete-papier"] = render_questionnaire(
            load_instrument(instrument_path(folder)), 2, profile.naam, profile.get("onderwijstype"),
            list(profile.leerlingen))
    return found


def test_certificates_and_the_paper_survey_have_no_serious_violations(browser, served_workspace, tmp_path,
                                                                      monkeypatch):
    """The plan's own web pages: tests/document/test_publishable_plan.py."""
    from live_pages import axe_violations as violations, close, new_page

    page = new_page(browser)
    found = {}
    for name, html in documents(served_workspace, monkeypatch).items():
        path = tmp_path / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        page.goto(path.as_uri())
        problems = violations(page)
        if problems:
            found[name] = problems
    close(page)
    assert found == {}


@pytest.mark.heavy
def test_every_report_kit_run_writes_has_no_serious_violations(browser, tmp_path):
    """Both demo schools run whole (papermill), then every ``output/*.html`` in Chromium."""
    from live_pages import axe_violations as violations, close, new_page

    from kit.runner import run_school

    schools = install_demos(tmp_path / "workspace")

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
