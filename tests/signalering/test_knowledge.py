"""The knowledge of course step 2: the template, its Dutch errors, po/vo wording and the HTML fragment."""

from __future__ import annotations

import re
import shutil

import pytest

from kit.errors import FileProblemsError, KitError
from kit.signalering.knowledge import KNOWLEDGE_FILE, KNOWLEDGE_NAME, knowledge_html, load_knowledge

SECTIONS = {"gepest", "pest", "online", "buitensluiten", "omstanders", "geen-pesten", "meldcode", "vertelt",
            "gesprek-pester", "gesprek-ouders", "vijf-sporen", "nazorg"}


def school(tmp_path, kind: str, name: str = "obs-de-linde"):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "school.yaml").write_text(f"id: {name}\nnaam: De Linde\nonderwijstype: {kind}\n", encoding="utf-8")
    return folder


def broken(tmp_path, old: str, new: str, count: int = 1):
    text = KNOWLEDGE_FILE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "signaleren.yaml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def test_the_template_has_every_topic_with_sources():
    knowledge = load_knowledge()
    assert {s.id for s in knowledge.sections} == SECTIONS
    for section in knowledge.sections:
        assert section.heading and section.blocks
        assert section.sources, section.id
        assert all(re.match(r"^https?://", src.url) for src in section.sources)
    assert len(knowledge.card.meldcode) == 5
    numbers = {n.name: n.number for n in knowledge.card.numbers}
    assert numbers == {"Veilig Thuis": "0800-2000", "Acuut gevaar": "112", "Vertrouwensinspecteur": "0900-111 3 111"}
    # the five tracks: pupil bullied, pupil who bullies, bystanders, parents, school and team
    tracks = knowledge.section("vijf-sporen").bullets
    assert len(tracks) == 5
    for word in ("gepest wordt", "die pest", "zwijgende middengroep", "ouders", "team"):
        assert any(word in track for track in tracks), word
    told = " ".join(knowledge.section("vertelt").bullets)
    assert "Beloof geen geheimhouding" in told and "feiten op" in told


def test_po_and_vo_wording(tmp_path):
    po = load_knowledge(school(tmp_path, "po", "po-school"))
    vo = load_knowledge(school(tmp_path, "vo", "vo-school"))
    assert po.onderwijstype == "po" and vo.onderwijstype == "vo"
    assert "blijft dicht bij de leerkracht of blijft na de les in het lokaal hangen;" in po.section("gepest").bullets
    assert "blijft dicht bij de docent of blijft na de les in het lokaal hangen;" in vo.section("gepest").bullets
    assert any("groepsapp van de groep" in b for b in po.section("online").bullets)
    assert any("groepsapp van de klas" in b for b in vo.section("online").bullets)
    assert po.section("vertelt").paragraphs[0].startswith("Leerlingen gaan met hun verhaal meestal eerst naar hun "
                                                          "eigen leerkracht.")
    assert vo.section("vertelt").paragraphs[0].startswith("Leerlingen gaan met hun verhaal meestal eerst naar hun "
                                                          "mentor.")
    assert any(b.endswith("bespreek dat met de intern begeleider.") for b in po.section("gesprek-pester").bullets)
    assert any(b.endswith("bespreek dat met de zorgcoördinator.") for b in vo.section("gesprek-pester").bullets)
    everything = " ".join(p for s in po.sections + vo.sections for p in s.paragraphs + s.bullets)
    assert "{{" not in everything and "}}" not in everything


def test_a_school_may_bring_its_own_template(tmp_path):
    folder = school(tmp_path, "po")
    shutil.copy(broken(tmp_path, "kop: Signalen dat een leerling pest", "kop: Als een leerling pest"),
                folder / KNOWLEDGE_NAME)
    assert load_knowledge(folder).section("pest").heading == "Als een leerling pest"
    assert load_knowledge(school(tmp_path, "po", "andere-school")).section("pest").heading == \
        "Signalen dat een leerling pest"


@pytest.mark.parametrize("old, new, field, words", [
    ("        kop: Signalen dat een leerling pest\n", "        kopje: Signalen dat een leerling pest\n",
     "onderdeel 'pest'.kopje", "onbekende sleutel"),
    ("        kop: Signalen dat een leerling pest\n", "", "onderdeel 'pest'.kop", "ontbreekt of is leeg"),
    ("url: https://www.mediawijsheid.nl/woordenboek/cyberpesten/", "url: www.mediawijsheid.nl",
     "onderdeel 'online'.bronnen 1.url", "geen webadres"),
    ("blijft dicht bij de {{ leerkracht }}", "blijft dicht bij de {{ juf }}", "onderdeel 'gepest'.tekst",
     "onbekend woord {{ juf }}"),
    ("      - id: pest\n", "      - id: gepest\n", "delen 1, onderdeel 2.id", "staat er twee keer in"),
    ("      - id: pest\n", "      - id: Pest Signalen\n", "delen 1, onderdeel 2.id", "geen korte naam"),
    ("    - Gesprek met de leerling en de ouders\n", "", "kaart.meldcode", "vijf stappen; hier staan er 4"),
    ("    coordinator: Pesten en buitensluiten, ook online\n", "    ib: Zorgen\n", "kaart.rollen.ib",
     "onbekende sleutel"),
    ("          punten:\n            - vaak alleen, als laatste gekozen\n",
     "          punten:\n            - een\n            - twee\n            - drie\n            - vaak alleen\n",
     "onderdeel 'gepest'.kaart.punten", "hooguit 3"),
])
def test_bad_template_gives_a_dutch_error_naming_file_line_and_field(tmp_path, old, new, field, words):
    path = broken(tmp_path, old, new)
    with pytest.raises(FileProblemsError) as caught:
        load_knowledge(path=path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "fout(en) in de kennis voor Signaleren en handelen" in message
    line = next(line for line in message.splitlines() if words in line)
    assert f"veld '{field}'" in line
    assert re.search(r"regel \d+", line)
    assert isinstance(caught.value, KitError)


def test_every_problem_at_once_and_unreadable_yaml(tmp_path):
    path = broken(tmp_path, "kop: Signalen dat een leerling pest", "kopje: x")
    text = path.read_text(encoding="utf-8").replace("url: https://stoppestennu.nl/node/6853", "url: nee")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileProblemsError) as caught:
        load_knowledge(path=path)
    assert len(caught.value.problems) >= 3  # the unknown key, the missing heading, every bad url
    path.write_text("titel: [niet af\n", encoding="utf-8")
    with pytest.raises(FileProblemsError) as caught:
        load_knowledge(path=path)
    assert "geen geldige YAML" in str(caught.value) and str(path) in str(caught.value)


def test_knowledge_html_has_every_section_and_its_sources(tmp_path):
    page = knowledge_html(school(tmp_path, "vo"))
    knowledge = load_knowledge()
    assert page.count("<h2>") == len(knowledge.parts)
    assert page.count("<h3>") == len(SECTIONS)
    for section in knowledge.sections:
        assert f'id="kennis-{section.id}"' in page
        for src in section.sources:
            assert f'href="{src.url.replace("&", "&amp;")}"' in page
    assert "docent" in page and "{{" not in page


def test_knowledge_html_escapes_what_a_facilitator_typed(tmp_path):
    folder = school(tmp_path, "po")
    shutil.copy(broken(tmp_path, "kop: Signalen dat een leerling pest", 'kop: "<script>alert(1)</script> & co"'),
                folder / KNOWLEDGE_NAME)
    text = (folder / KNOWLEDGE_NAME).read_text(encoding="utf-8").replace(
        "- heeft vaak spullen kapot of kwijt;", "- <b>vet</b> 'quote';").replace(
        "naam: Mediawijsheid, Cyberpesten", "naam: '<img src=x onerror=alert(1)>'")
    (folder / KNOWLEDGE_NAME).write_text(text, encoding="utf-8")
    page = knowledge_html(folder)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "<b>vet</b>" not in page and "&lt;b&gt;vet&lt;/b&gt; &#39;quote&#39;" in page
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
