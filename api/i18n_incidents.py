"""The texts of the incident sections (api/templates/_incidents.html), English and Albanian;
api/i18n.py merges them into its catalogue."""

from __future__ import annotations

INCIDENT_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "incidents.title": "Incidents",
        "incidents.explain": (
            "An automatic step of these cases failed. What people entered is saved; the case "
            "waits at the failed step until it is retried after the cause is fixed."
        ),
        "incidents.step": "Failed step",
        "incidents.error": "Error",
        "incidents.since": "Since",
        "incidents.attempts": "Attempts",
        "incidents.retry": "Retry",
        "incidents.waiting": (
            "The case waits at an automatic step that failed (below); what you entered is saved. "
            "A supervisor retries the step once the cause is fixed."
        ),
        "event.incident_opened": "Automatic step failed",
        "event.incident_retry_failed": "Retry failed",
        "event.incident_resolved": "Failed step retried",
    },
    "sq": {
        "incidents.title": "Incidente",
        "incidents.explain": (
            "Një hap automatik i këtyre rasteve dështoi. Ajo që u plotësua është ruajtur; rasti "
            "pret te hapi i dështuar derisa të provohet sërish pasi të ndreqet shkaku."
        ),
        "incidents.step": "Hapi i dështuar",
        "incidents.error": "Gabimi",
        "incidents.since": "Që prej",
        "incidents.attempts": "Përpjekje",
        "incidents.retry": "Provo sërish",
        "incidents.waiting": (
            "Rasti pret te një hap automatik që dështoi (më poshtë); ajo që plotësuat është "
            "ruajtur. Një mbikëqyrës e provon sërish hapin pasi të ndreqet shkaku."
        ),
        "event.incident_opened": "Hapi automatik dështoi",
        "event.incident_retry_failed": "Riprovimi dështoi",
        "event.incident_resolved": "Hapi i dështuar u provua sërish",
    },
}
