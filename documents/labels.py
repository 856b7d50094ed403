# The documents print typographic quotes and apostrophes on purpose.
# ruff: noqa: RUF001
"""Every word the documents print, in one place, so a message catalogue can replace it later.

Labels are `str.format` templates: `{name}` is filled from the document's values (see
documents/context.py) and from the other labels (e.g. `{agreement_short}`). English for now.
"""

from __future__ import annotations

from collections.abc import Mapping

# The quotations are the English text of the Agreement (../shared/reference/), shortened with
# ellipses; a translation must quote the official Albanian text instead of translating these.
COMMON: Mapping[str, str] = {
    "state": "Republic of Albania",
    "issuer": "State Social Services",
    "issuer_unit": "National Referral Mechanism for victims of trafficking",
    "confidential": "CONFIDENTIAL",
    "confidential_basis": "Art. 4, NRM Cooperation Agreement",
    "reference": "Ref.",
    "date": "Date",
    "page": "Page",
    "page_of": "of",
    "date_format": "%d.%m.%Y",
    "to": "To",
    "from": "From",
    "subject": "Subject",
    "sex_female": "female",
    "sex_male": "male",
    "yes": "yes",
    "no": "no",
    "withheld": "[withheld]",
    "agreement": (
        "Cooperation Agreement to establish a National Referral Mechanism for the enhanced "
        "identification of and assistance to victims of human trafficking, signed in Tirana on "
        "18 July 2005"
    ),
    "agreement_short": "NRM Cooperation Agreement of 18 July 2005",
    "generated_from": "Generated from case {reference}, process {process_version}.",
    "quote_d1": (
        "“The child does not want to return to the family: In this situation, the interviewer "
        "must take responsibility for the minor/[child] and bring him/her to a safe shelter "
        "approved by MOLSA […] until more appropriate accommodation can be found. The "
        "interviewer should contact state social services who will immediately file a petition "
        "with the court for a temporary custody order and will contact the family to inform "
        "them that their child is temporarily in state custody. State social services will then "
        "conduct a family assessment to aid in the determination of the best long-term solution "
        "for the child.”"
    ),
    "quote_d2": (
        "“[…] the child can be released to the family. However, a report must be filed with "
        "both the local police in the region to which the child is being returned and with State "
        "Social Services. Both the local police and the local office of state social services "
        "must make a follow-up visit to the family within one week. The family of the child must "
        "be informed that the police and social services will be making a visit to their home to "
        "follow-up and ensure the child’s welfare.”"
    ),
    "quote_d3_no_risk": (
        "“If the preliminary risk assessment does not reveal any immediate risks or threats to "
        "the child, the child may be returned to the family, but both local police and the local "
        "office of state social services must make a follow-up visit to the family within one "
        "week. A social worker should accompany the child home under police escort to ensure "
        "their safety. Before turning the child over to the family, the border police and social "
        "worker must ensure that reports are filed with both the local police in the region to "
        "which the child is being returned and with State Social Services.”"
    ),
    "quote_d3_risk": (
        "“If the preliminary risk assessment does reveal a potential risk or threat to the "
        "child, the child should be taken to safe temporary accommodation at an appropriate and "
        "pre-approved facility as near to the child’s family’s residence as possible while "
        "further checks are conducted. The social worker should contact state social services, "
        "which will immediately file a petition with the court for a temporary custody order and "
        "will contact the family to inform them that their child is temporarily in state "
        "custody. State social services will then conduct a full family assessment to aid in the "
        "determination of the best long-term solution for the child.”"
    ),
    "quote_art_5b4": (
        "“In the case of an identified or suspected child victim, a case manager/additional "
        "social worker will also be appointed at local level, who will be present during the "
        "entire process, including at all contact with the child’s family and other relevant "
        "actors.”"
    ),
}

CUSTODY_PETITION: Mapping[str, str] = {
    "title": "Petition for a temporary custody order",
    "subject_d1": (
        "Temporary custody of a child victim of trafficking who does not want to return to the "
        "family (Annex 1, section D.1)"
    ),
    "subject_d3": (
        "Temporary custody of a child victim of trafficking for whom a risk in the family was "
        "found (Annex 1, section D.3)"
    ),
    "petitioner": "Petitioner",
    "petitioner_text": (
        "State Social Services, through the case manager appointed under Art. 5.B.4 of the "
        "{agreement_short}: {case_manager}"
    ),
    "child_initials": "Child concerned (initials)",
    "child_born": "Date of birth",
    "child_sex": "Sex",
    "child_region": "Region of the family’s residence",
    "identity_note": (
        "The child is named by initials only, and the place where the child is accommodated is "
        "not stated (Art. 4 of the Agreement: the names and locations of victims and of centres "
        "for victims are never revealed to unauthorised persons). The case manager will disclose "
        "them to the Court on request."
    ),
    "facts_heading": "I. Facts",
    "fact_identified": (
        "On {identification_date} the child was identified as an actual, presumed or potential "
        "victim of trafficking in the screening interview of Annex 1 of the Agreement, by: "
        "{identified_by}."
    ),
    "fact_circumstances": "The following circumstances were established at screening:",
    "fact_refuses_return": "The child has stated a wish not to return to the family.",
    "fact_wishes_return": "The child has stated a wish to return to the family.",
    "fact_family_implicated": (
        "The child’s statements indicate that the family was involved in the child’s exploitation."
    ),
    "fact_family_not_implicated": (
        "The child’s statements do not indicate that the family was involved in the child’s "
        "exploitation."
    ),
    "fact_shelter": (
        "In accordance with Annex 1, section D.1, the child has been brought to a safe shelter "
        "approved by the Ministry of Labour and Social Affairs, where the child stays until more "
        "appropriate accommodation can be found."
    ),
    "fact_shelter_reason": "Reasons recorded for the shelter placement:",
    "shelter_reason_child_refuses_return": (
        "The child does not want to return to the family (Annex 1, section D.1)."
    ),
    "shelter_reason_parents_unreachable": (
        "The parents could not be contacted; the child stays in the shelter until the parents or "
        "legal guardian are located (Annex 1, section D.4)."
    ),
    "fact_risk": (
        "State Social Services met with the family and conducted a preliminary risk assessment "
        "for the child. The assessment revealed a potential risk or threat to the child:"
    ),
    "fact_accommodation": (
        "In accordance with Annex 1, section D.3, the child has not been released to the family "
        "and has been taken to safe temporary accommodation at an appropriate, pre-approved "
        "facility as near as possible to the family’s residence, while further checks are "
        "conducted."
    ),
    "basis_heading": "II. Legal basis",
    "basis_intro": "This petition is filed under the {agreement}.",
    "basis_d1": "Annex 1, section D.1 (the child does not want to return to the family):",
    "basis_d3": (
        "Annex 1, section D.3 (the child wishes to return home, the family appears involved "
        "in the exploitation, and the preliminary risk assessment reveals a risk):"
    ),
    "basis_5b4": "Article 5.B.4 (case manager for a child victim):",
    "request_heading": "III. Request",
    "request_intro": "State Social Services respectfully requests the Court to:",
    "request_order": (
        "issue a temporary custody order placing the child in the temporary custody of the "
        "State, through State Social Services, until the best long-term solution for the child "
        "has been determined;"
    ),
    "request_family": (
        "take note that State Social Services is informing the family that their child is "
        "temporarily in state custody;"
    ),
    "request_assessment_d1": (
        "take note that State Social Services will conduct a family assessment to aid in the "
        "determination of the best long-term solution for the child, and will report its "
        "findings to the Court."
    ),
    "request_assessment_d3": (
        "take note that State Social Services will conduct a full family assessment to aid in "
        "the determination of the best long-term solution for the child, and will report its "
        "findings to the Court."
    ),
    "signature_for": "For State Social Services",
    "signature_role": "Case manager (Art. 5.B.4): {case_manager}",
    "signature_line": "Signature and stamp",
}

# The police and the social services reports say the same thing to two offices (Annex 1 D.2,
# D.3); only the addressee and the office that must visit differ.
_RETURN_REPORT: Mapping[str, str] = {
    "from_text": "State Social Services, case manager (Art. 5.B.4): {case_manager}",
    "intro": (
        "A child identified as a victim of trafficking is being returned to the family in the "
        "region of {home_region}. This report is filed under Annex 1, section {clause} of the "
        "{agreement_short}."
    ),
    "child_initials": "Child (initials)",
    "child_born": "Date of birth",
    "child_sex": "Sex",
    "return_region": "Region of return",
    "identified": "Identified",
    "identified_text": "{identification_date}, by {identified_by}",
    "family_implicated": "Family involved in the exploitation",
    "family_implicated_yes": "yes, according to the child’s statements",
    "family_implicated_no": "no indication in the child’s statements",
    "risk_assessment": "Preliminary risk assessment",
    "risk_assessment_text": "carried out by State Social Services: no immediate risk or threat",
    "return_mode": "Return arrangement",
    "return_escorted": "escorted: a social worker accompanies the child home under police escort",
    "return_released": "the child is released to the family (no escort required)",
    "risk_findings": "Findings of the preliminary risk assessment:",
    "action_heading": "Follow-up visit required",
    "visit_due": "Visit due by",
    "family_informed": (
        "The family is informed that the police and social services will visit their home to "
        "follow up and ensure the child’s welfare."
    ),
    "report_back": (
        "Please report the visit and its findings to the case manager, quoting reference "
        "{reference}."
    ),
    "identity_note": (
        "The child’s full name and the family’s address are not written in this report "
        "(Art. 4 of the Agreement). The case manager gives them to the officer assigned to "
        "the visit."
    ),
    "basis_heading": "Legal basis",
    "basis_d2": "Annex 1, section D.2 (the family does not appear involved):",
    "basis_d3": (
        "Annex 1, section D.3 (the family appears involved; the preliminary risk assessment "
        "reveals no immediate risk):"
    ),
    "basis_5b4": "Article 5.B.4 (case manager for a child victim):",
    "signature_for": "For State Social Services",
    "signature_role": "Case manager (Art. 5.B.4): {case_manager}",
    "signature_line": "Signature and stamp",
}

POLICE_REPORT: Mapping[str, str] = {
    **_RETURN_REPORT,
    "title": "Report to the local police on the return of a child to the family",
    "addressee": "The local police, region of {home_region}",
    "subject_text": "Return of a child victim of trafficking; follow-up visit within one week",
    "action": (
        "Under Annex 1, section {clause}, the local police must make a follow-up visit to the "
        "family within one week, that is by {visit_due} at the latest."
    ),
    "copy_filed": (
        "A report in the same terms is filed with the local office of State Social Services, "
        "which must also visit the family within the same week."
    ),
}

SOCIAL_SERVICES_REPORT: Mapping[str, str] = {
    **_RETURN_REPORT,
    "title": "Report to State Social Services on the return of a child to the family",
    "addressee": "The local office of State Social Services, region of {home_region}",
    "subject_text": "Return of a child victim of trafficking; follow-up visit within one week",
    "action": (
        "Under Annex 1, section {clause}, the local office of State Social Services must make a "
        "follow-up visit to the family within one week, that is by {visit_due} at the latest."
    ),
    "copy_filed": (
        "A report in the same terms is filed with the local police of the region, which must "
        "also visit the family within the same week."
    ),
}

DOCUMENT_LABELS: Mapping[str, Mapping[str, str]] = {
    "custody_petition": CUSTODY_PETITION,
    "police_report": POLICE_REPORT,
    "social_services_report": SOCIAL_SERVICES_REPORT,
}


def labels_for(kind: str) -> dict[str, str]:
    return {**COMMON, **DOCUMENT_LABELS[kind]}
