"""What each document may show, read and checked from the case facts.

Templates receive only the values built here, never the raw case data: that is what keeps the
child's name, the family's address and the shelter out of the documents (Art. 4). Facts that
contradict the clause a document invokes are refused rather than printed, because a court or a
police office would act on them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from documents.confidentiality import redact
from documents.facts import CaseFacts, initials
from forms.procedures import form_choices

# Annex 1 D.2 and D.3: the police and social services visit the family "within one week".
FOLLOW_UP_VISIT_WITHIN = timedelta(days=7)

# D.1: the child refuses return; D.3: the risk assessment found a risk; 5.B.9: the family
# environment was found unsafe later (a visit or a review) and the case manager placed the child.
PETITION_GROUNDS = ("D.1", "D.3", "5.B.9")
SEARCH_MEANS = ("phone", "home_visit", "police", "local_authorities", "other")
SEARCH_RESULTS = ("not_found", "found")
# The codes the child_return forms offer; each has its label (`inform_<code>`, `solution_<code>`).
INFORM_METHODS = form_choices("child_return", "inform_family_of_custody", "inform_method")
# Art. 5.B.9, in the order of preference the Agreement gives.
SOLUTIONS = form_choices("child_return", "family_assessment", "recommended_solution")
PLACEMENTS = ("family", "shelter", "temporary_accommodation")
SEXES = ("female", "male")

Values = dict[str, Any]
Builder = Callable[[CaseFacts, datetime, Mapping[str, str]], Values]
# Document kind → what its template (documents/templates/<kind>.html) is given: the kinds of
# document there are (documents/generate.py), each registered by its function with `@builds`.
BUILDERS: dict[str, Builder] = {}


def builds(*kinds: str) -> Callable[[Builder], Builder]:
    """Register the decorated function as the values of the documents `kinds`."""

    def register(builder: Builder) -> Builder:
        for kind in kinds:
            BUILDERS[kind] = builder
        return builder

    return register


def build_values(
    kind: str, facts: CaseFacts, issued_at: datetime, labels: Mapping[str, str]
) -> Values:
    return BUILDERS[kind](facts, issued_at, labels)


def _child(facts: CaseFacts, issued_at: datetime, labels: Mapping[str, str]) -> Values:
    born = facts.date("date_of_birth")
    identified = facts.date("identification_date")
    if born > identified:
        raise ValueError(f"case {facts.reference}: 'date_of_birth' is after 'identification_date'")
    return {
        "reference": facts.reference,
        "process_version": facts.process_version,
        "initials": initials(facts.text("child_name")),
        "date_of_birth": _format_date(born, labels),
        "sex": labels[f"sex_{facts.choice('sex', SEXES)}"],
        "home_region": facts.text("home_region"),
        "identification_date": _format_date(identified, labels),
        "identified_by": facts.text("identified_by"),
        "case_manager": facts.text("case_manager"),
        "issue_date": _format_date(issued_at.date(), labels),
    }


@builds("custody_petition")
def _custody_petition(facts: CaseFacts, issued_at: datetime, labels: Mapping[str, str]) -> Values:
    values = _child(facts, issued_at, labels)
    ground = _petition_ground(facts)
    shelter_reason = facts.optional_text("shelter_reason")
    values.update(
        ground=ground,
        court=facts.text("court"),
        circumstances=_free_text(facts, facts.text("circumstances"), labels),
        wishes_return=facts.flag("child_wishes_return"),
        family_implicated=facts.optional_flag("family_implicated"),
        shelter_reason=_shelter_reason(facts, shelter_reason, labels),
        risk_findings=(
            _free_text(facts, facts.text("risk_assessment_summary"), labels)
            if ground == "D.3"
            else None
        ),
        unsafe_findings=(
            _free_text(facts, facts.text("unsafe_decision_reasons"), labels)
            if ground == "5.B.9"
            else None
        ),
        emergency_date=(
            _format_date(facts.date("unsafe_decision_date"), labels) if ground == "5.B.9" else None
        ),
    )
    return values


def _petition_ground(facts: CaseFacts) -> str:
    """The ground of the custody petition, checked against the facts of Annex 1 D.1 / D.3."""
    ground = facts.choice("petition_ground", PETITION_GROUNDS)
    wishes_return = facts.flag("child_wishes_return")
    placement = facts.optional_choice("placement", PLACEMENTS)
    if ground == "D.1":
        _expect(facts, not wishes_return, "child_wishes_return must be false for ground D.1")
        _expect(facts, placement in (None, "shelter"), "placement must be 'shelter' for D.1")
    elif ground == "5.B.9":
        # Art. 5.B.9: the family environment was found unsafe after the child wished to return.
        _expect(facts, wishes_return, "child_wishes_return must be true for ground 5.B.9")
        _expect(facts, placement in (None, "shelter"), "placement must be 'shelter' for 5.B.9")
    else:
        _expect(facts, wishes_return, "child_wishes_return must be true for ground D.3")
        _expect(
            facts,
            facts.flag("family_implicated"),
            "family_implicated must be true for ground D.3",
        )
        _expect(facts, facts.flag("risk_identified"), "risk_identified must be true for D.3")
        _expect(
            facts,
            placement in (None, "temporary_accommodation"),
            "placement must be 'temporary_accommodation' for D.3",
        )
    return ground


@builds("police_report", "social_services_report")
def _return_report(facts: CaseFacts, issued_at: datetime, labels: Mapping[str, str]) -> Values:
    values = _child(facts, issued_at, labels)
    implicated = _returned_to_family(facts, "a return report")
    summary = facts.optional_text("risk_assessment_summary")
    values.update(
        clause="D.3" if implicated else "D.2",
        family_implicated=implicated,
        escorted=implicated,
        visit_due=_format_date((issued_at + FOLLOW_UP_VISIT_WITHIN).date(), labels),
        risk_findings=_free_text(facts, summary, labels) if implicated and summary else None,
    )
    return values


def _returned_to_family(facts: CaseFacts, document: str) -> bool:
    """Whether the family was implicated (D.3) or not (D.2), once the facts are checked to
    allow a return at all."""
    _expect(
        facts,
        facts.flag("child_wishes_return"),
        f"{document} needs child_wishes_return to be true (Annex 1 D.2, D.3)",
    )
    _expect(
        facts,
        facts.optional_flag("parents_reachable") is not False,
        f"{document} cannot be made while the parents are unreachable (Annex 1 D.4)",
    )
    placement = facts.optional_choice("placement", PLACEMENTS)
    _expect(facts, placement in (None, "family"), f"{document} needs placement 'family'")
    implicated = facts.flag("family_implicated")
    if implicated:
        # D.3: no release until the preliminary risk assessment, and only if it found no risk.
        _expect(
            facts,
            not facts.flag("risk_identified"),
            "a risk was identified: Annex 1 D.3 calls for a custody petition, not a return",
        )
    return implicated


@builds("followup_visit_record")
def _followup_visit_record(
    facts: CaseFacts, issued_at: datetime, labels: Mapping[str, str]
) -> Values:
    """The police's and State Social Services' visits (Annex 1 D.2 / D.3), or the one of them
    that was made before the other found the child unsafe."""
    values = _child(facts, issued_at, labels)
    implicated = _returned_to_family(facts, "a follow-up visit record")
    released = facts.date("release_date")
    _expect(
        facts,
        released >= facts.date("identification_date"),
        "'release_date' is before 'identification_date'",
    )
    due = released + FOLLOW_UP_VISIT_WITHIN
    visited = facts.optional_date("visit_date")
    # The police visit is a task of its own (police_found_child_safe); a case of an older
    # version recorded it on State Social Services' form (police_visited).
    police_safe = facts.optional_flag("police_found_child_safe")
    police_visited = police_safe is not None or facts.optional_flag("police_visited") is True
    police_date = facts.optional_date("police_visit_date")
    _expect(facts, visited is not None or police_visited, "no follow-up visit is recorded")
    for name, day in (("visit_date", visited), ("police_visit_date", police_date)):
        _expect(facts, day is None or day >= released, f"'{name}' is before 'release_date'")
    sss_safe = facts.flag("child_safe") if visited is not None else None
    found = [safe for safe in (sss_safe, police_safe) if safe is not None]
    child_safe = all(found)
    concerns = facts.optional_text("welfare_concerns") if visited is not None else None
    police_concerns = facts.optional_text("police_concerns") if police_safe is not None else None
    _expect(facts, sss_safe is not False or bool(concerns), "the concerns ('welfare_concerns')")
    _expect(
        facts,
        police_safe is not False or bool(police_concerns),
        "the police's concerns ('police_concerns')",
    )
    days = [day for day in (visited, police_date) if day is not None]
    escalated = facts.optional_date("escalation_date")
    values.update(
        clause="D.3" if implicated else "D.2",
        escorted=implicated,
        release_date=_format_date(released, labels),
        visit_due=_format_date(due, labels),
        sss_visited=visited is not None,
        visit_date=_format_date(visited, labels) if visited else None,
        within_week=all(day <= due for day in days),
        police_visited=police_visited,
        police_visit_date=_format_date(police_date, labels) if police_date else None,
        child_safe=child_safe,
        concerns=_free_text(facts, concerns, labels) if concerns else None,
        police_concerns=_free_text(facts, police_concerns, labels) if police_concerns else None,
        escalation_date=_format_date(escalated, labels) if escalated else None,
        escalation_action=(
            _free_text(facts, facts.text("action_taken"), labels) if escalated else None
        ),
    )
    return values


@builds("family_assessment_summary")
def _family_assessment_summary(
    facts: CaseFacts, issued_at: datetime, labels: Mapping[str, str]
) -> Values:
    values = _child(facts, issued_at, labels)
    ground = _petition_ground(facts)
    identified = facts.date("identification_date")
    filed = facts.date("petition_filed_date")
    assessed = facts.date("family_assessment_date")
    _expect(facts, filed >= identified, "'petition_filed_date' is before 'identification_date'")
    # Annex 1 D.1 / D.3: the petition first, "then" the family assessment.
    _expect(facts, assessed >= filed, "'family_assessment_date' is before 'petition_filed_date'")
    informed = facts.optional_flag("family_informed_of_custody")
    informed_date = facts.date("family_informed_date") if informed else None
    method = facts.choice("inform_method", INFORM_METHODS) if informed else None
    solution = facts.choice("recommended_solution", SOLUTIONS)
    values.update(
        ground=ground,
        court=facts.text("court"),
        court_reference=facts.text("court_reference"),
        petition_filed_date=_format_date(filed, labels),
        family_informed=informed,
        family_informed_date=_format_date(informed_date, labels) if informed_date else None,
        inform_method=labels[f"inform_{method}"] if method else None,
        assessment_date=_format_date(assessed, labels),
        findings=_free_text(facts, facts.text("assessment_findings"), labels),
        solution=solution,
        solution_text=labels[f"solution_{solution}"],
        custody=_custody_decision(facts, labels),
    )
    return values


def _custody_decision(facts: CaseFacts, labels: Mapping[str, str]) -> str | None:
    """The court's decision on temporary custody, once made (Annex 1 D.1 / D.3)."""
    decision = facts.optional_choice("court_decision", ("granted", "refused", "hearing_scheduled"))
    if decision not in ("granted", "refused"):
        return None
    values = {"court_decision_date": _format_date(facts.date("court_decision_date"), labels)}
    if decision == "granted":
        holder = " ".join(_free_text(facts, facts.text("temporary_custody_holder"), labels))
        values.update(
            custody_holder=holder,
            custody_from=_format_date(facts.date("custody_from"), labels),
        )
    return labels[f"custody_{decision}"].format(**values)


@builds("guardianship_petition")
def _guardianship_petition(
    facts: CaseFacts, issued_at: datetime, labels: Mapping[str, str]
) -> Values:
    """Annex 1 D.4: the parents could not be located; the court is asked for a guardian."""
    values = _child(facts, issued_at, labels)
    _expect(
        facts,
        facts.flag("parents_reachable") is False,
        "a guardianship petition needs parents_reachable to be false (Annex 1 D.4)",
    )
    placed = facts.date("shelter_placement_date")
    attempts = facts.data.get("search_attempts") or []
    _expect(facts, isinstance(attempts, list), "'search_attempts' must be a list")
    rows = []
    for attempt in attempts:
        attempt_facts = CaseFacts(facts.reference, facts.process_version, attempt, facts.fields)
        rows.append(
            {
                "date": _format_date(attempt_facts.date("date"), labels),
                "means": labels[f"means_{attempt_facts.choice('means', SEARCH_MEANS)}"],
                "result": labels[f"result_{attempt_facts.choice('result', SEARCH_RESULTS)}"],
            }
        )
    values.update(
        court=facts.text("court"),
        circumstances=_free_text(facts, facts.text("circumstances"), labels),
        placed_on=_format_date(placed, labels),
        attempts=rows,
        attempt_count=len(rows),
    )
    return values


def _expect(facts: CaseFacts, condition: bool, problem: str) -> None:
    if not condition:
        raise ValueError(f"case {facts.reference}: {problem}")


def _shelter_reason(
    facts: CaseFacts, reason: str | None, labels: Mapping[str, str]
) -> list[str] | None:
    # The process records a code; a person may have typed a reason instead.
    if not reason:
        return None
    worded = labels.get(f"shelter_reason_{reason}")
    return [worded] if worded else _free_text(facts, reason, labels)


def _free_text(facts: CaseFacts, text: str, labels: Mapping[str, str]) -> list[str]:
    """Redacted paragraphs of a free-text field."""
    redacted = redact(text, facts.data, labels["withheld"], facts.fields)
    return [" ".join(p.split()) for p in redacted.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _format_date(value: date, labels: Mapping[str, str]) -> str:
    return value.strftime(labels["date_format"])
