"""The durations the NRM texts do not fix, each a named setting with its default and the reason
for it: the one place they live (listed for people in docs/assumptions.md).

A diagram reads one by name in a timer or a script, `setting("review_visit_period")`, so a
supervisor sees which assumption a deadline rests on, and nobody mistakes it for the
agreement's own. The agreement's deadlines stay literal in the diagrams (Annex 1 D.2 / D.3:
the follow-up visits "within one week", `"P7D"`).

The values are code, not configuration: a timer armed with one is part of the case's replayable
history, so a change is a reviewed release (and shows in the diagram's text: the setting's name),
never a silent switch on one server. Timers armed before a change keep the value they were
armed with; a replay of such a case rebuilds them with the value of the code that replays it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Assumption:
    name: str
    default: str | int
    what: str  # what the value is, in words
    why: str  # why this value was chosen


ASSUMPTIONS: tuple[Assumption, ...] = (
    Assumption(
        "unsafe_child_decision_deadline",
        "PT24H",
        "How long the case manager has to decide on a child a visit or review found not safe "
        "(child_return, 'The child is not safe: decide now') before it escalates to the "
        "supervisor.",
        "The agreement asks for child decisions to be taken 'expeditiously' (child strategy "
        "principles, 'Right to be Protected') without a number; one day is the longest a "
        "child found unsafe should wait for a decision, and it lets a decision taken the same "
        "evening count as in time.",
    ),
    Assumption(
        "immediate_placement_review_deadline",
        "PT24H",
        "How long the case manager has to approve or change a placement the social worker "
        "made at once under Annex 1 D.1 / D.4, before it escalates to the supervisor.",
        "Annex 1 D.1 / D.4 ask for the child to be brought to a safe shelter at once and Art. "
        "5.B.4 for the case manager to follow every step; neither gives a time. The next "
        "working day is the common standard for confirming an emergency placement.",
    ),
    Assumption(
        "parent_search_reminder",
        "R/P7D",
        "While the parents of a child in shelter are searched for (Annex 1 D.4), a reminder "
        "every 7 days without a recorded search attempt.",
        "Annex 1 D.4 keeps the child in the shelter 'until the parents or legal guardian can "
        "be located' with no rhythm for the search; a weekly reminder keeps the search "
        "active without flooding the inbox.",
    ),
    Assumption(
        "parent_search_limit",
        "P30D",
        "After this long without finding the parents (counted from the day the child was "
        "placed), the case manager is asked to petition the court for guardianship.",
        "Annex 1 D.4 sets no end to the search; a child cannot stay without a legal guardian "
        "indefinitely (child strategy principles, 'Right to be Protected'). Thirty days "
        "matches the review period of the follow-up plan.",
    ),
    Assumption(
        "review_visit_period",
        "P30D",
        "The period of the follow-up plan's review visits (Art. 5.C.5): a review is due when "
        "a period passes without the case being closed.",
        "Art. 5.C.5 asks for a longer-term follow-up plan developed at local level without a "
        "frequency; monthly visits are the usual rhythm of State Social Services' child "
        "protection follow-up.",
    ),
    Assumption(
        "reflection_period_days",
        30,
        "The standard length, in days, of a foreign victim's reflection period "
        "(foreign_victim); the offer may lengthen it for one case.",
        "Art. 5.A.9 / 5.A.10 grant a period of reflection without a length; 30 days is the "
        "minimum of the Council of Europe Convention on Action against Trafficking in Human "
        "Beings, Art. 13.",
    ),
    Assumption(
        "permit_expiry_reminder",
        "P30D",
        "How long before a foreign victim's temporary residence permit expires the Responsible "
        "Authority is asked to renew it or decide the next step (foreign_victim, 'Permit "
        "expires soon').",
        "Art. 5.A.9 provides temporary residence permits without saying how they are renewed; "
        "a month leaves time to apply for a renewal with legal counsel (Art. 5.B.6) before the "
        "victim is left without a legal basis to stay.",
    ),
    Assumption(
        "origin_assessment_reminder",
        "R/P14D",
        "While the assessment from the country of origin is awaited (foreign_victim), a "
        "reminder to ask for it again every 14 days.",
        "The DRRA guidance has the assessment requested from the country of origin without a "
        "time for the answer; a child waits for it (Art. 5.B.9-10), so it is asked for again "
        "every two weeks rather than forgotten.",
    ),
    Assumption(
        "arrival_overdue_after",
        "P1D",
        "How long after the expected or confirmed date of a return (drra_return) the "
        "Responsible Authority is asked to find out why nobody was received at the border.",
        "Art. 5.D.3 wants no victim returned without the referral mechanism prepared, and Art. "
        "5.A.1 / 5.D.1 have returns notified in advance without a time; a day covers a late "
        "flight or bus, and a person who does not arrive is looked for the next day, not "
        "forgotten.",
    ),
    Assumption(
        "child_at_risk_assessment_deadline",
        "PT24H",
        "How long State Social Services have to assess a child at risk referred from a "
        "screening (child_at_risk) before it escalates to the supervisor.",
        "A child who refused the interview or was not identified as a victim may be "
        "unaccompanied at a border point tonight; the state's duty to protect and ensure "
        "the safety of every child (child strategy principles) allows no longer than a day.",
    ),
)

BY_NAME: dict[str, Assumption] = {assumption.name: assumption for assumption in ASSUMPTIONS}


class UnknownSetting(LookupError):
    pass


def setting(name: str) -> str | int:
    """The value of the named setting, as a diagram's timer or script reads it."""
    assumption = BY_NAME.get(name)
    if assumption is None:
        raise UnknownSetting(
            f"no setting named {name!r}; the settings are: {', '.join(sorted(BY_NAME))}"
        )
    return assumption.default
