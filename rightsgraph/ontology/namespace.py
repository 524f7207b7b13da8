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
    CourtType: URIRef
    CriminalProsecution: URIRef
    DateType: URIRef
    Death: URIRef
    DecisionOutcome: URIRef
    DegreeOfInvolvement: URIRef
    Delegation: URIRef
    Detention: URIRef
    DetentionFacility: URIRef
    DetentionType: URIRef
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
    Impact: URIRef
    InstitutionalDocument: URIRef
    InternationalBody: URIRef
    Intervention: URIRef
    InterventionType: URIRef
    Involvement: URIRef
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
    PerpetratorType: URIRef
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
    ResponseType: URIRef
    Right: URIRef
    RightsViolation: URIRef
    Sanction: URIRef
    Severity: URIRef
    Source: URIRef
    SourceRole: URIRef
    State: URIRef
    Country: URIRef
    StatusDesignation: URIRef
    StatusKind: URIRef
    TreatmentType: URIRef
    Trial: URIRef
    ViolationStatus: URIRef
    WrittenDeclaration: URIRef
    WrittenQuestion: URIRef

    # Object properties
    addressee: URIRef
    affectedPerson: URIRef
    answersTo: URIRef
    author: URIRef
    birthPlace: URIRef
    childOf: URIRef
    citizenship: URIRef
    concerns: URIRef
    confidence: URIRef
    court: URIRef
    courtType: URIRef
    deceased: URIRef
    decidedBy: URIRef
    defenceLawyer: URIRef
    defendant: URIRef
    degreeOfInvolvement: URIRef
    designatedBy: URIRef
    designationCriteria: URIRef
    detainee: URIRef
    detentionType: URIRef
    donor: URIRef
    grantedBy: URIRef
    hasActor: URIRef
    holdsPost: URIRef
    identifier: URIRef
    identifierScheme: URIRef
    impact: URIRef
    imposedBy: URIRef
    interveningParty: URIRef
    interventionType: URIRef
    involvedActor: URIRef
    involvedIn: URIRef
    issuingBody: URIRef
    judge: URIRef
    jurisdiction: URIRef
    locatedIn: URIRef
    member: URIRef
    memberOf: URIRef
    membershipKind: URIRef
    onBehalfOf: URIRef
    onBehalfOfVictim: URIRef
    organization: URIRef
    organizer: URIRef
    outcome: URIRef
    parallelTo: URIRef
    parentOf: URIRef
    participant: URIRef
    partnerOf: URIRef
    partOf: URIRef
    perpetrator: URIRef
    perpetratorType: URIRef
    place: URIRef
    placeOfDetention: URIRef
    post: URIRef
    postIn: URIRef
    precedes: URIRef
    prosecutor: URIRef
    quantityQualifier: URIRef
    realizes: URIRef
    recipient: URIRef
    relativeOf: URIRef
    releasedPerson: URIRef
    releaseGround: URIRef
    reportedBy: URIRef
    requestedOf: URIRef
    residence: URIRef
    response: URIRef
    responsibleActor: URIRef
    resultedIn: URIRef
    sanctionedActor: URIRef
    severity: URIRef
    siblingOf: URIRef
    signatory: URIRef
    sourceRole: URIRef
    spouseOf: URIRef
    statedIn: URIRef
    statusHolder: URIRef
    statusKind: URIRef
    stepChildOf: URIRef
    stepParentOf: URIRef
    stepSiblingOf: URIRef
    subOrganizationOf: URIRef
    subsetOf: URIRef
    tabledBy: URIRef
    treatmentType: URIRef
    underEffectiveControlOf: URIRef
    stateOf: URIRef
    victim: URIRef
    violatedRight: URIRef
    violationStatus: URIRef

    # Datatype properties
    amount: URIRef
    birthDate: URIRef
    birthDateEDTF: URIRef
    caseNumber: URIRef
    causeOfDeath: URIRef
    charge: URIRef
    circumstances: URIRef
    condition: URIRef
    confidential: URIRef
    consequence: URIRef
    convictedOf: URIRef
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
    esfMicroThesaurus: URIRef
    iriSegment: URIRef
    kinshipWord: URIRef
    latestProperty: URIRef
    scaleRank: URIRef

    # Datatypes (notations of the schemes and ESF codes)
    confidenceLevelCode: URIRef
    courtTypeCode: URIRef
    dateTypeCode: URIRef
    decisionOutcomeCode: URIRef
    degreeOfInvolvementCode: URIRef
    detentionTypeCode: URIRef
    esfMT18: URIRef
    esfMT19: URIRef
    esfMT20: URIRef
    esfMT21: URIRef
    esfMT22: URIRef
    esfMT24: URIRef
    esfMT27: URIRef
    esfMT29: URIRef
    esfMT32: URIRef
    esfMT4: URIRef
    esfMT41: URIRef
    esfMT42: URIRef
    esfMT44: URIRef
    esfMT48: URIRef
    identifierSchemeCode: URIRef
    impactCode: URIRef
    interventionTypeCode: URIRef
    membershipKindCode: URIRef
    perpetratorTypeCode: URIRef
    quantityQualifierCode: URIRef
    releaseGroundCode: URIRef
    responseTypeCode: URIRef
    rightCode: URIRef
    severityCode: URIRef
    sourceRoleCode: URIRef
    statusKindCode: URIRef
    treatmentTypeCode: URIRef
    violationStatusCode: URIRef

    # Concept schemes
    confidenceLevels: URIRef
    courtTypes: URIRef
    dateTypes: URIRef
    decisionOutcomes: URIRef
    degreesOfInvolvement: URIRef
    detentionTypes: URIRef
    identifierSchemes: URIRef
    impacts: URIRef
    interventionTypes: URIRef
    membershipKinds: URIRef
    perpetratorTypes: URIRef
    quantityQualifiers: URIRef
    releaseGrounds: URIRef
    responseTypes: URIRef
    rights: URIRef
    severities: URIRef
    sourceRoles: URIRef
    statusKinds: URIRef
    treatmentTypes: URIRef
    violationStatuses: URIRef

    # Concepts (controlled values)
    ConfidenceHigh: URIRef
    ConfidenceLow: URIRef
    ConfidenceMedium: URIRef
    CourtAdministrative: URIRef
    CourtCivilian: URIRef
    CourtMilitary: URIRef
    DateEstimate: URIRef
    DateExact: URIRef
    DateUnknownDay: URIRef
    DateUnknownMonthAndDay: URIRef
    DetentionAdministrative: URIRef
    DetentionDisproportionate: URIRef
    DetentionEmergencyLaw: URIRef
    DetentionImprisonment: URIRef
    DetentionPolitical: URIRef
    DetentionPretrial: URIRef
    DetentionPsychiatric: URIRef
    GroundAcquittal: URIRef
    GroundAmnesty: URIRef
    GroundEndOfSentence: URIRef
    GroundHealth: URIRef
    GroundNotStated: URIRef
    GroundPardon: URIRef
    GroundParole: URIRef
    ImpactMinor: URIRef
    ImpactModerate: URIRef
    ImpactNone: URIRef
    ImpactStrong: URIRef
    InterventionAboutEvent: URIRef
    InterventionDemandForInvestigation: URIRef
    InterventionLegalAid: URIRef
    InterventionMedicalAid: URIRef
    InterventionOnBehalfOfVictims: URIRef
    InterventionPetitionToOverturn: URIRef
    InvolvementAuthoredLawOrPolicy: URIRef
    InvolvementCarriedOut: URIRef
    InvolvementFailedToLegislate: URIRef
    InvolvementImplementedLawOrPolicy: URIRef
    InvolvementLawOrPolicy: URIRef
    InvolvementOrdered: URIRef
    InvolvementPassiveAccomplice: URIRef
    InvolvementViolentOrCoercive: URIRef
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
    PerpetratorArmedForces: URIRef
    PerpetratorExecutive: URIRef
    PerpetratorIntelligence: URIRef
    PerpetratorJudiciary: URIRef
    PerpetratorLegislative: URIRef
    PerpetratorLocalOfficial: URIRef
    PerpetratorNationalOfficial: URIRef
    PerpetratorNonState: URIRef
    PerpetratorOccupyingForces: URIRef
    PerpetratorPolice: URIRef
    PerpetratorPrisonOfficials: URIRef
    PerpetratorStateEntity: URIRef
    QualifierAbout: URIRef
    QualifierAtLeast: URIRef
    QualifierAtMost: URIRef
    QualifierExactly: URIRef
    QualifierMoreThan: URIRef
    ResponseAssistance: URIRef
    ResponseCountered: URIRef
    ResponseDenied: URIRef
    ResponseFavourable: URIRef
    ResponseMoreInformation: URIRef
    ResponseNoneRecorded: URIRef
    ResponsePledge: URIRef
    ResponsePressure: URIRef
    ResponsePublicity: URIRef
    RightDefence: URIRef
    RightFairTrial: URIRef
    RightFreedomOfAssociation: URIRef
    RightFreedomOfExpression: URIRef
    RightFundamentalFreedoms: URIRef
    RightHealthCare: URIRef
    RightHumaneTreatment: URIRef
    RightLiberty: URIRef
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
    SourceRoleInvolved: URIRef
    SourceRolePerpetrator: URIRef
    SourceRoleRelated: URIRef
    SourceRoleRelatedToVictim: URIRef
    SourceRoleRelative: URIRef
    SourceRoleReporter: URIRef
    SourceRoleServiceProvider: URIRef
    SourceRoleThirdParty: URIRef
    SourceRoleVictim: URIRef
    SourceRoleWitness: URIRef
    StatusAsylum: URIRef
    StatusPoliticalPrisoner: URIRef
    StatusPoliticalRefugee: URIRef
    StatusPrisonerOfConscience: URIRef
    StatusRefugee: URIRef
    TreatmentDegradingTreatment: URIRef
    TreatmentDenialOfMedicalCare: URIRef
    TreatmentTorture: URIRef
    TreatmentUseOfForce: URIRef
    ViolationAcknowledged: URIRef
    ViolationAlleged: URIRef
    ViolationEstablished: URIRef
    ViolationUnlikely: URIRef

SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
LODE = Namespace("http://linkedevents.org/ontology/")
BIO = Namespace("http://purl.org/vocab/bio/0.1/")
CRM = Namespace("http://www.cidoc-crm.org/cidoc-crm/")
REL = Namespace("http://purl.org/vocab/relationship/")
