"""Control characters (a pasted vertical tab, an escape, a NUL) are cleaned or refused where text enters, and an
old database that already holds one still gives a Word, HTML and PDF plan."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from docx import Document as read_docx
from pypdf import PdfReader

from kit import workshop
from kit.cli import main
from kit.text_safety import clean_text, control_characters, xml_safe
from kit.workshop.errors import InputError

NASTY = ["\x0b", "\x00", "\x1b", "\x0c", "\x7f", "\x85", "\x9b", "\x08"]


@pytest.fixture
def school_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "ws" / "obs-de-linde"
    folder.mkdir(parents=True)
    (folder / "school.yaml").write_text("naam: OBS De Linde\nschooljaar: 2026-2027\n", encoding="utf-8")
    return folder


@pytest.fixture
def anna(store, opened):
    return workshop.join(store, opened.workshop.join_code, "Anna")


def _raw(store, sql: str) -> list[tuple]:
    """What the database file really holds (bypassing every reader)."""
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_clean_text_turns_line_break_controls_into_line_breaks_and_drops_the_rest():
    assert clean_text("regel een\x0bregel twee") == "regel een\nregel twee"
    assert clean_text("a\x0cb\x85c") == "a\nb\nc"
    assert clean_text("kleur \x1b[31mrood\x1b[0m\x00") == "kleur [31mrood[0m"
    assert clean_text("a\r\nb\tc") == "a\r\nb\tc"  # Windows line ends and tabs stay as typed
    assert clean_text("a\x0bb\tc\r\nd", multiline=False) == "a b c d"
    assert clean_text("gewoon ✓ tekst\u2028") == "gewoon ✓ tekst\u2028"
    for char in NASTY:
        assert not control_characters(clean_text(f"x{char}y"), multiline=True)
    assert xml_safe("a\x0bb\x00c\ufffe") == "a\nbc"


@pytest.mark.parametrize("char", NASTY)
def test_statement_vision_and_comment_are_cleaned_before_they_are_stored(store, opened, anna, char):
    key = opened.facilitator_key
    workshop.add_statement(store, anna.token, f"Wij zijn{char}er voor elkaar")
    workshop.save_vision(store, key, f"Onze visie{char}in twee regels")
    from kit.plan.store import add_action, add_comment

    action_id = add_action(store, key, "2026-2027", {"title": f"Pauze{char}toezicht", "owner": f"Ria{char}Jansen",
                                                      "description": f"Eerste regel{char}tweede regel"})
    add_comment(store, anna.token, action_id, f"Goed{char}idee")
    texts = [row[0] for row in _raw(store, "SELECT text FROM statements UNION ALL SELECT text FROM statement_versions "
                                           "UNION ALL SELECT text FROM vision_versions UNION ALL SELECT text FROM "
                                           "plan_comments UNION ALL SELECT title || owner || description FROM "
                                           "plan_actions UNION ALL SELECT data FROM plan_action_versions")]
    assert len(texts) == 6  # statement and its version, vision, comment, action and its version
    for text in texts:
        assert char not in text, text
    [title, owner] = _raw(store, "SELECT title, owner FROM plan_actions")[0]
    if char in "\x0b\x0c\x85":  # a line-break control becomes a line break in a multi-line text, a space in a title
        assert (title, owner) == ("Pauze toezicht", "Ria Jansen")
        assert _raw(store, "SELECT text FROM statements")[0][0] == "Wij zijn\ner voor elkaar"
    else:
        assert (title, owner) == ("Pauzetoezicht", "RiaJansen")


def test_case_answer_text_and_options_are_cleaned(store, anna):
    from kit.workshop.cases import own_answer, save_answer

    save_answer(store, anna.token, "ruzie-om-de-bal", ["Zij\x0bwordt genegeerd"], 2, ["Praten\x1b"],
                "Ik zou\x0bdoorvragen\x00")
    answer = own_answer(store, anna.token, "ruzie-om-de-bal")
    assert answer["text"] == "Ik zou\ndoorvragen"
    assert answer["signals"] == ["Zij wordt genegeerd"] and answer["next_steps"] == ["Praten"]
    stored = _raw(store, "SELECT signals || next_steps || text FROM case_answers UNION ALL "
                         "SELECT signals || next_steps || text FROM case_answer_versions")
    assert stored and all(not control_characters(row[0], multiline=True) for row in stored)


@pytest.mark.parametrize("char", ["\x0b", "\x00", "\x1b", "\x9b"])
def test_names_with_a_control_character_are_refused_in_dutch(store, opened, char):
    code = opened.workshop.join_code
    with pytest.raises(InputError, match="onzichtbaar stuurteken"):
        workshop.join(store, code, f"An{char}na")
    with pytest.raises(InputError, match="onzichtbaar stuurteken"):
        workshop.join(store, code, "Anna", f"Anna de{char}Vries")
    with pytest.raises(InputError, match="onzichtbaar stuurteken"):
        workshop.add_theme(store, opened.facilitator_key, f"Pauze{char}s")
    assert _raw(store, "SELECT COUNT(*) FROM participants")[0][0] == 0
    assert _raw(store, "SELECT COUNT(*) FROM themes")[0][0] == 0
    workshop.join(store, code, "Anna", "Anna de Vries")  # a plain name still works


@pytest.mark.parametrize("yaml_text, line", [
    ('naam: "OBS De\\vLinde"\n', 1),
    ("naam: OBS De Linde\nbestuur: Stichting\x0bOnderwijs\n", 2),
    ('naam: OBS De Linde\nadres:\n  plaats: "Ut\\x1brecht"\n', 3),
    ("naam: OBS\x00\n", 1),
])
def test_profile_with_a_control_character_is_refused_with_its_line(school_dir, capsys, yaml_text, line):
    (school_dir / "school.yaml").write_text(yaml_text, encoding="utf-8")
    assert main(["school", "check", str(school_dir)]) == 2
    err = capsys.readouterr().err
    assert f"regel {line}, " in err and "onzichtbaar stuurteken" in err and "Traceback" not in err


def test_monitor_yaml_with_a_control_character_is_refused(school_dir, capsys):
    (school_dir / "monitor.yaml").write_text('monitor: "Vensters\\eMonitor"\n', encoding="utf-8")
    assert main(["school", "check", str(school_dir)]) == 2
    err = capsys.readouterr().err
    assert "monitor.yaml" in err and "regel 1, " in err and "U+001B" in err


def test_certificate_list_with_a_control_character_in_a_name_is_refused(school_dir, tmp_path, capsys):
    path = tmp_path / "lijst.csv"
    path.write_text("naam;bijeenkomst 1\nEva\x0bSmit;12-03-2027\n", encoding="utf-8")
    assert main(["certificaat", str(school_dir), "--deelnemers", str(path)]) == 2
    err = capsys.readouterr().err
    assert "rij 2, kolom A ('naam')" in err and "onzichtbaar stuurteken (U+000B)" in err
    assert not list((school_dir / "output").glob("certificaten/*.pdf"))


def test_school_new_refuses_a_name_with_a_control_character(tmp_path, capsys):
    workspace = tmp_path / "ws"
    assert main(["school", "new", "obs-x", "--naam", "OBS\x0bX", "--workspace", str(workspace)]) == 2
    assert "onzichtbaar stuurteken" in capsys.readouterr().err
    assert not workspace.exists() or not list(workspace.iterdir())


def test_an_old_store_holding_control_characters_still_exports_docx_pdf_and_html(tmp_path):
    """Written with raw SQL, as a database from before the entry checks could hold it."""
    from kit.demo import install_demo
    from kit.document.export import export_plan

    school = install_demo(tmp_path / "workspace")
    conn = sqlite3.connect(school / workshop.DB_NAME)
    with conn:
        action_id, title = conn.execute("SELECT id, title FROM plan_actions WHERE removed_at IS NULL "
                                        "ORDER BY school_year DESC, position LIMIT 1").fetchone()
        conn.execute("UPDATE plan_actions SET title = ?, owner = owner || ? WHERE id = ?",
                     (title.replace(" ", "\x0b", 1), "\x00\x1b", action_id))
        conn.execute("UPDATE vision_versions SET text = text || ? ", ("\x0bZonnebloem\x0cVeilig\x01.",))
    conn.close()
    written = export_plan(school, ["docx", "pdf", "html"])
    first, rest = title.split(" ", 1)
    docx_text = "\n".join(p.text for p in read_docx(str(written["docx"])).paragraphs)
    docx_text += "\n".join(cell.text for table in read_docx(str(written["docx"])).tables
                           for row in table.rows for cell in row.cells)
    assert f"{first}\n{rest}" in docx_text  # the vertical tab became a line break
    assert "Zonnebloem Veilig." in " ".join(docx_text.split())  # the vision's own line breaks are joined
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(str(written["pdf"])).pages)
    assert " ".join(title.split()) in pdf_text or f"{first} {rest}" in pdf_text
    assert "Zonnebloem Veilig." in pdf_text
    html = written["html"].read_text(encoding="utf-8")
    assert not control_characters(html, multiline=True)
