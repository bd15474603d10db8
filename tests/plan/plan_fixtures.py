"""Fixed survey findings and school profiles for the action plan tests (plain data, no files)."""

from __future__ import annotations

from datetime import date


TODAY = date(2026, 11, 25)

COMPLETE_PROFILE = """
id: obs-de-linde
naam: OBS De Linde
bestuur: Stichting Linde
onderwijstype: po
schooljaar: 2026-2027
leerlingen:
  groep 7: 25
  groep 8: 25
rollen:
  directeur: {naam: Ria Smit}
  coordinator: {naam: Ahmed Bakr}
  aanspreekpunt: {naam: Els de Boer}
  vertrouwenspersoon_intern: {naam: Joke Bakker}
  vertrouwenspersoon_extern: {naam: Bureau Vertrouwen}
  aandachtsfunctionaris: {naam: Petra Jansen}
beleid:
  antipestprogramma: KiVa
  monitoringsinstrument: KiVa-monitor
  pestprotocol: ja
  klachtenregeling: ja
  meldcode: ja
"""

PARTIAL_PROFILE = """
id: obs-de-linde
naam: OBS De Linde
onderwijstype: vo
schooljaar: 2026-2027
rollen:
  coordinator: {naam: Ahmed Bakr}
beleid:
  pestprotocol: ja
  klachtenregeling: nee
"""

EMPTY_PROFILE = "id: obs-de-linde\n"


def indicator(pct, n=45):
    """An indicator figure with an interval of ±5 points around pct (fixed, so rules can be read at a glance)."""
    if pct is None:
        return {"pct": None, "ci_low": None, "ci_high": None, "n": None, "suppressed": True}
    return {"pct": pct, "ci_low": max(pct - 5, 0), "ci_high": min(pct + 5, 100), "n": n}


def scale(mean, alpha, n):
    """A scale figure with an interval of ±0.2 around the mean (fixed, so rules can be read at a glance)."""
    return {"mean": mean, "alpha": alpha, "n": n, "ci_low": mean - 0.2, "ci_high": mean + 0.2}


def summary(gepest=5.0, veilig=92.0, online=3.0, zelf=2.0, places=None, steun=3.4, welbevinden=3.4, n=45,
            groups=None):
    """A survey summary as ``kit survey summary --json`` prints it; everything calm unless told otherwise."""
    shown = {"klas": 4.0, "gang": 3.0, "plein": 8.0, "toilet": 5.0, "gym": 4.0, "onderweg": 2.0, "online": 6.0,
             "nergens": 70.0}
    shown.update(places or {})
    return {
        "format": "table", "n": n, "excluded": {}, "invalid_answers": 0, "unmatched_columns": [],
        "indicators": {"veilig": indicator(veilig, n), "gepest": indicator(gepest, n),
                       "online_gepest": indicator(online, n), "zelf_gepest": indicator(zelf, n)},
        "scales": {"veiligheidsbeleving": scale(3.5, 0.82, n), "welbevinden": scale(welbevinden, 0.8, n),
                   "steun": scale(steun, 0.79, n)},
        "places": {k: ({"pct": v, "n": n} if v is not None else None) for k, v in shown.items()},
        "groups": groups or {"groep 7": {"n": 22, "indicators": {"gepest": indicator(gepest, 22)}, "scales": {}},
                             "groep 8": {"n": 23, "indicators": {"gepest": indicator(gepest, 23)}, "scales": {}}},
    }


def findings(current=None, previous=None, trend=None, year="2026-2027"):
    return {"year": year, "file": f"{year}.csv", "min_group_size": 10, "summary": current or summary(),
            "previous_year": "2025-2026" if previous else None, "previous_file": None,
            "previous_summary": previous, "trend": trend}
