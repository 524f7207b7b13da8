"""Python names for the terms of the rightsgraph ontology.

The Turtle file ``rightsgraph.ttl`` is the vocabulary; this module only names its terms so that
code can say ``RG.Person`` instead of spelling an IRI. Asking for a term that is not listed raises
``AttributeError``, and a test checks that the list and the Turtle agree both ways, so a typo
fails loudly instead of writing a wrong triple.

>>> from rightsgraph.ontology.namespace import RG
>>> RG.siblingOf
rdflib.term.URIRef('https://w3id.org/rightsgraph/ns#siblingOf')
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["RG", "RG_NS", "SEM", "ELI", "WD", "WDT", "SCHEMA", "LODE", "BIO", "CRM", "REL"]

RG_NS = "https://w3id.org/rightsgraph/ns#"


class RG(DefinedNamespace):
    """The rightsgraph vocabulary (closed: unknown names raise ``AttributeError``)."""

    _NS = Namespace(RG_NS)
    _fail = True

    # Classes
    Actor: URIRef
    Aid: URIRef
    Appeal: URIRef
    Concession: URIRef
    ConfidenceLevel: URIRef
    Court: URIRef
    CourtDecision: URIRef
    CriminalProsecution: URIRef
    Death: URIRef
    DecisionOutcome: URIRef
    Delegation: URIRef
    Detention: URIRef
    DetentionFacility: URIRef
    Dispersal: URIRef
    Document: URIRef
    Election: URIRef
    Event: URIRef
    FactGraph: URIRef
    Figure: URIRef
    Government: URIRef
    Group: URIRef
    HealthCondition: URIRef
    Identifier: URIRef
    IdentifierScheme: URIRef
    IllTreatment: URIRef
    InstitutionalDocument: URIRef
    InternationalBody: URIRef
    LawEnforcementAgency: URIRef
    LegalProceeding: URIRef
    Letter: URIRef
    MassDetention: URIRef
    Membership: URIRef
    MembershipKind: URIRef
    Ministry: URIRef
    NonGovernmentalOrganization: URIRef
    Organization: URIRef
    Parliament: URIRef
    Person: URIRef
    Place: URIRef
    PoliticalPrisonerDesignation: URIRef
    Post: URIRef
    ProsecutorsOffice: URIRef
    Protest: URIRef
    PublicAppeal: URIRef
    PublicBody: URIRef
    QuantityQualifier: URIRef
    RefugeeStatusGrant: URIRef
    Release: URIRef
    ReleaseGround: URIRef
    ReleaseRequest: URIRef
    Report: URIRef
    Resolution: URIRef
    Right: URIRef
    RightsViolation: URIRef
    Sanction: URIRef
    Severity: URIRef
    Source: URIRef
    State: URIRef
    StatusDesignation: URIRef
    StatusKind: URIRef
    TreatmentType: URIRef
    Trial: URIRef
    WrittenDeclaration: URIRef
    WrittenQuestion: URIRef

    # Object properties
    addressee: URIRef
    affectedPerson: URIRef
    author: URIRef
    birthPlace: URIRef
    childOf: URIRef
    citizenship: URIRef
    concerns: URIRef
    confidence: URIRef
    court: URIRef
    deceased: URIRef
    decidedBy: URIRef
    defenceLawyer: URIRef
    defendant: URIRef
    designatedBy: URIRef
    detainee: URIRef
    donor: URIRef
    grantedBy: URIRef
    hasActor: URIRef
    holdsPost: URIRef
    identifier: URIRef
    identifierScheme: URIRef
    imposedBy: URIRef
    issuingBody: URIRef
    judge: URIRef
    jurisdiction: URIRef
    locatedIn: URIRef
    member: URIRef
    memberOf: URIRef
    membershipKind: URIRef
    onBehalfOf: URIRef
    organization: URIRef
    organizer: URIRef
    outcome: URIRef
    parentOf: URIRef
    participant: URIRef
    partOf: URIRef
    perpetrator: URIRef
    place: URIRef
    placeOfDetention: URIRef
    post: URIRef
    postIn: URIRef
    prosecutor: URIRef
    quantityQualifier: URIRef
    recipient: URIRef
    relativeOf: URIRef
    releasedPerson: URIRef
    releaseGround: URIRef
    reportedBy: URIRef
    residence: URIRef
    responsibleActor: URIRef
    resultedIn: URIRef
    sanctionedActor: URIRef
    severity: URIRef
    siblingOf: URIRef
    signatory: URIRef
    spouseOf: URIRef
    statedIn: URIRef
    statusHolder: URIRef
    statusKind: URIRef
    subOrganizationOf: URIRef
    subsetOf: URIRef
    tabledBy: URIRef
    treatmentType: URIRef
    underEffectiveControlOf: URIRef
    victim: URIRef
    violatedRight: URIRef

    # Datatype properties
    amount: URIRef
    birthDate: URIRef
    birthDateEDTF: URIRef
    causeOfDeath: URIRef
    charge: URIRef
    circumstances: URIRef
    condition: URIRef
    confidential: URIRef
    consequence: URIRef
    countedCategory: URIRef
    currency: URIRef
    date: URIRef
    dateEDTF: URIRef
    deathDate: URIRef
    deathDateEDTF: URIRef
    demand: URIRef
    earliestDate: URIRef
    endDate: URIRef
    endDateEDTF: URIRef
    ftmId: URIRef
    ftmSchema: URIRef
    gender: URIRef
    identifierValue: URIRef
    inCustody: URIRef
    latestDate: URIRef
    legalProvision: URIRef
    lineNumber: URIRef
    locator: URIRef
    measure: URIRef
    medicalNeed: URIRef
    numberOfPeople: URIRef
    numberOfSignatories: URIRef
    procedureReference: URIRef
    purpose: URIRef
    reason: URIRef
    roleLabel: URIRef
    sanctionProgram: URIRef
    sentence: URIRef
    sentenceMonths: URIRef
    session: URIRef
    sourceFile: URIRef
    sourceURL: URIRef
    sourceWording: URIRef
    startDate: URIRef
    startDateEDTF: URIRef
    summary: URIRef
    supportingPhrase: URIRef
    title: URIRef
    value: URIRef

    # Annotation properties (read by the tooling)
    acyclic: URIRef
    earliestProperty: URIRef
    edtfProperty: URIRef
    iriSegment: URIRef
    kinshipWord: URIRef
    latestProperty: URIRef

    # Concept schemes
    confidenceLevels: URIRef
    decisionOutcomes: URIRef
    identifierSchemes: URIRef
    membershipKinds: URIRef
    quantityQualifiers: URIRef
    releaseGrounds: URIRef
    rights: URIRef
    severities: URIRef
    statusKinds: URIRef
    treatmentTypes: URIRef

    # Concepts (controlled values)
    ConfidenceHigh: URIRef
    ConfidenceLow: URIRef
    ConfidenceMedium: URIRef
    GroundAcquittal: URIRef
    GroundAmnesty: URIRef
    GroundEndOfSentence: URIRef
    GroundHealth: URIRef
    GroundNotStated: URIRef
    GroundPardon: URIRef
    GroundParole: URIRef
    MembershipBelonging: URIRef
    MembershipDirectorship: URIRef
    MembershipEmployment: URIRef
    MembershipOffice: URIRef
    OutcomeAcquittal: URIRef
    OutcomeAppealRejected: URIRef
    OutcomeConviction: URIRef
    OutcomeParoleGranted: URIRef
    OutcomePretrialDetention: URIRef
    OutcomeProbation: URIRef
    OutcomeRequestRejected: URIRef
    OutcomeSentenceReduced: URIRef
    QualifierAbout: URIRef
    QualifierAtLeast: URIRef
    QualifierAtMost: URIRef
    QualifierExactly: URIRef
    QualifierMoreThan: URIRef
    RightDefence: URIRef
    RightFairTrial: URIRef
    RightFundamentalFreedoms: URIRef
    RightHealthCare: URIRef
    RightHumaneTreatment: URIRef
    RightPeacefulAssembly: URIRef
    RightPublicTrial: URIRef
    SchemeECtHRApplication: URIRef
    SchemeEPAdoptedText: URIRef
    SchemeEPProcedure: URIRef
    SchemeEPQuestion: URIRef
    SchemeNationalCourtCase: URIRef
    SchemeOSCEDocument: URIRef
    SchemeOther: URIRef
    SchemePACEDocument: URIRef
    SchemeUNDocument: URIRef
    SeverityCritical: URIRef
    SeverityLifeThreatening: URIRef
    SeveritySerious: URIRef
    StatusAsylum: URIRef
    StatusPoliticalPrisoner: URIRef
    StatusPoliticalRefugee: URIRef
    StatusRefugee: URIRef
    TreatmentDegradingTreatment: URIRef
    TreatmentDenialOfMedicalCare: URIRef
    TreatmentTorture: URIRef
    TreatmentUseOfForce: URIRef


SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
LODE = Namespace("http://linkedevents.org/ontology/")
BIO = Namespace("http://purl.org/vocab/bio/0.1/")
CRM = Namespace("http://www.cidoc-crm.org/cidoc-crm/")
REL = Namespace("http://purl.org/vocab/relationship/")
