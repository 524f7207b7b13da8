"""Every named query answers on the built-in data with what the statements say.

Expected values were worked out by reading statements.txt (line numbers in the comments), not
copied from output: e.g. 371 days from the EP resolution of 14 March 2019 (line 5) to the
release of 19 March 2020 (line 4) is 366 days to 14 March 2020 (2020 is a leap year) plus 5.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rightsgraph.build import load_graph
from rightsgraph.errors import QueryError
from rightsgraph.graph import KnowledgeGraph
from rightsgraph.queries import LocalTarget, QueryResult, load_library, run_query
from tests.conftest import MINIMAL_SOURCE
from tests.queries.test_deaths import EMPTY_ON_THE_BUILT_IN_DATA

S04 = "Release of Mukhtar Dzhakishev on parole"
S08 = "Critical health of Iskander Yerimbetov in detention"


def run(kg: KnowledgeGraph, name: str, **params: object) -> QueryResult:
    return run_query(LocalTarget(kg), name, params)


def split(cell: str) -> set[str]:
    return {part for part in cell.split("; ") if part}


def test_library_covers_every_competency_question_and_the_everyday_ones() -> None:
    library = load_library()
    assert len(library) >= 15
    for named in library.values():
        assert named.summary and named.description and named.tags, named.name
    competency = [q for q in library.values() if "competency" in q.tags]
    numbers = {int(word) for q in competency for word in q.description.replace(".", " ").split()[2:3] if word.isdigit()}
    assert numbers == set(range(1, 13)) | {14, 15}  # 13 (deaths) is answered by deaths-in-custody
    for everyday in ("actors-by-type", "events-in-range", "actor-profile", "sources"):
        assert "everyday" in library[everyday].tags


def test_q1_relatives_of_refugees(builtin_kg: KnowledgeGraph) -> None:
    # Line 8: Iskander Yerimbetov, political prisoner, brother of political refugee Botagoz
    # Jardemalie, is held in a Kazakhstani detention facility. No court or charge is named.
    result = run(builtin_kg, "relatives-of-refugees-prosecuted")
    assert [(r["refugeeName"], r["relativeName"], r["relation"], r["wording"], r["proceedingType"]) for r in result.to_python()] == [
        ("Botagoz Jardemalie", "Iskander Yerimbetov", "sibling of", "brother", "detention")
    ]
    (row,) = result.to_python()
    assert row["date"] == "XXXX" and "court" not in row and row.get("charges", "") == ""
    assert split(row["sources"]) == {S08}


def test_q1_with_a_refugee_parameter(builtin_kg: KnowledgeGraph) -> None:
    assert len(run(builtin_kg, "relatives-of-refugees-prosecuted", refugee="Botagoz Jardemalie")) == 1
    with pytest.raises(QueryError, match="no person named or identified 'Tokayevv'"):
        run(builtin_kg, "relatives-of-refugees-prosecuted", refugee="Tokayevv")


def test_q2_political_prisoners_and_status(builtin_kg: KnowledgeGraph) -> None:
    rows = {r["name"]: r for r in run(builtin_kg, "political-prisoners-status").to_python()}
    # Lines 4 and 15 call Dzhakishev a political prisoner; released 19 March 2020 on parole.
    assert rows["Mukhtar Dzhakishev"]["status"] == "released"
    assert rows["Mukhtar Dzhakishev"]["statusDate"] == "2020-03-19"
    assert rows["Mukhtar Dzhakishev"]["ground"] == "parole"
    assert split(rows["Mukhtar Dzhakishev"]["designationSources"]) == {S04, "Life-threatening condition of Mukhtar Dzhakishev"}
    # Lines 7 and 8: Yerimbetov released (line 7), no date or ground given.
    assert (rows["Iskander Yerimbetov"]["status"], rows["Iskander Yerimbetov"]["statusDate"], rows["Iskander Yerimbetov"]["ground"]) == ("released", "XXXX", "ground not stated")
    # Line 12: Tungishbayev, political prisoner; no arrest or release is reported.
    assert rows["Muratbek Tungishbayev"]["status"] == "no detention or release recorded"
    assert set(rows) == {"Mukhtar Dzhakishev", "Iskander Yerimbetov", "Muratbek Tungishbayev"}
    # Each statement calls them political prisoners in its own voice: its (unnamed) publisher designates.
    assert {r["designatedBy"] for r in rows.values()} == {"Human-rights organisation that published the statements (not named in them)"}


def test_q3_releases_after_interventions(builtin_kg: KnowledgeGraph) -> None:
    rows = [(r["personName"], r["documentType"], r["documentDate"], r["days"]) for r in run(builtin_kg, "releases-after-interventions").to_python()]
    assert rows == [
        ("Mukhtar Dzhakishev", "resolution", "2019-03-14", 371),       # line 5 → line 4
        # The EP's register: the HR/VP's answers of 21 February 2018, one on his case (about him
        # and his country: two rows), one on political prisoners in Kazakhstan.
        ("Mukhtar Dzhakishev", "letter", "2018-02-21", 757),
        ("Mukhtar Dzhakishev", "letter", "2018-02-21", 757),
        ("Mukhtar Dzhakishev", "letter", "2018-02-21", 757),
        # line 16, two questions; the register: both name him (two rows each).
        *[("Mukhtar Dzhakishev", "written question", "2017-11-13", 857)] * 4,
        ("Mukhtar Dzhakishev", "letter", "2017-10-19?", 882),           # line 16, 19 October
    ]
    within_a_year = run(builtin_kg, "releases-after-interventions", months=12)
    assert within_a_year.values("documentType") == ["resolution"]


def test_q4_ill_treatment_and_health(builtin_kg: KnowledgeGraph) -> None:
    rows = run(builtin_kg, "ill-treatment-and-health").to_python()
    by_name = {r["name"]: r for r in rows}
    assert len(rows) == 7
    assert by_name["Denial of timely medical care to Muratbek Tungishbayev"]["consequences"] == "loss of vision in one eye"  # line 12
    assert by_name["Critical health condition of Iskander Yerimbetov in detention"]["severity"] == "critical"  # line 8
    assert by_name["Torture of Mukhtar Dzhakishev"]["details"] == "torture"  # line 4
    assert split(by_name["Life-threatening condition of Mukhtar Dzhakishev"]["details"]) >= {"risk of stroke", "risk of heart attack", "impaired brain function"}  # line 15
    assert by_name["COVID-19 in closed prisons of occupied Crimea and Donbas"]["placeName"] == "Closed prisons in occupied Crimea and Donbas"  # line 3
    only_him = run(builtin_kg, "ill-treatment-and-health", person="muratbek-tungishbayev")
    assert len(only_him) == 2


def test_q5_protests(builtin_kg: KnowledgeGraph) -> None:
    rows = [(r["date"], r["outcomeType"], r["authorityName"], r.get("detained"), r.get("qualifier")) for r in run(builtin_kg, "protests-dispersed-or-detained").to_python()]
    assert rows == [
        ("2018-05-10", "dispersal", "Police of Kazakhstan", None, None),                     # line 13
        ("2019-07-06", "mass detention", "Law enforcement agencies of Kazakhstan", 700, "about"),  # line 9
    ]


def test_q6_documents_about_kazakhstan(builtin_kg: KnowledgeGraph) -> None:
    rows = run(builtin_kg, "documents-about-country", country="Kazakhstan").to_python()
    assert [(r["type"], r["date"]) for r in rows] == [
        ("letter", "2017-10-19?"), ("written question", "2017-11-13"), ("written question", "2017-11-13"),
        ("letter", "2018-02-21"), ("letter", "2018-02-21"),  # the answers, from the EP's register
        ("resolution", "2019-03-14"), ("written declaration", "XXXX"),
    ]
    declaration = rows[-1]
    assert (declaration["authors"], declaration["signatoryCount"], declaration["body"]) == ("André Gattolin", 22, "Parliamentary Assembly of the Council of Europe")  # line 10
    assert rows[5]["reference"] == "2019/2610(RSP)"  # line 5
    assert len(run(builtin_kg, "documents-about-country", country="France")) == 0  # line 10 names France; no document concerns it
    with pytest.raises(QueryError, match="no country named"):
        run(builtin_kg, "documents-about-country", country="Russia")  # line 3: Russia acts (effective control), a state


def test_q7_timeline(builtin_kg: KnowledgeGraph) -> None:
    rows = run(builtin_kg, "timeline-of-person", person="Mukhtar Dzhakishev").to_python()
    assert [(r["date"], r["type"], r["roles"]) for r in rows] == [
        ("2010~/2020", "rights violation", "victim"),          # "during the past decade"
        ("../2020-03-03", "release request", "affected person or group"),  # earlier requests rejected
        ("2020-03-03", "court decision", "defendant"),          # Semey court, parole
        ("2020-03-19", "release", "released person"),           # released
    ]
    assert all(r["sources"] == S04 for r in rows)
    with pytest.raises(QueryError, match="needs the parameter person"):
        run(builtin_kg, "timeline-of-person")


def test_q8_court_decisions(builtin_kg: KnowledgeGraph) -> None:
    (row,) = run(builtin_kg, "court-decisions-on-political-prisoners").to_python()
    assert (row["courtName"], row["date"], row["personName"]) == ("Court in Semey", "2020-03-03", "Mukhtar Dzhakishev")
    assert split(row["outcomes"]) == {"parole granted", "probation supervision"}


def test_q9_single_source_facts_and_sources_of_a_fact(builtin_kg: KnowledgeGraph) -> None:
    release = run(builtin_kg, "single-source-facts", record="release-of-mukhtar-dzhakishev").to_python()
    assert {r["propertyName"] for r in release} == {"date", "date (EDTF)", "earliest date", "latest date", "place of detention", "release ground", "released person"}
    assert {r["sourceTitle"] for r in release} == {S04}
    # Citizenship of Dzhakishev is stated on lines 4 and 15: two sources, not a single one.
    dzhakishev = run(builtin_kg, "single-source-facts", record="mukhtar-dzhakishev")
    assert "citizenship" not in dzhakishev.values("propertyName")
    sources = run(builtin_kg, "sources-of-fact", record="Mukhtar Dzhakishev", property="citizenship")
    assert sorted(r["locator"] for r in sources.to_python()) == ["statements.txt, line 15", "statements.txt, line 4"]
    kinship = run(builtin_kg, "sources-of-fact", record="iskander-yerimbetov", property="rg:siblingOf", value="botagoz-jardemalie")
    assert kinship.values("locator") == ["statements.txt, line 8"]


def test_q10_responsible_actors(builtin_kg: KnowledgeGraph) -> None:
    rows = [(r["name"], r["cases"], r["roles"]) for r in run(builtin_kg, "responsible-actors").to_python()]
    assert rows == [
        ("Court in Semey", 1, "decided by"),                          # line 4
        ("Law enforcement agencies of Kazakhstan", 1, "perpetrator"),  # line 9
        ("Police of Kazakhstan", 1, "perpetrator"),                    # line 13
        ("Tokayev", 1, "perpetrator"),                                 # line 1
    ]


def test_q11_aggregate_figures(builtin_kg: KnowledgeGraph) -> None:
    rows = {(r["value"], r.get("qualifier", "")) for r in run(builtin_kg, "aggregate-figures").to_python()}
    assert rows == {
        (800000, ""),         # line 1, US$
        (700, "about"),       # line 9
        (56, "exactly"),      # line 6
        (38, "more than"),    # line 14
        (24, "exactly"),      # line 14
        (22, ""),             # line 10, signatories
        (16, "at least"),     # line 6
        (2, "exactly"),       # line 14, mental hospitals
    }


def test_q12_links(builtin_kg: KnowledgeGraph) -> None:
    rows = run(builtin_kg, "external-links").to_python()
    # 30 actors, the statements' publisher (who designates political prisoners) and the ~700
    # protesters detained on 6 July 2019 (line 9) as one group. The states are actors (Russia,
    # the United States, the state of Kazakhstan); Kazakhstan, France and China as countries are not.
    assert len(rows) == 32 and not any(r["isLinked"] for r in rows)
    states = sorted(r["name"] for r in rows if r["type"] == "state")
    assert states == ["Russia", "State of Kazakhstan", "United States"]
    assert len(run(builtin_kg, "external-links", linked="true")) == 0


def test_everyday_queries(builtin_kg: KnowledgeGraph) -> None:
    people = run(builtin_kg, "actors-by-type", type="Person").values("name")
    assert people == ["André Gattolin", "Botagoz Jardemalie", "Iskander Yerimbetov", "Mukhtar Dzhakishev", "Muratbek Tungishbayev", "Nazarbayev", "Tokayev"]
    assert run(builtin_kg, "actors-by-type", type="InternationalBody").values("name") == [
        "Council of Europe", "EU Vice-President / High Representative", "European Parliament", "Parliamentary Assembly of the Council of Europe",
    ]
    in_2019 = run(builtin_kg, "events-in-range", **{"from": "2019", "to": "2019"}).values("name")
    assert in_2019 == [
        "Mukhtar Dzhakishev denied a fair and public trial, defence and humane treatment",
        "Detention of about 700 peaceful protesters on 6 July 2019",
        "Rallies of 6 July 2019 in cities of Kazakhstan",
        "Earlier requests to release Mukhtar Dzhakishev (rejected)",
    ]
    march_2020 = run(builtin_kg, "events-in-range", **{"from": "2020-03-10", "to": "2020-03"}).values("name")
    assert march_2020 == ["Mukhtar Dzhakishev denied a fair and public trial, defence and humane treatment", "Release of Mukhtar Dzhakishev on parole"]
    profile = run(builtin_kg, "actor-profile", actor="Botagoz Jardemalie").to_python()
    assert ("sibling of", "Iskander Yerimbetov") in {(r.get("propertyName"), r.get("otherName")) for r in profile}
    sources = run(builtin_kg, "sources").to_python()
    assert len(sources) == 18 and all(r["facts"] > 0 for r in sources)  # 15 statements, 3 EP pages


def test_every_named_query_runs(builtin_kg: KnowledgeGraph) -> None:
    required = {"timeline-of-person": {"person": "Mukhtar Dzhakishev"}, "actor-profile": {"actor": "pace"},
                "sources-of-fact": {"record": "pace", "property": "subOrganizationOf"}}
    for name in load_library():
        result = run(builtin_kg, name, **required.get(name, {}))
        assert (len(result) > 0) != (name in EMPTY_ON_THE_BUILT_IN_DATA), name


def test_q3_counts_documents_concerning_the_person_and_not_only_the_country(write_case: Callable[..., Path]) -> None:
    """A letter about one prisoner (not their country) before the release is an intervention."""
    path = write_case(MINIMAL_SOURCE + """
places:
  - {id: utopia, type: State, name: Utopia, sources: [src]}
actors:
  - {id: ann, type: Person, name: Ann, citizenship: utopia, sources: [src]}
  - {id: parliament, type: InternationalBody, name: A Parliament, sources: [src]}
events:
  - {id: release-of-ann, type: Release, name: Release of Ann, releasedPerson: ann, date: 2020-03-10, sources: [src]}
documents:
  - {id: letter, type: Letter, name: Letter about Ann, concerns: ann, date: 2020-03-01, issuingBody: parliament, sources: [src]}
  - {id: resolution, type: Resolution, name: Resolution on Utopia, concerns: utopia, date: 2020-02-10, issuingBody: parliament, sources: [src]}
""")
    kg, _ = load_graph([path])
    rows = run(kg, "releases-after-interventions").rows
    # 1 March to 10 March is 9 days; 10 February to 10 March 2020 is 19 + 10 = 29 days.
    assert sorted((str(r["documentName"]), str(r["concerning"]), int(r["days"].toPython())) for r in rows) == [
        ("Letter about Ann", "Ann", 9),
        ("Resolution on Utopia", "Utopia", 29),
    ]


def test_q2_a_detention_counts_whatever_other_people_s_releases_are(write_case: Callable[..., Path]) -> None:
    """Ann, detained in 2015 and never released, is detained, though Bob was released later."""
    path = write_case(MINIMAL_SOURCE + """
actors:
  - {id: ann, type: Person, name: Ann, sources: [src]}
  - {id: bob, type: Person, name: Bob, sources: [src]}
  - {id: ngo, type: NonGovernmentalOrganization, name: Monitor, sources: [src]}
events:
  - {id: pp-ann, type: PoliticalPrisonerDesignation, name: Ann a political prisoner, statusHolder: ann, designatedBy: ngo, sources: [src]}
  - {id: pp-bob, type: PoliticalPrisonerDesignation, name: Bob a political prisoner, statusHolder: bob, designatedBy: ngo, sources: [src]}
  - {id: detention-of-ann, type: Detention, name: Detention of Ann, detainee: ann, date: 2015-05, sources: [src]}
  - {id: detention-of-bob, type: Detention, name: Detention of Bob, detainee: bob, date: 2016, sources: [src]}
  - {id: release-of-bob, type: Release, name: Release of Bob, releasedPerson: bob, date: 2020-01-02, sources: [src]}
""")
    kg, _ = load_graph([path])
    rows = run(kg, "political-prisoners-status").rows
    assert sorted((str(r["name"]), str(r["status"]), str(r["statusDate"])) for r in rows) == [
        ("Ann", "detained", "2015-05"),
        ("Bob", "released", "2020-01-02"),
    ]
