"""The light participant pages over HTTP, as a phone without JavaScript uses them (``kit serve``, the shared server).

Joining, writing in every exercise, a reload as the same person (the cookie), the XSRF
check, the size limits with their Dutch messages, the closed workshop, the live state and
the old Voila links that now lead here.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlencode

from kit import workshop
from kit.light.routes import participant_link
from benchmarks.light_participant import LightParticipant, client
from benchmarks.participant import run_in_thread

ALERT_RE = re.compile(r'role="alert">([^<]*)')
STATUS_RE = re.compile(r'kit-msg-ok" role="status">([^<]*)')


def run(coroutine):
    """Run on an event loop of its own thread (Playwright's sync API may hold this thread's loop)."""
    return run_in_thread(lambda: coroutine)


def phone(base: str, ws, exercise: str = "visie") -> LightParticipant:
    return LightParticipant(client(), base, ws.school, ws.code, exercise)


def test_a_participant_joins_writes_and_a_reload_is_the_same_person(kit_server, light_demo):
    async def scenario():
        me = phone(kit_server, light_demo)
        first = await me.open()
        assert first.status == 200 and 'id="naam"' in first.text and "Doe mee" in first.text
        joined = await me.join("Fenna Licht")
        assert joined.status == 200 and me.name == "Fenna Licht"
        cookie = next(name for name in me.cookies if name.startswith("kit-deelnemer-"))
        assert cookie == f"kit-deelnemer-{light_demo.school}-{light_demo.code}"
        saved = await me.send("uitspraak", uitspraak="Iedereen hoort erbij.\r\nOok wie nieuw is.")
        assert STATUS_RE.findall(saved.text) == ["Je uitspraak is opgeslagen."]
        assert "klaar=uitspraken" in saved.url
        again = await me.open()  # a reload: the cookie keeps the same person
        assert 'class="kit-me">Fenna Licht<' in again.text and "Iedereen hoort erbij.\nOok wie nieuw is." in again.text
        stranger = phone(kit_server, light_demo)
        assert 'id="naam"' in (await stranger.open()).text
        other = phone(kit_server, light_demo, "actieplan")  # another exercise, same browser: same person
        other.cookies = dict(me.cookies)
        assert 'class="kit-me">Fenna Licht<' in (await other.open()).text
        left = await me.send("ander")
        assert 'id="naam"' in left.text and cookie not in me.cookies
        return me

    run(scenario())
    with workshop.Store(light_demo.folder) as store:
        statements = workshop.list_statements(store, workshop.workshop_for_code(store, light_demo.code).id)
    texts = [s["text"] for s in statements if s["pseudonym"] == "Fenna Licht"]
    assert texts == ["Iedereen hoort erbij.\nOok wie nieuw is."]  # a line break is one character, as typed


def test_the_cookie_is_httponly_samesite_and_scoped_to_the_pages(kit_server, light_demo):
    async def scenario():
        http = client()
        from tornado.httpclient import HTTPRequest

        me = phone(kit_server, light_demo)
        await me.open()
        response = await http.fetch(HTTPRequest(me.page, method="POST", follow_redirects=False,
                                                body=urlencode({"_xsrf": me.xsrf, "actie": "meedoen", "naam": "Koen Licht"}),
                                                headers={"Cookie": f"_xsrf={me.cookies['_xsrf']}"}),
                                    raise_error=False)
        return response

    response = run(scenario())
    assert response.code == 303
    cookie = next(c for c in response.headers.get_list("Set-Cookie") if c.startswith("kit-deelnemer-"))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/mee/" in cookie


def test_every_exercise_writes_to_the_store(kit_server, light_demo):
    from kit.plan import store as plan
    from kit.signalering.cases import load_school_cases
    from kit.workshop.cases import own_answer, show_case

    cases = load_school_cases(light_demo.folder)
    with workshop.Store(light_demo.folder) as store:
        show_case(store, light_demo.key, cases[1].id)
        values = workshop.list_values(store, workshop.workshop_for_code(store, light_demo.code).id)
        stelling = workshop.list_stellingen(store, workshop.workshop_for_code(store, light_demo.code).id)[0]
        action = plan.list_actions(store, plan.list_actions(store)[-1]["school_year"])[0]

    async def scenario():
        me = phone(kit_server, light_demo)
        await me.join("Gijs Licht")
        voted = await me.send("stem", waarde=values[0]["id"], aan="1")
        assert "Je hebt nog 2 van de 3 stemmen." in voted.text
        assert (await me.send("stem", waarde=values[0]["id"], aan="1")).status == 200  # a second click: no change
        rated = await me.send("stelling", stelling=stelling["id"], score="2")
        assert "Je hebt 1 van de" in rated.text
        case = phone(kit_server, light_demo, "signaleren")
        case.cookies = me.cookies
        page = await case.open()
        assert cases[1].title in page.text and "Antwoord opslaan" in page.text
        answered = await case.send("antwoord", casus=cases[1].id, signaal=[cases[1].signals[0]], ernst="3",
                                   stap=[cases[1].next_steps[-1]], toelichting="Eerst met de mentor praten.")
        assert STATUS_RE.findall(answered.text) == ["Je antwoord is opgeslagen."]
        assert "Antwoord wijzigen" in answered.text
        wrong = await case.send("antwoord", casus=cases[1].id, signaal=["Iets wat niet in de casus staat"])
        assert ALERT_RE.findall(wrong.text)[0].startswith("Dit antwoord hoort niet bij deze casus.")
        plan_page = phone(kit_server, light_demo, "actieplan")
        plan_page.cookies = me.cookies
        await plan_page.open()
        commented = await plan_page.send("reactie", id=str(action["id"]), reactie="Graag ook met de ouders.")
        assert STATUS_RE.findall(commented.text) == ["Je reactie is opgeslagen."]
        assert "Graag ook met de ouders." in commented.text
        prioritised = await plan_page.send("prioriteit", id=str(action["id"]), aan="1")
        assert "Je hebt nog 2 van de 3 stemmen." in prioritised.text
        assert 'aria-pressed="true"' in prioritised.text
        return me.cookies[f"kit-deelnemer-{light_demo.school}-{light_demo.code}"]

    token = run(scenario())
    with workshop.Store(light_demo.folder) as store:
        assert workshop.own_votes(store, token) == [values[0]["id"]]
        assert workshop.own_ratings(store, token) == {stelling["id"]: 2}
        answer = own_answer(store, token, cases[1].id)
        assert (answer["signals"], answer["seriousness"], answer["next_steps"], answer["text"]) == (
            [cases[1].signals[0]], 3, [cases[1].next_steps[-1]], "Eerst met de mentor praten.")
        assert plan.own_priority_votes(store, token) == {action["id"]}


def test_a_form_without_its_xsrf_token_is_refused(kit_server, light_demo):
    async def scenario():
        me = phone(kit_server, light_demo)
        await me.join("Hidde Licht")
        me.xsrf = ""
        refused = await me.send("uitspraak", uitspraak="Zonder token")
        me.xsrf = "2|00000000|00000000000000000000000000000000|1"
        forged = await me.send("uitspraak", uitspraak="Met een verzonnen token")
        return refused, forged

    refused, forged = run(scenario())
    for reply in (refused, forged):
        assert reply.status == 403
        assert "Dit formulier is verlopen" in reply.text and "Laad de pagina opnieuw" in reply.text
    with workshop.Store(light_demo.folder) as store:
        texts = {s["text"] for s in workshop.list_statements(store, workshop.workshop_for_code(store, light_demo.code).id)}
    assert not texts & {"Zonder token", "Met een verzonnen token"}


def test_every_field_has_a_limit_with_a_dutch_message(kit_server, light_demo):
    async def scenario():
        me = phone(kit_server, light_demo)
        long_name = await (phone(kit_server, light_demo)).join("N" * 41)
        await me.join("Ilse Licht")
        too_long = await me.send("uitspraak", uitspraak="x" * 281)
        unknown = await me.send("uitspraak", uitspraak="Kort.", extra="?")
        too_big = await me.request(me.page, "POST", {"_xsrf": me.xsrf, "actie": "uitspraak", "uitspraak": "y" * 20_000})
        return long_name, too_long, unknown, too_big

    long_name, too_long, unknown, too_big = run(scenario())
    assert long_name.status == 400 and ALERT_RE.findall(long_name.text) == ["Je naam is 41 tekens lang; het maximum is 40."]
    assert too_long.status == 400
    assert ALERT_RE.findall(too_long.text) == ["Je uitspraak is 281 tekens lang; het maximum is 280."]
    assert "x" * 281 + "</textarea>" in too_long.text  # what was typed is kept to shorten it
    assert unknown.status == 400 and ALERT_RE.findall(unknown.text) == ["Dit formulier kan de kit niet verwerken."]
    assert too_big.status == 413 and "Dit is te veel tekst" in too_big.text


def test_a_closed_workshop_shows_its_banner_and_takes_nothing(kit_server, light_closed, light_demo):
    async def scenario():
        me = phone(kit_server, light_closed)
        page = await me.open()  # no form on it: the form's token comes from another workshop's page
        other = phone(kit_server, light_demo)
        await other.open()
        me.cookies["_xsrf"], me.xsrf = other.cookies["_xsrf"], other.xsrf
        joined = await me.send("meedoen", naam="Laat Licht")
        state = await me.state()
        return page, joined, state

    page, joined, state = run(scenario())
    assert "De workshop is gesloten." in page.text and "er kan niets meer worden ingevoerd" in page.text
    assert 'id="naam"' not in page.text
    assert joined.status == 400
    assert ALERT_RE.findall(joined.text) == ["De workshop is gesloten; er kan niets meer worden ingevoerd."]
    assert '"open": false' in state.text


def test_a_wrong_code_or_school_gets_the_join_page_answer(kit_server, light_demo):
    async def scenario():
        wrong = LightParticipant(client(), kit_server, light_demo.school, "AAAAAA")
        unknown = LightParticipant(client(), kit_server, "geen-school", light_demo.code)
        typed = LightParticipant(client(), kit_server, light_demo.school, light_demo.code.lower()[:3] + " " +
                                 light_demo.code.lower()[3:])
        bare = LightParticipant(client(), kit_server, light_demo.school, "")
        return [await p.open() for p in (wrong, unknown, typed, bare)] + [await wrong.state()]

    wrong, unknown, typed, bare, state = run(scenario())
    assert wrong.status == unknown.status == 403
    assert "Er is geen workshop met deze deelnamecode." in wrong.text and "Er is geen workshop" in unknown.text
    assert 'action="/mee/visie"' in wrong.text  # the form asks again, for this page
    assert typed.status == 200 and typed.url.endswith(f"code={light_demo.code}")  # "abc def" as people type it
    assert bare.status == 200 and 'id="kit-gate-code"' in bare.text
    assert state.status == 403 and "fout" in state.text


def test_old_participant_links_lead_to_the_light_pages(kit_server, light_demo):
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    query = urlencode({"school": light_demo.school, "code": light_demo.code})
    for notebook, exercise in (("01_visie", "visie"), ("02_signaleren", "signaleren"), ("04_actieplan", "actieplan")):
        try:
            opener.open(f"{kit_server}/voila/render/{notebook}.ipynb?{query}")
            raise AssertionError("no redirect")
        except urllib.error.HTTPError as exc:
            assert exc.code == 302 and exc.headers["Location"] == f"/mee/{exercise}?{query}"
    gate = urllib.request.urlopen(f"{kit_server}/voila/render/02_signaleren.ipynb?school={light_demo.school}").read()
    assert b'id="kit-gate-code"' in gate  # the join gate's code form sends the code to the same address: redirected


def test_the_live_state_changes_with_the_facilitator(kit_server, light_demo):
    from kit.signalering.cases import load_school_cases
    from kit.workshop.cases import show_case

    cases = load_school_cases(light_demo.folder)

    async def state():
        return (await phone(kit_server, light_demo, "signaleren").state()).text

    with workshop.Store(light_demo.folder) as store:
        show_case(store, light_demo.key, cases[0].id)
        time.sleep(0.6)  # the state is kept half a second
        before = run(state())
        show_case(store, light_demo.key, cases[2].id)
        time.sleep(0.6)
        after = run(state())
    assert f'"casus": "{cases[0].id}"' in before and f'"casus": "{cases[2].id}"' in after
    assert re.search(r'"versie": "(\w+)"', before).group(1) != re.search(r'"versie": "(\w+)"', after).group(1)


def test_participant_links_point_to_the_light_pages(monkeypatch):
    assert participant_link("obs-a", "ABC234", "01_visie", "http://10.0.0.5:8866/") == \
        "http://10.0.0.5:8866/mee/visie?school=obs-a&code=ABC234"
    assert participant_link("obs-a", "ABC234", "04_actieplan.ipynb", "../../") == "../../mee/actieplan?school=obs-a&code=ABC234"
    monkeypatch.setenv("VOILA_REQUEST_URL", "http://192.168.1.20:8866/voila/render/02_signaleren.ipynb?school=obs-a&key=k")
    assert participant_link("obs-a", "ABC234", "02_signaleren") == \
        "http://192.168.1.20:8866/mee/signaleren?school=obs-a&code=ABC234"
    monkeypatch.delenv("VOILA_REQUEST_URL")
    assert participant_link("obs-a", "ABC234", "01_visie") == "mee/visie?school=obs-a&code=ABC234"
