"""``kit workshop open|close|export`` through the real ``kit`` entry point: output and exit codes."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from kit import workshop
from kit.cli import main
from kit.workshop.cli import APPS_URL

APP_URL = APPS_URL + "01_visie.ipynb"
LIGHT_URL = APPS_URL.split("voila/")[0] + "mee/"  # the participants' light pages (kit.light)
LIGHT = {"01_visie": "visie", "02_signaleren": "signaleren", "04_actieplan": "actieplan"}


def _links(output: str, app: str = APP_URL) -> dict[str, dict[str, list[str]]]:
    """The participant's and the facilitator's link of one app (the vision app unless ``app`` says otherwise).

    The facilitator's link is the app's Voila page (``key=``), the participant's its light page (``code=``).
    """
    light = LIGHT_URL + LIGHT[app.rsplit("/", 1)[-1].removesuffix(".ipynb")]
    links = {}
    for url in re.findall(r"http://\S+/(?:voila/render|mee)/\S+", output):  # the page links, not the short address
        assert url.startswith((APPS_URL, LIGHT_URL))
        if url.startswith((app + "?", light + "?")):
            query = parse_qs(urlsplit(url).query)
            links["key" if "key" in query else "code"] = query
    return links


def test_open_prints_code_and_both_links(school_dir, capsys):
    assert main(["workshop", "open", str(school_dir)]) == 0
    out = capsys.readouterr().out
    assert "Workshop voor obs-de-linde gestart." in out
    code = re.search(r"Deelnamecode: (\w+)", out).group(1)
    links = _links(out)
    assert links["code"] == {"school": ["obs-de-linde"], "code": [code]}
    key = links["key"]["key"][0]
    with workshop.Store(school_dir) as store:
        assert workshop.workshop_for_code(store, code) == workshop.workshop_for_key(store, key)
    for notebook in ("02_signaleren", "04_actieplan"):  # every live step, with the same code and key
        assert _links(out, f"{APPS_URL}{notebook}.ipynb") == links
    assert out.index("1. Visie op sociale veiligheid") < out.index("2. Signaleren en handelen") < out.index(
        "4. Actieplan")


def test_open_twice_resumes_with_the_same_code_and_key(school_dir, capsys):
    main(["workshop", "open", str(school_dir)])
    first = capsys.readouterr().out
    assert main(["workshop", "open", str(school_dir), "--stemmen", "5"]) == 0
    second = capsys.readouterr().out
    assert "loopt nog" in second and "--stemmen geldt alleen voor een nieuwe workshop" in second
    assert _links(first) == _links(second)


def test_open_by_school_id_in_a_workspace(school_dir, capsys):
    assert main(["workshop", "open", "obs-de-linde", "--workspace", str(school_dir.parent), "--stemmen", "4"]) == 0
    assert "gestart" in capsys.readouterr().out
    with workshop.Store(school_dir) as store:
        assert workshop.current_workshop(store).votes_per_participant == 4


def test_close_then_open_again(school_dir, capsys):
    assert main(["workshop", "close", str(school_dir)]) == 2
    assert "nog geen workshop" in capsys.readouterr().err
    main(["workshop", "open", str(school_dir)])
    assert main(["workshop", "close", str(school_dir)]) == 0
    assert "gesloten" in capsys.readouterr().out
    assert main(["workshop", "close", str(school_dir)]) == 2
    assert "Er loopt geen workshop" in capsys.readouterr().err
    assert main(["workshop", "open", str(school_dir)]) == 0
    assert "weer geopend" in capsys.readouterr().out
    main(["workshop", "close", str(school_dir)])
    assert main(["workshop", "open", str(school_dir), "--nieuw"]) == 0
    assert "gestart" in capsys.readouterr().out
    assert main(["workshop", "open", str(school_dir), "--nieuw"]) == 2
    assert "loopt al" in capsys.readouterr().err


def test_export_json_has_everything_entered(school_dir, capsys):
    with workshop.Store(school_dir) as store:
        opened = workshop.open_workshop(store)
        anna = workshop.join(store, opened.workshop.join_code, "Anna")
        statement = workshop.add_statement(store, anna.token, "<img src=x onerror=alert(1)>")
        workshop.cast_vote(store, anna.token, "respect")
        workshop.rate(store, anna.token, "pesten-hoort-bij-opgroeien", 1)
        theme = workshop.add_theme(store, opened.facilitator_key, "Thema")
        workshop.assign_theme(store, opened.facilitator_key, statement, theme)
        workshop.save_vision(store, opened.facilitator_key, "Onze visie", final=True)
    assert main(["workshop", "export", str(school_dir), "--json"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["school"] == "obs-de-linde" and data["schema_version"] == workshop.SCHEMA_VERSION
    [entered] = data["workshops"]
    assert entered["statements"][0]["text"] == "<img src=x onerror=alert(1)>"
    assert entered["statements"][0]["theme_id"] == theme
    assert entered["votes"][0]["value_id"] == "respect"
    assert entered["ratings"][0]["score"] == 1
    assert entered["themes"][0]["name"] == "Thema"
    assert entered["vision_versions"][0] | {"saved_at": None} == {
        "id": 1, "number": 1, "text": "Onze visie", "saved_at": None, "final": True}
    for secret in (opened.facilitator_key, opened.workshop.join_code, anna.token):
        assert secret not in out

    assert main(["workshop", "export", str(school_dir)]) == 0
    summary = capsys.readouterr().out
    assert "1 deelnemers, 1 uitspraken, 1 stemmen, 1 beoordelingen, 1 thema's" in summary
    assert "(1 definitief)" in summary


def test_export_without_a_workshop_fails_cleanly(school_dir, capsys):
    assert main(["workshop", "export", str(school_dir), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "nog geen workshop" in captured.err
    assert not (school_dir / workshop.DB_NAME).exists()


@pytest.mark.parametrize("target", ["../../etc", "/etc/passwd", "Bestaat_Niet", "obs de linde"])
def test_bad_school_dirs_are_refused(tmp_path, capsys, target):
    assert main(["workshop", "open", target, "--workspace", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("Fout: ")
    assert list(tmp_path.iterdir()) == []


def test_folder_name_must_be_a_school_id(tmp_path, capsys):
    folder = tmp_path / "Mijn School"
    folder.mkdir()
    (folder / "school.yaml").write_text("")
    assert main(["workshop", "open", str(folder)]) == 2
    assert "geen geldige school-id" in capsys.readouterr().err
    assert not (folder / workshop.DB_NAME).exists()


def test_workshop_without_subcommand_shows_usage(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["workshop"])
    assert exit_info.value.code == 2
    assert "<opdracht>" in capsys.readouterr().err
