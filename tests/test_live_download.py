"""kit.live.download: the make-then-download button every facilitator page uses (plan, kaart, draaiboek, certificates)."""

from __future__ import annotations

import base64
import re

from kit.errors import KitError
from kit.live.download import Download, data_link, make_download


def _click(widget):
    button, result = widget.children
    button.click()
    assert not button.disabled  # ready for another try, whatever happened
    return result.value


def test_the_link_carries_the_bytes_the_name_and_the_type():
    link = data_link("beleidsplan-intern-demo.docx", b"\x00PK\x03", "kit-download-intern-docx")
    assert 'download="beleidsplan-intern-demo.docx"' in link
    assert 'class="kit-download-link kit-download-intern-docx"' in link
    href = re.search(r'href="data:([^;]+);base64,([^"]+)"', link)
    assert href.group(1) == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert base64.b64decode(href.group(2)) == b"\x00PK\x03"


def test_the_link_says_in_dutch_what_it_saves_with_kind_and_size():
    from kit.live.download import size_text

    link = data_link("beleidsplan-intern-demo.pdf", b"x" * 412_300)
    assert link.endswith(">Opslaan: beleidsplan-intern-demo.pdf (PDF, 412 kB)</a>")
    assert "(Word, 4 bytes)" in data_link("a.docx", b"\x00PK\x03")
    assert [size_text(n) for n in (999, 1000, 14_499, 2_345_678)] == ["999 bytes", "1 kB", "14 kB", "2,3 MB"]


def test_a_name_is_escaped():
    assert 'download="a&quot;&lt;b&gt;.pdf"' in data_link('a"<b>.pdf', b"x")


def test_a_made_file_appears_as_a_link_with_the_kit_s_note_after_it():
    value = _click(make_download("Maak", lambda: Download("c.zip", b"123", " (2 certificaten)"), failed="fout",
                                 link_classes=("kit-certificates-zip",)))
    assert value.startswith('<a class="kit-download-link kit-certificates-zip" download="c.zip"')
    assert "data:application/zip;base64,MTIz" in value and value.endswith(" (2 certificaten)")


def test_nothing_to_download_shows_the_note():
    assert _click(make_download("Maak", lambda: '<p class="kit-note">Niets</p>', failed="fout")) == \
        '<p class="kit-note">Niets</p>'


def test_a_kit_error_shows_its_dutch_message_and_hint():
    def broken():
        raise KitError("Het profiel <school.yaml> kan niet worden gelezen.", hint="Herstel regel 3.")

    value = _click(make_download("Maak", broken, failed="fout"))
    assert 'role="alert"' in value
    assert "Het profiel &lt;school.yaml&gt; kan niet worden gelezen.<br>Herstel regel 3." in value


def test_any_other_error_shows_the_dutch_text_and_never_the_exception(capsys):
    def broken():
        raise ValueError("secret english detail")

    value = _click(make_download("Maak", broken, failed="Het bestand kon niet worden gemaakt."))
    assert "Het bestand kon niet worden gemaakt." in value and "secret" not in value
    assert "ValueError: secret english detail" in capsys.readouterr().err  # the server log has it
