"""The built-in dataset against its sources, one source graph at a time.

The sources are the fifteen statements and three pages of the European Parliament's register of
parliamentary questions (the numbers of the written questions of statement 16, and their
answers). Each expectation below was written by reading the statement on that line of
statements.txt, or that page; the subject lists are complete, so a record that slips into a
source that does not mention it fails the test.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib.term import Node

from rightsgraph.graph import KnowledgeGraph, PROVENANCE_GRAPH
from rightsgraph.graph.iris import DEFAULT_BASE
from rightsgraph.ontology import RG, vocabulary

SEGMENTS = {
    "person": ["mukhtar-dzhakishev", "iskander-yerimbetov", "botagoz-jardemalie", "muratbek-tungishbayev", "tokayev", "nazarbayev", "andre-gattolin"],
    "state": ["russia", "united-states", "state-of-kazakhstan"],
    "country": ["kazakhstan", "france", "china"],
    "place": ["semey", "crimea", "donbas"],
    "facility": ["closed-prisons-crimea-donbas", "prison-of-mukhtar-dzhakishev", "detention-facility-of-iskander-yerimbetov"],
    "group": ["international-organizations", "international-observers", "members-of-the-european-parliament", "yerimbetov-lawyers-and-family", "protesters-of-6-july-2019", "protesters-of-10-may-2018", "detained-protesters-of-6-july-2019"],
    "post": ["president-of-kazakhstan", "member-of-the-french-senate"],
}


def iri(slug: str) -> URIRef:
    """The IRI of a built-in record from its id."""
    for segment, slugs in SEGMENTS.items():
        if slug in slugs:
            return URIRef(f"{DEFAULT_BASE}{segment}/{slug}")
    for segment in ("organization", "event", "document", "figure", "involvement", "membership"):
        candidate = URIRef(f"{DEFAULT_BASE}{segment}/{slug}")
        if _known(candidate):
            return candidate
    raise KeyError(slug)


_KNOWN: set[Node] = set()


def _known(candidate: URIRef) -> bool:
    return candidate in _KNOWN


@pytest.fixture(scope="module", autouse=True)
def known_subjects(builtin_kg: KnowledgeGraph) -> None:
    _KNOWN.update(row["s"] for row in builtin_kg.select("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } }"))


def graph_of(source: str) -> URIRef:
    return URIRef(f"{DEFAULT_BASE}graph/{source}")


def triples(kg: KnowledgeGraph, source: str) -> set[tuple[Node, Node, Node]]:
    rows = kg.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {graph_of(source).n3()} {{ ?s ?p ?o }} }}")
    return {(r["s"], r["p"], r["o"]) for r in rows}


def records(kg: KnowledgeGraph, source: str) -> set[str]:
    """Ids of the records the source's graph describes (reified kinship statements aside)."""
    return {
        str(s).rsplit("/", 1)[-1]
        for s, p, o in triples(kg, source)
        if p == RDFS.label
    }


EXPECTED_RECORDS = {
    "s01": {"kazakhstan", "united-states", "state-of-kazakhstan", "government-of-kazakhstan", "tokayev", "president-of-kazakhstan", "us-covid-19-assistance", "repression-under-tokayev", "tokayev-in-repression"},
    "s03": {"russia", "crimea", "donbas", "closed-prisons-crimea-donbas", "international-organizations", "covid-19-in-closed-prisons-crimea-donbas", "appeal-covid-19-crimea-donbas"},
    "s04": {"publisher-of-the-statements", "kazakhstan", "semey", "court-in-semey", "international-observers", "mukhtar-dzhakishev", "prison-of-mukhtar-dzhakishev", "political-prisoner-mukhtar-dzhakishev", "rights-denied-mukhtar-dzhakishev", "torture-of-mukhtar-dzhakishev", "detention-of-mukhtar-dzhakishev", "health-decline-of-mukhtar-dzhakishev", "release-requests-of-mukhtar-dzhakishev", "parole-decision-mukhtar-dzhakishev", "release-of-mukhtar-dzhakishev"},
    "s05": {"kazakhstan", "european-parliament", "ep-resolution-2019-03-14", "report-on-ep-resolution-implementation"},
    "s06": {"kazakhstan", "report-on-56-victims", "victims-examined-in-report", "political-prisoners-still-held-in-report"},
    "s07": {"publisher-of-the-statements", "kazakhstan", "iskander-yerimbetov", "political-prisoner-iskander-yerimbetov", "release-of-iskander-yerimbetov"},
    "s08": {"publisher-of-the-statements", "kazakhstan", "iskander-yerimbetov", "botagoz-jardemalie", "yerimbetov-lawyers-and-family", "detention-facility-of-iskander-yerimbetov", "political-prisoner-iskander-yerimbetov", "refugee-status-botagoz-jardemalie", "detention-of-iskander-yerimbetov", "critical-health-of-iskander-yerimbetov"},
    "s09": {"kazakhstan", "china", "law-enforcement-agencies-of-kazakhstan", "nazarbayev", "protesters-of-6-july-2019", "presidential-election-kazakhstan", "rallies-of-6-july-2019", "mass-detention-of-6-july-2019", "detained-protesters-of-6-july-2019", "law-enforcement-in-mass-detention-of-6-july-2019"},
    "s10": {"kazakhstan", "france", "council-of-europe", "pace", "french-senate", "french-delegation-to-the-council-of-europe", "andre-gattolin", "member-of-the-french-senate", "pace-declaration-magnitsky-sanctions"},
    "s11": {"kazakhstan", "government-of-kazakhstan", "concessions-in-political-prisoners-cases"},
    "s12": {"publisher-of-the-statements", "kazakhstan", "muratbek-tungishbayev", "political-prisoner-muratbek-tungishbayev", "denial-of-medical-care-muratbek-tungishbayev", "health-of-muratbek-tungishbayev"},
    "s13": {"kazakhstan", "police-of-kazakhstan", "european-parliament", "european-parliament-delegation", "protesters-of-10-may-2018", "protest-of-10-may-2018", "dispersal-of-10-may-2018", "police-in-dispersal-of-10-may-2018"},
    "s14": {"kazakhstan", "registered-political-prosecutions", "political-prisoners-held", "political-prisoners-in-mental-hospitals"},
    "s15": {"publisher-of-the-statements", "kazakhstan", "mukhtar-dzhakishev", "political-prisoner-mukhtar-dzhakishev", "life-threatening-condition-of-mukhtar-dzhakishev"},
    "s16": {"kazakhstan", "government-of-kazakhstan", "european-parliament", "members-of-the-european-parliament", "eu-vp-hr", "written-question-2017-11-13-1", "written-question-2017-11-13-2", "meps-letters-2017-10-19", "meps-letters-for-release-2017-10-19", "meps-written-questions-2017-11-13"},
}
STATEMENTS = sorted(EXPECTED_RECORDS)
EP_PAGES = {
    # The answer to E-007094/2017: on the cases of Dzhakishev (and Tokmadi, who has no record here).
    "ep-answer-e-007094-2017": {"answer-to-written-question-e-007094-2017", "written-question-2017-11-13-1", "meps-written-questions-2017-11-13"},
    # The question E-007095/2017 itself: its number, its subject, Dzhakishev among those it lists.
    "ep-question-e-007095-2017": {"written-question-2017-11-13-2"},
    # The answer to E-007095/2017.
    "ep-answer-e-007095-2017": {"answer-to-written-question-e-007095-2017", "meps-written-questions-2017-11-13"},
}
EXPECTED_RECORDS.update(EP_PAGES)


def test_fifteen_distinct_statements_and_three_ep_pages_are_the_sources(builtin_kg: KnowledgeGraph) -> None:
    assert sorted(str(g).rsplit("/", 1)[-1] for g in builtin_kg.fact_graphs()) == sorted(EXPECTED_RECORDS)
    assert len(STATEMENTS) == 15 and len(EP_PAGES) == 3


@pytest.mark.parametrize("source", sorted(EXPECTED_RECORDS))
def test_each_source_holds_exactly_the_records_its_statement_names(builtin_kg: KnowledgeGraph, source: str) -> None:
    assert records(builtin_kg, source) == EXPECTED_RECORDS[source]


def test_repeated_statement_is_one_source_with_both_lines(builtin_kg: KnowledgeGraph) -> None:
    rows = builtin_kg.select(
        f"SELECT ?line WHERE {{ GRAPH {PROVENANCE_GRAPH.n3()} {{ ?s a rg:Source ; rg:lineNumber ?line }} }}"
    )
    lines = sorted(int(r["line"]) for r in rows)
    assert lines == [1, 2, *range(3, 17)]


def test_every_fact_graph_has_a_described_source(builtin_kg: KnowledgeGraph) -> None:
    rows = builtin_kg.select(f"""
        SELECT ?g ?src ?summary ?locator WHERE {{
          GRAPH {PROVENANCE_GRAPH.n3()} {{
            ?g a rg:FactGraph ; prov:wasDerivedFrom ?src .
            ?src a rg:Source ; rg:summary ?summary ; rg:locator ?locator ; rg:confidence ?c ; rg:supportingPhrase ?q .
          }} }}""")
    described = {r["g"] for r in rows}
    assert set(builtin_kg.fact_graphs()) == described
    assert len(described) == 18
    # Summaries are our own words and short; supporting phrases are short.
    for row in builtin_kg.select(f"SELECT ?q WHERE {{ GRAPH {PROVENANCE_GRAPH.n3()} {{ ?s rg:supportingPhrase ?q }} }}"):
        assert len(str(row["q"]).split()) <= 8


def fact(kg: KnowledgeGraph, source: str, s: str, p: URIRef, o: Node | str) -> bool:
    obj = iri(o) if type(o) is str else o  # rdflib terms are str subclasses
    return (iri(s), p, obj) in triples(kg, source)


STATEMENT_FACTS: dict[str, list[tuple[str, URIRef, Node | str]]] = {
    # 1: US$800,000 of additional assistance from the U.S.; President Tokayev represses freedoms.
    "s01": [
        ("us-covid-19-assistance", RG.donor, "united-states"),
        ("us-covid-19-assistance", RG.recipient, "government-of-kazakhstan"),
        ("us-covid-19-assistance", RG.amount, Literal(Decimal(800000))),
        ("us-covid-19-assistance", RG.currency, Literal("USD")),
        ("repression-under-tokayev", RG.perpetrator, "tokayev"),
        ("president-of-kazakhstan", RG.postIn, "state-of-kazakhstan"),  # President Tokayev: the state's post
        ("state-of-kazakhstan", RG.stateOf, "kazakhstan"),
        ("repression-under-tokayev", RG.violatedRight, RG.RightFundamentalFreedoms),
        ("repression-under-tokayev", RG.violationStatus, RG.ViolationAlleged),
        # "President Tokayev continues to repress": responsible for a policy, not a single act
        ("tokayev-in-repression", RG.involvedIn, "repression-under-tokayev"),
        ("tokayev-in-repression", RG.involvedActor, "tokayev"),
        ("tokayev-in-repression", RG.degreeOfInvolvement, RG.InvolvementLawOrPolicy),
        ("tokayev", RG.holdsPost, "president-of-kazakhstan"),
        ("government-of-kazakhstan", RG.jurisdiction, "kazakhstan"),
    ],
    # 3: COVID-19 in closed prisons in occupied Crimea and Donbas, under Russia's control.
    "s03": [
        ("crimea", RG.underEffectiveControlOf, "russia"),
        ("donbas", RG.underEffectiveControlOf, "russia"),
        ("covid-19-in-closed-prisons-crimea-donbas", RG.condition, Literal("COVID-19")),
        ("covid-19-in-closed-prisons-crimea-donbas", RG.placeOfDetention, "closed-prisons-crimea-donbas"),
        ("appeal-covid-19-crimea-donbas", RG.addressee, "international-organizations"),
    ],
    # 4: released 19 March 2020; Semey court, 3 March 2020, parole and probation; earlier
    # requests rejected; fair/public trial, defence, humane treatment denied; torture victim.
    "s04": [
        ("release-of-mukhtar-dzhakishev", RG.releasedPerson, "mukhtar-dzhakishev"),
        ("release-of-mukhtar-dzhakishev", RG.date, Literal("2020-03-19", datatype=XSD.date)),
        ("release-of-mukhtar-dzhakishev", RG.releaseGround, RG.GroundParole),
        ("parole-decision-mukhtar-dzhakishev", RG.date, Literal("2020-03-03", datatype=XSD.date)),
        ("parole-decision-mukhtar-dzhakishev", RG.decidedBy, "court-in-semey"),
        ("parole-decision-mukhtar-dzhakishev", RG.outcome, RG.OutcomeParoleGranted),
        ("parole-decision-mukhtar-dzhakishev", RG.outcome, RG.OutcomeProbation),
        ("parole-decision-mukhtar-dzhakishev", RG.resultedIn, "release-of-mukhtar-dzhakishev"),
        ("court-in-semey", RG.locatedIn, "semey"),
        ("semey", RG.locatedIn, "kazakhstan"),
        ("release-requests-of-mukhtar-dzhakishev", RG.outcome, RG.OutcomeRequestRejected),
        ("release-requests-of-mukhtar-dzhakishev", RG.latestDate, Literal("2020-03-03", datatype=XSD.date)),
        ("rights-denied-mukhtar-dzhakishev", RG.violatedRight, RG.RightFairTrial),
        ("rights-denied-mukhtar-dzhakishev", RG.violatedRight, RG.RightPublicTrial),
        ("rights-denied-mukhtar-dzhakishev", RG.violatedRight, RG.RightDefence),
        ("rights-denied-mukhtar-dzhakishev", RG.violatedRight, RG.RightHumaneTreatment),
        ("torture-of-mukhtar-dzhakishev", RG.treatmentType, RG.TreatmentTorture),
        ("torture-of-mukhtar-dzhakishev", RG.violationStatus, RG.ViolationAlleged),
        ("rights-denied-mukhtar-dzhakishev", RG.violationStatus, RG.ViolationAlleged),
        # "released from prison": the imprisonment ended on the day of the release, before it
        ("detention-of-mukhtar-dzhakishev", RG.detentionType, RG.DetentionImprisonment),
        ("detention-of-mukhtar-dzhakishev", RG.endDate, Literal("2020-03-19", datatype=XSD.date)),
        ("detention-of-mukhtar-dzhakishev", RG.precedes, "release-of-mukhtar-dzhakishev"),
        ("political-prisoner-mukhtar-dzhakishev", RG.designatedBy, "publisher-of-the-statements"),
        ("health-decline-of-mukhtar-dzhakishev", RG.reportedBy, "international-observers"),
        ("mukhtar-dzhakishev", RG.citizenship, "kazakhstan"),
        ("political-prisoner-mukhtar-dzhakishev", RG.statusHolder, "mukhtar-dzhakishev"),
    ],
    # 5: EP Resolution of 14 March 2019, 2019/2610(RSP); a report on its implementation.
    "s05": [
        ("ep-resolution-2019-03-14", RG.date, Literal("2019-03-14", datatype=XSD.date)),
        ("ep-resolution-2019-03-14", RG.procedureReference, Literal("2019/2610(RSP)")),
        ("ep-resolution-2019-03-14", RG.issuingBody, "european-parliament"),
        ("ep-resolution-2019-03-14", RG.concerns, "kazakhstan"),
        ("report-on-ep-resolution-implementation", RG.concerns, "ep-resolution-2019-03-14"),
    ],
    # 6: 56 victims examined; at least 16 political prisoners still held.
    "s06": [
        ("victims-examined-in-report", RG.value, Literal(Decimal(56))),
        ("victims-examined-in-report", RG.statedIn, "report-on-56-victims"),
        ("political-prisoners-still-held-in-report", RG.value, Literal(Decimal(16))),
        ("political-prisoners-still-held-in-report", RG.quantityQualifier, RG.QualifierAtLeast),
    ],
    # 7: release of political prisoner Iskander Yerimbetov (no date given).
    "s07": [
        ("release-of-iskander-yerimbetov", RG.releasedPerson, "iskander-yerimbetov"),
        ("release-of-iskander-yerimbetov", RG.dateEDTF, Literal("XXXX")),
        ("political-prisoner-iskander-yerimbetov", RG.statusHolder, "iskander-yerimbetov"),
    ],
    # 8: brother of political refugee Botagoz Jardemalie; critical health in a Kazakhstani
    # detention facility, as his lawyers and family report.
    "s08": [
        ("iskander-yerimbetov", RG.siblingOf, "botagoz-jardemalie"),
        ("refugee-status-botagoz-jardemalie", RG.statusHolder, "botagoz-jardemalie"),
        ("refugee-status-botagoz-jardemalie", RG.statusKind, RG.StatusPoliticalRefugee),
        ("critical-health-of-iskander-yerimbetov", RG.severity, RG.SeverityCritical),
        ("critical-health-of-iskander-yerimbetov", RG.reportedBy, "yerimbetov-lawyers-and-family"),
        ("detention-of-iskander-yerimbetov", RG.placeOfDetention, "detention-facility-of-iskander-yerimbetov"),
        ("detention-facility-of-iskander-yerimbetov", RG.locatedIn, "kazakhstan"),
    ],
    # 9: 6 July 2019 rallies; about 700 peaceful protesters detained by law enforcement.
    "s09": [
        ("rallies-of-6-july-2019", RG.date, Literal("2019-07-06", datatype=XSD.date)),
        ("rallies-of-6-july-2019", RG.resultedIn, "mass-detention-of-6-july-2019"),
        ("rallies-of-6-july-2019", RG.concerns, "nazarbayev"),
        ("mass-detention-of-6-july-2019", RG.numberOfPeople, Literal(700)),
        ("mass-detention-of-6-july-2019", RG.quantityQualifier, RG.QualifierAbout),
        ("mass-detention-of-6-july-2019", RG.perpetrator, "law-enforcement-agencies-of-kazakhstan"),
        ("mass-detention-of-6-july-2019", RG.detainee, "detained-protesters-of-6-july-2019"),
        ("detained-protesters-of-6-july-2019", RG.numberOfPeople, Literal(700)),
        ("law-enforcement-in-mass-detention-of-6-july-2019", RG.degreeOfInvolvement, RG.InvolvementCarriedOut),
        ("law-enforcement-in-mass-detention-of-6-july-2019", RG.perpetratorType, RG.PerpetratorPolice),
    ],
    # 10: PACE spring session, 22 signatories, title, tabled by senator André Gattolin.
    "s10": [
        ("pace-declaration-magnitsky-sanctions", RG.title, Literal("Magnitsky laws sanctions must be imposed in response to political prosecution in Kazakhstan")),
        ("pace-declaration-magnitsky-sanctions", RG.tabledBy, "andre-gattolin"),
        ("pace-declaration-magnitsky-sanctions", RG.numberOfSignatories, Literal(22)),
        ("pace-declaration-magnitsky-sanctions", RG.issuingBody, "pace"),
        ("pace-declaration-magnitsky-sanctions", RG.session, Literal("Spring session")),
        ("andre-gattolin", RG.memberOf, "french-delegation-to-the-council-of-europe"),
        ("andre-gattolin", RG.holdsPost, "member-of-the-french-senate"),
        ("pace", RG.subOrganizationOf, "council-of-europe"),
    ],
    # 11: individual concessions for foreign investment and international image.
    "s11": [
        ("concessions-in-political-prisoners-cases", RG.hasActor, "government-of-kazakhstan"),
        ("government-of-kazakhstan", SKOS.altLabel, Literal("Authorities of Kazakhstan")),
    ],
    # 12: loss of vision in one eye for lack of timely medical care; urgent hospitalisation.
    "s12": [
        ("denial-of-medical-care-muratbek-tungishbayev", RG.treatmentType, RG.TreatmentDenialOfMedicalCare),
        ("denial-of-medical-care-muratbek-tungishbayev", RG.consequence, Literal("loss of vision in one eye")),
        ("health-of-muratbek-tungishbayev", RG.medicalNeed, Literal("urgent hospitalisation")),
        ("political-prisoner-muratbek-tungishbayev", RG.statusHolder, "muratbek-tungishbayev"),
    ],
    # 13: 10 May 2018, police dispersed peaceful protesters with brute force; EP delegation.
    "s13": [
        ("protest-of-10-may-2018", RG.date, Literal("2018-05-10", datatype=XSD.date)),
        ("protest-of-10-may-2018", RG.addressee, "european-parliament-delegation"),
        ("protest-of-10-may-2018", RG.resultedIn, "dispersal-of-10-may-2018"),
        ("dispersal-of-10-may-2018", RG.perpetrator, "police-of-kazakhstan"),
        ("dispersal-of-10-may-2018", RG.treatmentType, RG.TreatmentUseOfForce),
        ("dispersal-of-10-may-2018", RG.violationStatus, RG.ViolationAlleged),
        ("police-in-dispersal-of-10-may-2018", RG.involvedActor, "police-of-kazakhstan"),
        ("police-in-dispersal-of-10-may-2018", RG.degreeOfInvolvement, RG.InvolvementCarriedOut),
    ],
    # 14: more than 38 cases; 24 political prisoners held, 2 in mental hospitals.
    "s14": [
        ("registered-political-prosecutions", RG.value, Literal(Decimal(38))),
        ("registered-political-prosecutions", RG.quantityQualifier, RG.QualifierMoreThan),
        ("political-prisoners-held", RG.value, Literal(Decimal(24))),
        ("political-prisoners-in-mental-hospitals", RG.value, Literal(Decimal(2))),
        ("political-prisoners-in-mental-hospitals", RG.subsetOf, "political-prisoners-held"),
    ],
    # 15: life-threatening diseases, risk of stroke and heart attack, impaired brain function.
    "s15": [
        ("life-threatening-condition-of-mukhtar-dzhakishev", RG.condition, Literal("risk of stroke")),
        ("life-threatening-condition-of-mukhtar-dzhakishev", RG.condition, Literal("risk of heart attack")),
        ("life-threatening-condition-of-mukhtar-dzhakishev", RG.condition, Literal("impaired brain function")),
        ("life-threatening-condition-of-mukhtar-dzhakishev", RG.severity, RG.SeverityLifeThreatening),
    ],
    # 16: 13 November 2017 two written questions to the EU VP/HR; letters of 19 October.
    "s16": [
        ("written-question-2017-11-13-1", RG.date, Literal("2017-11-13", datatype=XSD.date)),
        ("written-question-2017-11-13-2", RG.addressee, "eu-vp-hr"),
        ("written-question-2017-11-13-1", RG.author, "members-of-the-european-parliament"),
        ("meps-letters-2017-10-19", RG.dateEDTF, Literal("2017-10-19?")),
        ("meps-letters-2017-10-19", RG.addressee, "government-of-kazakhstan"),
        ("meps-letters-2017-10-19", RG.demand, Literal("release several political prisoners")),
        # the interventions, the documents that carry them, and that no answer is recorded
        ("meps-letters-for-release-2017-10-19", RG.interveningParty, "members-of-the-european-parliament"),
        ("meps-letters-for-release-2017-10-19", RG.requestedOf, "government-of-kazakhstan"),
        ("meps-letters-for-release-2017-10-19", RG.interventionType, RG.InterventionOnBehalfOfVictims),
        ("meps-letters-for-release-2017-10-19", RG.response, RG.ResponseNoneRecorded),
        ("meps-letters-for-release-2017-10-19", RG.precedes, "meps-written-questions-2017-11-13"),
        ("meps-letters-2017-10-19", RG.realizes, "meps-letters-for-release-2017-10-19"),
        ("meps-written-questions-2017-11-13", RG.requestedOf, "eu-vp-hr"),
        ("written-question-2017-11-13-1", RG.realizes, "meps-written-questions-2017-11-13"),
        ("written-question-2017-11-13-2", RG.realizes, "meps-written-questions-2017-11-13"),
    ],
    # The EP's register: "Question reference: E-007094/2017", answered on 21 February 2018 by the
    # HR/VP, on the cases of Mukhtar Dzhakishev and Muratkhan Tokmadi; the EU raised them with the
    # Kazakh authorities (put greater pressure). The EP's own page for it is E-8-2017-007094
    # (8th term), so the ELI document is .../eli/dl/doc/E-8-2017-007094.
    "ep-answer-e-007094-2017": [
        ("written-question-2017-11-13-1", SKOS.exactMatch, URIRef("https://data.europarl.europa.eu/eli/dl/doc/E-8-2017-007094")),
        ("written-question-2017-11-13-1", RG.concerns, "mukhtar-dzhakishev"),
        ("answer-to-written-question-e-007094-2017", RG.answersTo, "written-question-2017-11-13-1"),
        ("answer-to-written-question-e-007094-2017", RG.author, "eu-vp-hr"),
        ("answer-to-written-question-e-007094-2017", RG.date, Literal("2018-02-21", datatype=XSD.date)),
        ("answer-to-written-question-e-007094-2017", RG.concerns, "mukhtar-dzhakishev"),
        ("meps-written-questions-2017-11-13", RG.response, RG.ResponsePressure),
    ],
    # "Question for written answer E-007095-17", subject "VP/HR — Political prisoners and
    # politically motivated prosecutions in the Republic of Kazakhstan"; Dzhakishev among the
    # imprisoned it lists.
    "ep-question-e-007095-2017": [
        ("written-question-2017-11-13-2", SKOS.exactMatch, URIRef("https://data.europarl.europa.eu/eli/dl/doc/E-8-2017-007095")),
        ("written-question-2017-11-13-2", RG.title, Literal("VP/HR — Political prisoners and politically motivated prosecutions in the Republic of Kazakhstan")),
        ("written-question-2017-11-13-2", RG.concerns, "mukhtar-dzhakishev"),
    ],
    # Its answer, 21 February 2018, by the HR/VP: cases raised in the human rights dialogue.
    "ep-answer-e-007095-2017": [
        ("answer-to-written-question-e-007095-2017", RG.answersTo, "written-question-2017-11-13-2"),
        ("answer-to-written-question-e-007095-2017", RG.author, "eu-vp-hr"),
        ("answer-to-written-question-e-007095-2017", RG.date, Literal("2018-02-21", datatype=XSD.date)),
        ("meps-written-questions-2017-11-13", RG.response, RG.ResponsePressure),
    ],
}


def test_the_statement_gives_no_question_numbers_only_the_ep_register_does(builtin_kg: KnowledgeGraph) -> None:
    rows = builtin_kg.select("SELECT ?g ?value WHERE { GRAPH ?g { ?doc rg:identifier ?id . ?id rg:identifierValue ?value } }")
    numbers = {(str(r["g"]).rsplit("/", 1)[-1], str(r["value"])) for r in rows if str(r["value"]).startswith("E-")}
    assert numbers == {("ep-answer-e-007094-2017", "E-007094/2017"), ("ep-question-e-007095-2017", "E-007095/2017")}
    sources = builtin_kg.select(f"SELECT ?url WHERE {{ GRAPH {PROVENANCE_GRAPH.n3()} {{ ?s a rg:Source ; rg:sourceURL ?url }} }}")
    assert {str(r["url"]) for r in sources} == {
        "http://www.europarl.europa.eu/doceo/document/E-8-2017-007094-ASW_EN.html",
        "http://www.europarl.europa.eu/doceo/document/E-8-2017-007095_EN.html",
        "http://www.europarl.europa.eu/sides/getAllAnswers.do?reference=E-2017-007095&language=EN",
    }


@pytest.mark.parametrize("source", sorted(STATEMENT_FACTS))
def test_statement_facts(builtin_kg: KnowledgeGraph, source: str) -> None:
    missing = [f for f in STATEMENT_FACTS[source] if not fact(builtin_kg, source, *f)]
    assert missing == []


def test_uncertain_year_is_not_given_a_typed_date(builtin_kg: KnowledgeGraph) -> None:
    assert not fact(builtin_kg, "s16", "meps-letters-2017-10-19", RG.date, Literal("2017-10-19", datatype=XSD.date))


def test_kinship_keeps_the_source_wording(builtin_kg: KnowledgeGraph) -> None:
    rows = builtin_kg.select("""
        SELECT ?word WHERE { GRAPH ?g { ?st a rdf:Statement ; rdf:subject ?a ; rdf:predicate rg:siblingOf ;
                                           rdf:object ?b ; rg:sourceWording ?word } }""")
    assert [str(r["word"]) for r in rows] == ["brother"]


def test_no_record_is_typed_only_by_inference(builtin_kg: KnowledgeGraph) -> None:
    """Every labelled subject has one of the ontology's classes asserted."""
    vocab = vocabulary()
    for source in EXPECTED_RECORDS:
        facts = triples(builtin_kg, source)
        labelled = {s for s, p, _ in facts if p == RDFS.label}
        typed = {s for s, p, o in facts if p == RDF.type and o in vocab.classes.values()}
        assert labelled <= typed


def test_every_violation_is_marked_alleged(builtin_kg: KnowledgeGraph) -> None:
    """No source of the built-in data establishes a violation: each one is alleged."""
    rows = builtin_kg.select("""
        SELECT DISTINCT ?v ?status WHERE { GRAPH ?g { ?v a ?c } VALUES ?c { rg:RightsViolation rg:IllTreatment }
          OPTIONAL { GRAPH ?h { ?v rg:violationStatus ?status } } }""")
    assert len(rows) == 4
    assert {r["status"] for r in rows} == {RG.ViolationAlleged}


def test_every_political_prisoner_designation_names_its_designator(builtin_kg: KnowledgeGraph) -> None:
    rows = builtin_kg.select("""
        SELECT ?d (COUNT(DISTINCT ?by) AS ?n) WHERE { GRAPH ?g { ?d a rg:PoliticalPrisonerDesignation }
          OPTIONAL { GRAPH ?h { ?d rg:designatedBy ?by } } } GROUP BY ?d""")
    assert len(rows) == 3 and all(int(r["n"]) == 1 for r in rows)


def test_every_statement_is_a_third_party_and_the_ep_register_is_involved(builtin_kg: KnowledgeGraph) -> None:
    """The statements relay what others report: ESF's source role 'third party'. The EP's register
    is the record of the body whose members asked and of the answers given to them: 'involved'."""
    rows = builtin_kg.select(f"SELECT ?s ?role WHERE {{ GRAPH {PROVENANCE_GRAPH.n3()} {{ ?s a rg:Source . OPTIONAL {{ ?s rg:sourceRole ?role }} }} }}")
    roles = {str(r["s"]).rsplit("/", 1)[-1]: r["role"] for r in rows}
    assert len(rows) == 18 and {roles[s] for s in STATEMENTS} == {RG.SourceRoleThirdParty}
    assert {roles[s] for s in EP_PAGES} == {RG.SourceRoleInvolved}
