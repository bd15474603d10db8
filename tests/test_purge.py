"""`kit purge`: personal data of a school, a workshop, a participant or earlier school years goes, really
(not in the database file's bytes), and the plan keeps what it needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kit import workshop
from kit.cli import main


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    from kit.demo import install_demo

    return install_demo(tmp_path / "ws")


def _rows(school: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(school / workshop.DB_NAME)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _file_bytes(school: Path) -> bytes:
    """Everything SQLite keeps on disk for the store: the database file and its write-ahead log."""
    return b"".join(path.read_bytes() for path in school.glob(workshop.DB_NAME + "*"))


def _chapters(school: Path) -> dict[str, list[str]]:
    from kit.document.content import build_document
    from kit.document.model import block_text

    doc = build_document(school)
    return {section.heading: [line for block in section.blocks for line in block_text(block)]
            for section in doc.sections}


def _purge(school: Path, *args: str) -> int:
    return main(["purge", school.name, "--workspace", str(school.parent), *args])


def _add_comment_and_certificates(school: Path) -> str:
    """A comment on an action (the demo has none) and issued certificates; returns the comment text."""
    from kit.certificates.render import write_certificates

    comment = "Reactie van Anouk: graag ook de overblijfmoeders erbij betrekken"
    with sqlite3.connect(school / workshop.DB_NAME) as conn:  # the demo's workshops are closed
        conn.execute("INSERT INTO plan_comments (action_id, participant_id, text, created_at) VALUES "
                     "((SELECT MIN(id) FROM plan_actions), (SELECT MIN(id) FROM participants), ?, "
                     "'2026-12-01T10:00:00+00:00')", (comment,))
    conn.close()
    write_certificates(school)
    return comment


def test_school_purge_removes_names_texts_and_history_and_keeps_the_plan(demo, capsys):
    comment = _add_comment_and_certificates(demo)
    before = _chapters(demo)
    statements = [r[0] for r in _rows(demo, "SELECT text FROM statements")]
    answers = [r[0] for r in _rows(demo, "SELECT text FROM case_answers WHERE text != ''")]
    full_names = [r[0] for r in _rows(demo, "SELECT DISTINCT full_name FROM participants WHERE full_name != ''")]
    pseudonyms = [r[0] for r in _rows(demo, "SELECT pseudonym FROM participants")]
    old_vision = [r[0] for r in _rows(demo, "SELECT text FROM vision_versions WHERE final = 0")]
    tokens = [r[0] for r in _rows(demo, "SELECT token FROM participants")]
    assert statements and answers and len(full_names) >= 3 and old_vision
    purged = statements + answers + full_names + [comment] + old_vision + tokens

    assert _purge(demo, "--ja") == 0
    out = capsys.readouterr().out
    assert f"{len(statements):>8}  uitspraken (met hun eerdere versies)" in out
    assert f"{len(answers):>8}  toelichtingen bij casussen" in out
    assert "       1  reacties op acties" in out
    assert "namen op uitgegeven certificaten (nummer en datum blijven)" in out
    assert "De enquêtebestanden in surveys/ blijven staan" in out

    data = _file_bytes(demo)
    for text in purged:
        assert text.encode("utf-8") not in data, text
    participants = _rows(demo, "SELECT workshop_id, pseudonym, full_name FROM participants ORDER BY workshop_id, id")
    assert len(participants) == len(pseudonyms)
    for workshop_id in {row[0] for row in participants}:
        names = [row[1] for row in participants if row[0] == workshop_id]
        assert names == [f"deelnemer {n}" for n in range(1, len(names) + 1)]
    assert all(row[2] is None for row in participants)
    assert _rows(demo, "SELECT COUNT(*) FROM statement_versions") == [(0,)]
    assert _rows(demo, "SELECT COUNT(*) FROM case_answer_versions") == [(0,)]
    assert _rows(demo, "SELECT COUNT(*), COUNT(DISTINCT action_id) FROM plan_action_versions")[0] == \
        _rows(demo, "SELECT COUNT(*), COUNT(*) FROM plan_actions")[0]
    assert _rows(demo, "SELECT COUNT(*) FROM certificates WHERE full_name != '' OR person != ''") == [(0,)]
    assert not list((demo / "output").glob("certificaten/*.pdf"))
    assert sorted(p.name for p in (demo / "surveys").iterdir()) == ["2025-2026.csv", "2026-2027.xlsx"]

    after = _chapters(demo)
    for number in ("2.", "8.", "9."):
        [heading] = [h for h in before if h.startswith(number)]
        assert after[heading] == before[heading], heading
    assert after == before  # nothing else in the plan came from the removed data either
    assert main(["plan", "export", str(demo), "--format", "docx"]) == 0


def test_purge_of_one_participant_leaves_the_others(demo, capsys):
    _add_comment_and_certificates(demo)
    anouk = _rows(demo, "SELECT id, workshop_id FROM participants WHERE full_name = 'Anouk Verbeek'")
    others = _rows(demo, "SELECT id, pseudonym, full_name, token FROM participants WHERE full_name IS NOT 'Anouk Verbeek'")
    her_statements = [r[0] for r in _rows(demo, "SELECT text FROM statements WHERE participant_id IN (%s)"
                                          % ",".join(str(r[0]) for r in anouk))]
    other_statements = _rows(demo, "SELECT text FROM statements WHERE participant_id NOT IN (%s)"
                             % ",".join(str(r[0]) for r in anouk))
    [(number,)] = _rows(demo, "SELECT number FROM certificates WHERE full_name = 'Anouk Verbeek'")
    assert len(anouk) == 2 and her_statements

    assert _purge(demo, "--deelnemer", "anouk  VERBEEK", "--ja") == 0
    assert "       1  namen op uitgegeven certificaten" in capsys.readouterr().out
    data = _file_bytes(demo)
    assert b"Anouk Verbeek" not in data and b"Verbeek" not in data
    for text in her_statements:
        assert text.encode("utf-8") not in data
    assert _rows(demo, "SELECT id, pseudonym, full_name, token FROM participants WHERE full_name IS NOT NULL "
                       "OR pseudonym NOT LIKE 'deelnemer %'") == [row for row in others if row[2] is not None
                                                                  or not row[1].startswith("deelnemer ")]
    assert _rows(demo, "SELECT text FROM statements WHERE participant_id NOT IN (%s)"
                 % ",".join(str(r[0]) for r in anouk)) == other_statements
    assert _rows(demo, "SELECT COUNT(*) FROM certificates WHERE full_name != ''") == [(2,)]
    assert sorted(p.name for p in (demo / "output" / "certificaten").iterdir()) == \
        ["certificaat-bas-hoekstra.pdf", "certificaat-carla-mulder.pdf"]

    assert main(["certificaat", "controleer", number, "--workspace", str(demo.parent)]) == 0
    out = capsys.readouterr().out
    assert f"Certificaat {number} is echt" in out
    assert "aan een deelnemer van wie de naam later is verwijderd (kit purge)" in out and "Anouk" not in out


def test_purge_of_one_workshop(demo, capsys):
    first = _rows(demo, "SELECT pseudonym, full_name FROM participants WHERE workshop_id = 1")
    second = _rows(demo, "SELECT pseudonym, full_name, token FROM participants WHERE workshop_id = 2")
    second_answers = _rows(demo, "SELECT text FROM case_answers a JOIN participants p ON p.id = a.participant_id "
                                 "WHERE p.workshop_id = 2")
    assert _purge(demo, "--workshop", "1", "--ja") == 0
    assert _rows(demo, "SELECT pseudonym, full_name FROM participants WHERE workshop_id = 1") == \
        [(f"deelnemer {n}", None) for n in range(1, len(first) + 1)]
    assert _rows(demo, "SELECT pseudonym, full_name, token FROM participants WHERE workshop_id = 2") == second
    assert _rows(demo, "SELECT text FROM case_answers a JOIN participants p ON p.id = a.participant_id "
                       "WHERE p.workshop_id = 2") == second_answers
    assert _rows(demo, "SELECT COUNT(*) FROM vision_versions WHERE workshop_id = 1") == [(1,)]
    assert _rows(demo, "SELECT final FROM vision_versions") == [(1,)]  # the final version is the one that stays

    assert _purge(demo, "--workshop", "9", "--ja") == 2
    err = capsys.readouterr().err
    assert "Workshop 9 bestaat niet bij deze school; er is niets gewijzigd." in err
    assert "De workshops van deze school: 1 (geopend " in err and ", aftrap-en-visie); 2 (geopend" in err


def test_purge_older_than_a_school_year(demo, capsys):
    _add_comment_and_certificates(demo)
    with sqlite3.connect(demo / workshop.DB_NAME) as conn:
        conn.execute("UPDATE workshops SET opened_at = '2025-10-01T12:00:00+00:00' WHERE id = 1")
        conn.execute("UPDATE certificates SET issued_at = '2025-11-01T12:00:00+00:00' "
                     "WHERE full_name = 'Anouk Verbeek'")
    conn.close()
    second = _rows(demo, "SELECT pseudonym, full_name FROM participants WHERE workshop_id = 2")
    assert _purge(demo, "--ouder-dan", "2026-2027", "--ja") == 0
    out = capsys.readouterr().out
    assert "enquêtebestanden in surveys/: 2025-2026.csv" in out
    assert sorted(p.name for p in (demo / "surveys").iterdir()) == ["2026-2027.xlsx"]
    assert {r[0] for r in _rows(demo, "SELECT pseudonym FROM participants WHERE workshop_id = 1")} <= \
        {f"deelnemer {n}" for n in range(1, 50)}
    assert _rows(demo, "SELECT pseudonym, full_name FROM participants WHERE workshop_id = 2") == second
    assert _rows(demo, "SELECT COUNT(*) FROM certificates WHERE full_name = ''") == [(1,)]
    assert b"Anouk Verbeek" in _file_bytes(demo)  # she joined workshop 2 too, which is not older
    chapters = _chapters(demo)
    [monitoring] = [lines for heading, lines in chapters.items() if heading.startswith("8.")]
    assert any("2026-2027" in line for line in monitoring)

    assert _purge(demo, "--ouder-dan", "2026", "--ja") == 2
    assert "'2026' is geen schooljaar." in capsys.readouterr().err


def test_purge_asks_first_and_changes_nothing_without_a_yes(demo, capsys, monkeypatch):
    before = _file_bytes(demo)
    names = _rows(demo, "SELECT pseudonym, full_name FROM participants")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "nee")
    assert _purge(demo) == 1
    out = capsys.readouterr().out
    assert "dit wordt verwijderd voor de hele school:" in out and "Er is niets verwijderd." in out
    assert _rows(demo, "SELECT pseudonym, full_name FROM participants") == names
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert _purge(demo) == 2
    assert "bevestig" not in capsys.readouterr().out
    assert _rows(demo, "SELECT pseudonym, full_name FROM participants") == names
    assert len(_file_bytes(demo)) == len(before)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "ja")
    assert _purge(demo) == 0
    assert _rows(demo, "SELECT COUNT(*) FROM participants WHERE full_name IS NOT NULL") == [(0,)]


def test_unknown_participant_is_a_dutch_error(demo, capsys):
    assert _purge(demo, "--deelnemer", "Niemand Bekend", "--ja") == 2
    assert "Niemand met de naam 'Niemand Bekend' gevonden bij deze school; er is niets gewijzigd." in \
        capsys.readouterr().err


def test_a_reader_that_blocks_the_rebuild_gets_a_dutch_answer_and_a_rerun_finishes(demo, capsys):
    (demo / "output" / "01_visie.html").write_text("Bas Hoekstra", encoding="utf-8")  # a report with a name
    [(name,)] = _rows(demo, "SELECT full_name FROM participants WHERE full_name = 'Bas Hoekstra' LIMIT 1")
    reader = sqlite3.connect(demo / workshop.DB_NAME, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM participants").fetchone()  # a page that is reading right now
    try:
        code = _purge(demo, "--deelnemer", name, "--ja")
        err = capsys.readouterr().err
    finally:
        reader.execute("ROLLBACK")
        reader.close()
    if code == 2:  # SQLite could not rebuild the file while the reader was in it
        assert "kon niet opnieuw worden opgebouwd" in err and "Stop kit serve" in err and "Traceback" not in err
    assert _rows(demo, "SELECT COUNT(*) FROM participants WHERE full_name = ?", (name,)) == [(0,)]
    assert not (demo / "output" / "01_visie.html").exists()
    assert _purge(demo, "--deelnemer", name, "--ja") == 2  # the same command again: she is gone ...
    assert "Niemand met de naam 'Bas Hoekstra'" in capsys.readouterr().err
    assert name.encode() not in _file_bytes(demo)  # ... and the file is rebuilt now that nobody reads it
