"""Synthetic corpus: case files in the shape of the built-in data, at any scale, deterministic by seed.

Families spread across borders (a relative abroad with refugee status granted by a state),
political prisoners, prosecutions heard by many courts with decisions and sentences, detentions
in many facilities and releases on various grounds, health reports, protests that end in mass
detentions, and resolutions of international bodies concerning people and countries. Every
family's facts come from one source (a "case file"); shared institutions from a reference source.

    .venv/bin/python benchmarks/generate.py --persons 10000 --out benchmarks/corpus/10k

About 13 asserted facts per person (16 with what inference adds): 225,000 persons make about
3 million.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

SYLLABLES = ["al", "an", "ar", "as", "ba", "bek", "da", "dar", "er", "gul", "ib", "is", "ka", "lan", "ma", "mir",
             "na", "nur", "ra", "sa", "sul", "ta", "tay", "ul", "zhan", "zha", "ay", "bo", "ke", "ri"]
SURNAME_ENDINGS = ["ov", "ova", "ev", "eva", "uly", "kyzy", "bayev", "bekov"]
STATES = ["Kazakhstan", "Uzbekistan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Russia", "Belarus", "Azerbaijan",
          "Georgia", "Armenia", "Ukraine", "Belgium", "France", "Germany", "Netherlands", "Lithuania", "Poland",
          "Czechia", "Sweden", "United Kingdom"]
HOME_STATES = STATES[:11]
ASYLUM_STATES = STATES[11:]
CHARGES = ["organising an unsanctioned rally", "extremism", "spreading false information", "fraud",
           "inciting social discord", "participation in a banned organisation", "insulting the president"]
KIN = [("brother", "sibling"), ("sister", "sibling"), ("father", "parent"), ("mother", "parent"),
       ("son", "child"), ("daughter", "child"), ("husband", "spouse"), ("wife", "spouse"), ("cousin", "relative")]
GROUNDS = ["parole", "pardon", "amnesty", "end-of-sentence", "acquittal", "health", "not-stated"]
CONDITIONS = ["deteriorating health", "risk of stroke", "heart disease", "loss of vision", "tuberculosis"]


def name(rng: random.Random) -> str:
    first = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    last = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize() + rng.choice(SURNAME_ENDINGS)
    return f"{first} {last}"


def edtf_date(rng: random.Random, start: int, end: int) -> str:
    year = rng.randint(start, end)
    kind = rng.random()
    if kind < 0.55:
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if kind < 0.8:
        return f"{year}-{rng.randint(1, 12):02d}"
    if kind < 0.93:
        return str(year)
    return f"{year}?"


def reference(rng: random.Random, persons: int) -> dict[str, Any]:
    """States, courts, police forces, facilities and international bodies, from one source."""
    courts = max(5, persons // 400)
    facilities = max(5, persons // 300)
    states = [{"id": f"state-{i}", "type": "State", "name": s, "sources": ["reference"]} for i, s in enumerate(STATES)]
    actors: list[dict[str, Any]] = [
        {"id": "european-parliament", "type": "InternationalBody", "name": "European Parliament", "sources": ["reference"]},
        {"id": "pace", "type": "InternationalBody", "name": "Parliamentary Assembly of the Council of Europe", "sources": ["reference"]},
        # Every designation names its designator: the monitoring group that keeps the list.
        {"id": "monitor", "type": "NonGovernmentalOrganization", "name": "Political prisoner monitoring group", "sources": ["reference"]},
    ]
    for i, state in enumerate(HOME_STATES):
        actors.append({"id": f"police-{i}", "type": "LawEnforcementAgency", "name": f"Police of {state}", "jurisdiction": f"state-{i}", "sources": ["reference"]})
    for c in range(courts):
        home = rng.randrange(len(HOME_STATES))
        actors.append({"id": f"court-{c}", "type": "Court", "name": f"Court no. {c + 1} of {HOME_STATES[home]}", "locatedIn": f"state-{home}", "sources": ["reference"]})
    places = states + [
        {"id": f"facility-{f}", "type": "DetentionFacility", "name": f"Penal colony no. {f + 1}",
         "locatedIn": f"state-{rng.randrange(len(HOME_STATES))}", "sources": ["reference"]}
        for f in range(facilities)
    ]
    return {
        "sources": [{"id": "reference", "title": "Reference list of institutions", "summary": "States, courts, police forces and prisons named by the case files.", "locator": "synthetic corpus, reference list", "confidence": "high"}],
        "places": places,
        "actors": actors,
        "_courts": courts,
        "_facilities": facilities,
    }


def family_case(rng: random.Random, case: int, first_person: int, size: int, courts: int, facilities: int) -> dict[str, Any]:
    """One case file: a family (some abroad), with what happened to its members."""
    source = f"case-{case}"
    home = rng.randrange(len(HOME_STATES))
    people = [f"p{first_person + i}" for i in range(size)]
    actors: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for index, pid in enumerate(people):
        record: dict[str, Any] = {"id": pid, "type": "Person", "name": name(rng), "citizenship": f"state-{home}", "sources": [source]}
        if index > 0 and rng.random() < 0.35:
            word, _ = rng.choice(KIN)
            record["relatives"] = [{"relation": word, "person": people[0]}]
        actors.append(record)
        roll = rng.random()
        if index > 0 and roll > 0.9:
            # A relative abroad: refugee status granted by another state.
            events.append({"id": f"refugee-{pid}", "type": "RefugeeStatusGrant", "name": f"Refugee status of {record['name']}",
                           "statusHolder": pid, "grantedBy": f"state-{len(HOME_STATES) + rng.randrange(len(ASYLUM_STATES))}",
                           "statusKind": "political-refugee", "sources": [source]})
            continue
        if roll < 0.35:
            events.append({"id": f"pp-{pid}", "type": "PoliticalPrisonerDesignation", "name": f"{record['name']} described as a political prisoner",
                           "statusHolder": pid, "designatedBy": "monitor", "sources": [source]})
        if roll < 0.15:
            court = f"court-{rng.randrange(courts)}"
            events.append({"id": f"trial-{pid}", "type": "Trial", "name": f"Trial of {record['name']}", "defendant": pid, "court": court,
                           "charge": rng.choice(CHARGES), "date": edtf_date(rng, 2012, 2022), "sources": [source]})
            events.append({"id": f"verdict-{pid}", "type": "CourtDecision", "name": f"Verdict against {record['name']}", "defendant": pid,
                           "decidedBy": court, "partOf": f"trial-{pid}", "outcome": "conviction",
                           "sentence": f"{rng.randint(1, 12)} years", "date": edtf_date(rng, 2013, 2023), "sources": [source]})
            events.append({"id": f"detention-{pid}", "type": "Detention", "name": f"Imprisonment of {record['name']}", "detainee": pid,
                           "placeOfDetention": f"facility-{rng.randrange(facilities)}", "date": edtf_date(rng, 2012, 2022), "sources": [source]})
            if rng.random() < 0.35:
                events.append({"id": f"release-{pid}", "type": "Release", "name": f"Release of {record['name']}", "releasedPerson": pid,
                               "releaseGround": rng.choice(GROUNDS), "date": edtf_date(rng, 2018, 2024), "sources": [source]})
            if rng.random() < 0.15:
                events.append({"id": f"health-{pid}", "type": "HealthCondition", "name": f"Health of {record['name']} in custody", "victim": pid,
                               "condition": rng.choice(CONDITIONS), "inCustody": True, "sources": [source]})
    return {
        "sources": [{"id": source, "title": f"Case file {case}", "summary": f"Case file {case}: a family of {size} and what happened to them.",
                     "locator": f"synthetic corpus, case {case}", "confidence": rng.choice(["high", "medium", "low"])}],
        "actors": actors,
        "events": events,
    }


def public_events(rng: random.Random, index: int, persons: int) -> dict[str, Any]:
    """A protest ending in a mass detention, and a resolution concerning some of the people."""
    source = f"public-{index}"
    state = rng.randrange(len(HOME_STATES))
    date = edtf_date(rng, 2015, 2023)
    concerned = sorted({f"p{rng.randrange(persons)}" for _ in range(5)})
    return {
        "sources": [{"id": source, "title": f"Public statement {index}", "summary": f"Protest and resolution, statement {index}.",
                     "locator": f"synthetic corpus, statement {index}"}],
        "events": [
            {"id": f"protest-{index}", "type": "Protest", "name": f"Protest {index}", "date": date, "place": f"state-{state}",
             "resultedIn": f"mass-detention-{index}", "sources": [source]},
            {"id": f"mass-detention-{index}", "type": "MassDetention", "name": f"Mass detention at protest {index}", "date": date,
             "place": f"state-{state}", "perpetrator": f"police-{state}", "numberOfPeople": rng.randint(10, 900),
             "quantityQualifier": rng.choice(["about", "at-least", "exactly"]), "sources": [source]},
        ],
        "documents": [
            {"id": f"resolution-{index}", "type": "Resolution", "name": f"Resolution {index} on political prisoners",
             "issuingBody": rng.choice(["european-parliament", "pace"]), "procedureReference": f"{2015 + index % 9}/{1000 + index:04d}(RSP)",
             "date": edtf_date(rng, 2015, 2023), "concerns": concerned, "sources": [source]},
        ],
    }


def country_resolutions(rng: random.Random) -> dict[str, Any]:
    """Resolutions on the situation in each home state: one every other year from 2015 to 2023.

    Their number follows the calendar, not the size of the corpus: a parliament does not adopt more
    resolutions on a country because a project documents more of its prisoners. (Earlier versions
    made one per 250 persons, each on a whole country: at 75,000 persons every release followed
    some fifteen of them, so the answer of releases-after-interventions grew with the square of the
    corpus.)"""
    source = "public-countries"
    documents = []
    for state in range(len(HOME_STATES)):
        for year in range(2015, 2024, 2):
            documents.append({"id": f"country-resolution-{state}-{year}", "type": "Resolution",
                              "name": f"Resolution of {year} on political prisoners in {HOME_STATES[state]}",
                              "issuingBody": rng.choice(["european-parliament", "pace"]),
                              "procedureReference": f"{year}/{2000 + state:04d}(RSP)", "date": edtf_date(rng, year, year),
                              "concerns": [f"state-{state}"], "sources": [source]})
    return {"sources": [{"id": source, "title": "Resolutions on countries", "summary": "Resolutions on the situation in each country.",
                         "locator": "synthetic corpus, country resolutions"}],
            "events": [], "documents": documents}


def generate(persons: int, out: Path, seed: int = 7, chunk: int = 5000) -> list[Path]:
    """Write the corpus into ``out`` (replaced); return the case files written."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    ref = reference(rng, persons)
    courts, facilities = ref.pop("_courts"), ref.pop("_facilities")
    written = [out / "reference.yaml"]
    written[0].write_text(yaml.safe_dump(ref, allow_unicode=True, sort_keys=False), encoding="utf-8")
    person = case = 0
    part: dict[str, list[Any]] = {"sources": [], "actors": [], "events": []}

    def flush() -> None:
        if part["sources"]:
            path = out / f"cases-{len(written):04d}.yaml"
            path.write_text(yaml.safe_dump(part, allow_unicode=True, sort_keys=False), encoding="utf-8")
            written.append(path)
            for key in part:
                part[key] = []

    while person < persons:
        size = min(rng.choice([1, 2, 2, 3, 3, 4]), persons - person)
        family = family_case(rng, case, person, size, courts, facilities)
        for key in part:
            part[key].extend(family.get(key, []))
        person += size
        case += 1
        if len(part["actors"]) >= chunk:
            flush()
    flush()
    public: dict[str, list[dict[str, Any]]] = {"sources": [], "events": [], "documents": []}
    for index in range(max(1, persons // 250)):
        for key, items in public_events(rng, index, persons).items():
            public[key].extend(items)
    for key, items in country_resolutions(rng).items():
        public[key].extend(items)
    path = out / "public.yaml"
    path.write_text(yaml.safe_dump(public, allow_unicode=True, sort_keys=False), encoding="utf-8")
    written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    files = generate(args.persons, args.out, args.seed)
    print(f"wrote {len(files)} case files for {args.persons:,} persons into {args.out}")


if __name__ == "__main__":
    main()
