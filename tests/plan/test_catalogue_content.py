"""What the action catalogue says and when it proposes it: safe measures, the new topics, positive targets."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from plan_fixtures import COMPLETE_PROFILE, PARTIAL_PROFILE, findings, summary

from kit.paths import EXAMPLES_DIR
from kit.plan.catalogue import CATALOGUE_PATH, condition_problems, load_catalogue
from kit.plan.errors import CatalogueError
from kit.plan.facts import Labels, negate_label, target_text
from kit.plan.proposals import build_overview
from kit.plan.yamlfile import read_yaml

ADULTS_STAY = re.compile(r"aanvulling op het toezicht door volwassenen")
PEER_LED = re.compile(r"pleincoach|maatje|mediator|leerlingmediat", re.IGNORECASE)


@pytest.fixture(scope="module")
def catalogue():
    return {action.id: action for action in load_catalogue()}


def text_of(action) -> str:
    return f"{action.title} {action.description}"


def proposals(facts) -> dict[str, dict]:
    return {p["id"]: p for p in build_overview(facts)["proposals"]}


# ----------------------------------------------------------------------------- every action is sound

def test_every_action_loads_with_a_valid_condition(catalogue):
    raw = read_yaml(CATALOGUE_PATH)["acties"]
    assert len(catalogue) == len(raw) >= 55
    for entry in raw:
        assert condition_problems(entry["voorwaarde"]) == [], entry["id"]


def test_peer_led_actions_only_beside_adult_supervision(catalogue):
    peer_led = [a for a in catalogue.values() if PEER_LED.search(text_of(a))]
    assert {"pauzespel", "maatjesproject", "leerlingmediatoren"} <= {a.id for a in peer_led}
    for action in peer_led:
        assert ADULTS_STAY.search(action.description), action.id
        assert "niet in de plaats" in action.description or "blijft verantwoordelijk" in action.description, \
            action.id
    # pupils never mediate in bullying: that always goes to an adult
    assert "Pesten is geen ruzie: daar bemiddelen leerlingen nooit" in catalogue["leerlingmediatoren"].description


def test_a_herstelgesprek_is_voluntary_and_only_after_the_bullying_stopped(catalogue):
    mentions = [a for a in catalogue.values() if "herstelgesprek" in text_of(a).lower()]
    assert [a.id for a in mentions] == ["herstelgesprekken"]
    text = mentions[0].description
    assert "Pas als het pesten gestopt is en de gepeste leerling het zelf wil" in text
    assert "De gepeste leerling mag altijd nee zeggen" in text


def test_the_support_group_starts_within_two_school_days(catalogue):
    action = catalogue["steungroepaanpak"]
    assert "Binnen 2 schooldagen na een melding" in action.description  # the period from 'termijnen'
    assert "Met instemming van de gepeste leerling" in action.description
    assert "De volwassene blijft verantwoordelijk" in action.description
    assert "binnen 2 schooldagen" in action.target_text


def test_changing_rooms_and_sociograms(catalogue):
    changing = catalogue["toezicht-kleedkamer"].description
    assert "een volwassene van hetzelfde geslacht als de leerlingen" in changing
    assert "gaat alleen naar binnen als het nodig is" in changing
    sociogram = catalogue["sociogram-groepen"].description
    assert "alleen naar positieve keuzes" in sociogram and "nooit met wie ze niet willen" in sociogram
    assert "De uitkomsten zijn persoonsgegevens van kinderen" in sociogram


def test_programmes_are_named_without_a_legal_duty_or_an_expiring_level(catalogue):
    action = catalogue["preventieve-aanpak-kiezen"]
    assert "De wet schrijft geen bepaald programma voor" in action.description
    assert {"KiVa", "PRIMA", "Taakspel"} <= set(re.findall(r"\b[A-Z][A-Za-z]+\b", action.description))
    assert "controleer de actuele erkenning in de databank" in action.description
    for other in catalogue.values():
        text = text_of(other).lower()
        # a recognition level expires after five years: the plan text states none, the YAML comments do
        assert "aanwijzingen" not in text, other.id
        assert not re.search(r"programma\w* (is|zijn) (wettelijk )?verplicht", text), other.id
        assert "rots en water" not in text, other.id  # 'niet erkend' (NJi, 27 oktober 2017)
    source = CATALOGUE_PATH.read_text(encoding="utf-8")
    for comment in ("https://www.nji.nl/interventies/rots-en-water", "13 februari 2020",
                    "https://doi.org/10.1007/s11292-010-9109-1", "bekeken 4 december 2026"):
        assert comment in source


# ----------------------------------------------------------------------------- the new topics

def test_the_new_topics_and_their_conditions(catalogue):
    assert catalogue["protocol-discriminatie"].condition == {"protocol": "discriminatie"}
    assert catalogue["protocol-seksueel-grensoverschrijdend-gedrag"].condition == {"een_van": [
        {"protocol": "seksueel_grensoverschrijdend_gedrag"}, {"plek": "toilet", "boven": 15},
        {"plek": "gym", "boven": 15}]}
    assert catalogue["agressie-ouders-personeel"].condition == {"protocol": "agressie_en_geweld"}
    assert catalogue["veilig-voor-lhbtiq-leerlingen"].condition == {"een_van": [
        {"indicator": "gepest", "boven": 10}, {"waarde": "gelijkwaardigheid"}]}
    assert catalogue["jongste-leerlingen-in-beeld"].condition["alle"][0] == {"onderwijstype": ["po", "so"]}
    assert catalogue["veilige-start-onderbouw"].condition["alle"][0] == {"onderwijstype": "vo"}
    assert "Arbowet, artikel 3" in catalogue["agressie-ouders-personeel"].description


PROTOCOL_ACTIONS = {"protocol-discriminatie": "protocol discriminatie",
                    "protocol-seksueel-grensoverschrijdend-gedrag": "protocol seksueel grensoverschrijdend gedrag",
                    "agressie-ouders-personeel": "protocol agressie en geweld"}


def test_protocol_actions_are_proposed_while_the_profile_names_no_adopted_protocol(make_facts):
    found = proposals(make_facts(findings(summary())))  # a calm po school without protocols in its profile
    for action_id, protocol in PROTOCOL_ACTIONS.items():
        assert found[action_id]["reason"] == f"Het schoolprofiel noemt geen vastgesteld {protocol}.", action_id
    assert "veilig-voor-lhbtiq-leerlingen" not in found and "jongste-leerlingen-in-beeld" not in found
    adopted = COMPLETE_PROFILE + "protocollen:\n" + "".join(
        f"  {key}:\n    titel: Protocol\n    vastgesteld_op: 2026-09-01\n"
        for key in ("discriminatie", "seksueel_grensoverschrijdend_gedrag", "agressie_en_geweld"))
    found = proposals(make_facts(findings(summary()), profile=adopted))
    assert not set(PROTOCOL_ACTIONS) & set(found)


def test_the_youngest_pupils_in_po_and_the_onderbouw_in_vo(make_facts):
    bullied = findings(summary(gepest=14.0))  # interval 9-19%: clearly above the 8% of the condition
    po = proposals(make_facts(bullied))
    assert po["jongste-leerlingen-in-beeld"]["reason"].startswith("14,0% van de leerlingen wordt gepest op school")
    assert "veilige-start-onderbouw" not in po and "mentorgesprekken" not in po
    vo = proposals(make_facts(bullied, profile=PARTIAL_PROFILE))  # onderwijstype: vo
    assert "veilige-start-onderbouw" in vo and "jongste-leerlingen-in-beeld" not in vo
    assert "kindgesprekken" not in proposals(make_facts(findings(summary(gepest=18.0)), profile=PARTIAL_PROFILE))
    assert "mentorgesprekken" in proposals(make_facts(findings(summary(gepest=18.0)), profile=PARTIAL_PROFILE))


def test_a_programme_in_place_with_much_bullying_is_checked_not_replaced(make_facts):
    found = proposals(make_facts(findings(summary(gepest=18.0))))  # the complete profile names KiVa
    reason = found["programma-goed-uitvoeren"]["reason"]
    assert "18,0% van de leerlingen wordt gepest op school" in reason
    assert "'Een aanpak om pesten te voorkomen' is voldaan." in reason
    assert "preventieve-aanpak-kiezen" not in found


def test_the_reporting_duty_action_is_high_priority_and_comes_first(make_facts, catalogue):
    action = catalogue["meldplicht-bekendmaken"]
    assert action.priority == "high"
    assert action.condition == {"checklist": "meldplicht", "status": ["ontbreekt", "controleren"]}
    assert "0900 111 3 111" in action.description
    ordered = [p["id"] for p in build_overview(make_facts(findings(summary(gepest=11.0))))["proposals"]]
    first_medium = min(i for i, pid in enumerate(ordered) if catalogue[pid].priority != "high")
    assert ordered.index("meldplicht-bekendmaken") < first_medium


def test_a_school_type_condition_never_stands_alone(tmp_path):
    assert condition_problems({"onderwijstype": "po"}) == [
        "voorwaarde 'onderwijstype' werkt alleen samen met een andere voorwaarde, in alle: [...]"]
    assert condition_problems({"alle": [{"onderwijstype": "mbo"}, {"indicator": "gepest", "boven": 10}]}) == [
        "voorwaarde 'onderwijstype' moet po, vo, so zijn (of een lijst daarvan)"]
    assert condition_problems({"checklist": "preventie", "status": "voldaan"}) == []
    path = tmp_path / "acties.yaml"
    path.write_text("acties:\n  - id: alleen-po\n    titel: T\n    omschrijving: O\n    voorwaarde: {onderwijstype: po}\n"
                    "    eigenaar: directeur\n    horizon: 2\n    indicator: I\n    doel_tekst: 1 keer\n",
                    encoding="utf-8")
    with pytest.raises(CatalogueError, match="actie 'alleen-po': voorwaarde 'onderwijstype' werkt alleen samen"):
        load_catalogue(path)


# ----------------------------------------------------------------------------- targets in positive form

def test_survey_targets_read_in_positive_form(make_facts):
    # figures whose whole interval lies beyond the conditions' thresholds, so the proposals are made
    found = proposals(make_facts(findings(summary(gepest=16.0, places={"plein": 40.0}, steun=2.7))))
    # 16% bullied, 3 points lower is at most 13% bullied: at least 100 - 13 = 87% not bullied
    assert found["pestprotocol-doornemen"]["target"] == {"metric": "gepest", "op": "<=", "value": 13.0,
                                                         "year": "2027-2028"}
    assert found["pestprotocol-doornemen"]["target_label"] == \
        "Minstens 87% van de leerlingen wordt niet gepest op school in de enquête van 2027-2028"
    # 40% sometimes unsafe on the playground, 10 points lower is 30%: at least 70% feel safe there
    assert found["pleinwacht-uitbreiden"]["target_label"] == \
        "Minstens 70% van de leerlingen voelt zich veilig op het schoolplein in de enquête van 2027-2028"
    # a scale keeps its mean: 2,7 + 0,2
    assert found["vast-aanspreekmoment"]["target_label"] == ("Steun van de leerkracht: gemiddeld minstens 2,9 op "
                                                             "een schaal van 1 tot 4 in de enquête van 2027-2028")


def test_every_target_wording_is_positive(labels):
    cases = {
        ("gepest", "<=", 8.0): "Minstens 92% van de leerlingen wordt niet gepest op school",
        ("online_gepest", "<=", 12.5): "Minstens 87,5% van de leerlingen wordt niet online gepest",
        ("zelf_gepest", "<=", 3.0): "Minstens 97% van de leerlingen doet zelf niet mee met pesten",
        ("veilig", ">=", 90.0): "Minstens 90% van de leerlingen voelt zich veilig op school",
        ("plek:plein", "<=", 28.0): "Minstens 72% van de leerlingen voelt zich veilig op het schoolplein",
        ("plek:gym", "<=", 10.0): "Minstens 90% van de leerlingen voelt zich veilig bij gym of in de kleedkamer",
    }
    for (metric, op, value), expected in cases.items():
        assert target_text(labels, {"metric": metric, "op": op, "value": value}) == expected
    assert target_text(labels, None) == "" and target_text(labels, {"metric": "gepest", "value": None}) == ""


def test_labels_of_another_instrument_are_negated_by_dutch_word_order():
    assert negate_label("Wordt uitgescholden") == "wordt niet uitgescholden"
    assert negate_label("Voelt zich buitengesloten in de klas") == "voelt zich niet buitengesloten in de klas"
    labels = Labels(indicators={"uitgescholden": "Wordt uitgescholden"}, places={}, scales={}, scale_max={})
    assert target_text(labels, {"metric": "uitgescholden", "op": "<=", "value": 15.0, "year": "2027-2028"}) == \
        "Minstens 85% van de leerlingen wordt niet uitgescholden in de enquête van 2027-2028"


def test_the_action_form_previews_the_positive_wording(labels):
    from kit.plan.form import ActionForm

    form = ActionForm({"target": {"metric": "plek:toilet", "op": "<=", "value": 20.0, "year": "2027-2028"}},
                      labels, "2026-2027", [])
    assert form.preview.value == ("In het plan: Minstens 80% van de leerlingen voelt zich veilig in de toiletten "
                                  "in de enquête van 2027-2028")
    form.value.value = 12.0
    assert form.preview.value.startswith("In het plan: Minstens 88% van de leerlingen voelt zich veilig")
    form.metric.value = ""
    assert form.preview.value == ""


# ----------------------------------------------------------------------------- the demo school's plan

@pytest.fixture(scope="module")
def demo_plan(tmp_path_factory):
    from kit.demo import load_demo_workshop
    from kit.plan import seed_demo_plan
    from kit.plan.report import plan_data

    source = EXAMPLES_DIR / "demo-school"
    school = tmp_path_factory.mktemp("ws") / "demo-school"
    shutil.copytree(source, school, ignore=shutil.ignore_patterns("workshop.yaml", "actieplan.yaml"))
    load_demo_workshop(school, source / "workshop.yaml")
    result = seed_demo_plan(school)
    return result, plan_data(school)


def test_the_demo_plan_names_roles_and_keeps_adults_on_the_playground(demo_plan, catalogue):
    result, data = demo_plan
    assert result["skipped"] == []
    owners = [a["owner"] for a in data["actions"] if a["owner"]]
    assert not [o for o in owners if re.match(r"(Meester|Juf)\b", o)]
    assert "Leerkracht groep 8 (D. Visser)" in owners
    assert "Coördinator anti-pestbeleid (Samir El Amrani)" in owners  # a profile role: role first, then name
    planned = {a["catalogue_id"] for a in data["actions"] if a["school_year"] == "2026-2027"}
    assert {"meldplicht-bekendmaken", "pleinwacht-uitbreiden", "leerlingenraad-enquete"} <= planned
    for action in data["actions"]:
        if PEER_LED.search(f"{action['title']} {action['description']}"):
            assert ADULTS_STAY.search(action["description"]), action["title"]
        if "herstelgesprek" in action["title"].lower():
            assert "het zelf wil" in action["description"]


def test_kit_plan_show_json_has_only_positive_survey_targets(demo_plan):
    _, data = demo_plan
    text = json.dumps(data, ensure_ascii=False)
    assert "≤" not in text and "≥" not in text
    labels = [item["target_label"] for key in ("actions", "proposals") for item in data[key] if item["target_label"]]
    assert labels and all(label.startswith("Minstens ") or ": gemiddeld minstens " in label for label in labels)
    # the demo's playground: 33,3% sometimes unsafe in 2026-2027, 10 points lower is 23%: at least 77% safe
    [playground] = [a for a in data["actions"] if a["catalogue_id"] == "pleinwacht-uitbreiden"
                    and a["school_year"] == "2026-2027"]
    assert playground["target_label"] == \
        "Minstens 77% van de leerlingen voelt zich veilig op het schoolplein in de enquête van 2027-2028"
    from kit.plan.cli import format_plan

    assert ("     doel: Minstens 77% van de leerlingen voelt zich veilig op het schoolplein in de enquête van "
            "2027-2028") in format_plan(data).splitlines()  # what 'kit plan show' prints
    evaluated = {r["title"]: r["detail"] for r in data["evaluation"]}
    assert evaluated["Pleinwacht uitbreiden en vaste plekken afspreken"] == \
        "In de enquête van 2026-2027: 66,7% van de leerlingen voelt zich veilig op het schoolplein (n = 99)."


PO_WORDS = re.compile(r"\b(groep|groepen|leerkracht|leerkrachten|intern begeleider)\b(?! [0-9])(?! of klas)", re.I)


def test_actions_speak_of_klassen_and_docenten_in_vo_and_of_groepen_in_po(make_facts):
    calm_but_bullied = findings(summary(gepest=18.0, online=20.0))
    vo = build_overview(make_facts(calm_but_bullied, profile=PARTIAL_PROFILE))["proposals"]
    for proposal in vo:
        text = " ".join(str(proposal[k] or "") for k in ("title", "description", "owner", "involved", "indicator",
                                                        "target_text"))
        assert "{{" not in text, proposal["id"]
        assert not PO_WORDS.search(text), (proposal["id"], PO_WORDS.search(text).group(0))
    by_id = {p["id"]: p for p in vo}
    assert by_id["lessen-sociale-vaardigheden"]["title"] == "Elke week een les sociale vaardigheden in elke klas"
    po = {p["id"]: p for p in build_overview(make_facts(calm_but_bullied))["proposals"]}
    assert po["lessen-sociale-vaardigheden"]["title"] == "Elke week een les sociale vaardigheden in elke groep"
    assert po["lessen-sociale-vaardigheden"]["owner"] == "Leerkrachten"


def test_an_unknown_word_field_in_the_catalogue_is_an_error(tmp_path):
    text = CATALOGUE_PATH.read_text(encoding="utf-8").replace("in elke {{ groep }}", "in elke {{ klaslokaal }}", 1)
    (tmp_path / "acties.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        load_catalogue(tmp_path / "acties.yaml")
    assert "onbekend woord {{ klaslokaal }} in 'titel'" in str(error.value)
