"""The start page in Voila, in a real Chromium, against ``kit serve`` in a subprocess."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

NO_LEAKS = ("Traceback", "There was an error", "Error", "/workspace", "school.yaml")


def test_start_page_shows_the_demo_school(open_app):
    page = open_app("/voila/render/00_start.ipynb?school=demo-school")
    assert page.locator(".kit-school-name").inner_text() == "OBS De Regenboog (voorbeeldschool)"
    text = page.locator("body").inner_text()
    assert "25 van de 30 gegevens zijn ingevuld" in text
    assert "Nog in te vullen (5)" in text
    assert "Samir El Amrani" in text
    assert page.locator(".kit-step").count() == 4
    # Links to the other apps keep the school in the address.
    for link in page.locator(".kit-step a").all():
        assert "school=demo-school" in link.get_attribute("href")
    assert "from kit" not in page.content()  # sources are stripped


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?school=bestaat-niet", "Er is geen school met de id 'bestaat-niet'."),
        ("?school=../../etc", "'../../etc' is geen geldige school-id."),
        ("?school=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "is geen geldige school-id"),
        ("", "Er is geen school gekozen."),
    ],
)
def test_bad_school_gets_a_friendly_dutch_page(page, open_app, query, expected):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_app(f"/voila/render/00_start.ipynb{query}")
    box = page.locator(".kit-error")
    box.wait_for()
    text = box.inner_text()
    assert "Deze pagina kan niet worden geopend" in text
    assert expected in text
    body = page.locator("body").inner_text()
    for leak in NO_LEAKS:
        assert leak not in body
    assert page.locator(".kit-start").count() == 0  # the rest of the page is skipped
    assert page.locator("img[src='x']").count() == 0 and not dialogs


def test_server_pages_are_dutch(page, kit_server):
    page.goto(kit_server + "/")
    text = page.locator("body").inner_text()
    assert "Kit Sociale Veiligheid" in text and "2. Leerlingenquête" in text
    assert "Select items" not in text
    response = page.goto(kit_server + "/voila/render/bestaat-niet.ipynb")
    assert response.status == 404
    assert "Deze pagina bestaat niet." in page.locator("body").inner_text()
