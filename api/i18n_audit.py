"""The auditors' pages' strings (api/pages_audit.py), English and Albanian; api/i18n.py merges
them into its catalogue so templates call `t(...)` as everywhere else."""

from __future__ import annotations

AUDIT_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "nav.audit": "Audit",
        "nav.statistics": "Statistics",
        "audit.title": "Audit",
        "audit.intro": (
            "Every case's history is a hash chain; recomputing it shows whether any recorded "
            "event was altered, reordered or removed since. Nothing here changes a case."
        ),
        "audit.case": "Case",
        "audit.all_cases": "All cases",
        "audit.verify": "Verify",
        "audit.chains": "Case histories",
        "audit.all_verified": (
            "All {cases} case histories verified ({events} events): nothing was altered."
        ),
        "audit.broken": "{broken} broken histories found ({cases} cases, {events} events checked).",
        "audit.break": "Case {reference}, event {seq}",
        "audit.replay": "replay",
        "audit.replays": "Replay a case",
        "audit.replays_help": (
            "The case rebuilt from its process version and its events alone, step by step."
        ),
        "audit.no_cases": "No cases yet.",
        "audit.more": "Figures and logs",
        "audit.statistics": "Anonymous statistics",
        "audit.access_log": "Access log",
        "audit.htcds": "HTCDS export (CSV)",
        "audit.chart_title": "Cases per quarter and process",
        "audit.no_figures": "No cases yet.",
        "audit.filter_invalid": "Check the filter: {detail}.",
        "audit.at_invalid": "Check the date and time: {detail}.",
        "replay.title": "Replay of case {reference}",
        "replay.intro": (
            "Rebuilt from the case's pinned process version and its recorded events alone. "
            "Choose a step to see the diagram, the waiting tasks and the case data after it."
        ),
        "replay.verdict": "Verdict",
        "replay.matches": (
            "The rebuilt state equals the stored one after {steps} steps, and the history's "
            "hash chain is intact."
        ),
        "replay.findings": "Findings",
        "replay.altered": "The recorded history itself was altered",
        "replay.steps": "Steps",
        "replay.step": "Step {seq} of {total}",
        "replay.no_steps": "The case has no recorded steps.",
        "replay.active_after": "Waiting after this step",
        "replay.data_after": "Case data after this step",
        "replay.as_of": "The case at a moment",
        "replay.as_of_field": "Date and time (UTC)",
        "replay.as_of_show": "Show",
        "replay.as_of_then": "On {at} UTC:",
        "replay.events_by_then": "{n} events recorded by then",
        "replay.as_of_step": "The diagram shows step {seq}, the last one taken by then.",
        "stats.intro": (
            "Quarterly counts of victims and potential victims by process, outcome, age band "
            "and sex (Art. 5.A.14, 5.B.15). No names, dates of birth or places; groups smaller "
            "than 11 are shown as <11."
        ),
        "stats.csv": "Download as CSV",
        "stats.chart": "Chart",
        "stats.chart_help": (
            "Each bar adds up the published counts of a quarter and process; a total marked + "
            "leaves out groups under 11."
        ),
        "stats.table": "Table",
        "stats.quarter": "Quarter",
        "stats.process": "Process",
        "stats.outcome": "Outcome",
        "stats.age_band": "Age band",
        "stats.sex": "Sex",
        "stats.count": "Count",
        "log.intro": "Who viewed which case, when, and whether personal data was shown (Art. 4).",
        "log.user": "User",
        "log.anyone": "Anyone",
        "log.since": "From",
        "log.until": "Until",
        "log.views": "Views",
        "log.when": "When (UTC)",
        "log.role": "Role",
        "log.what": "What",
        "log.personal": "Personal data shown",
        "log.empty": "No views match.",
        "log.newest_first": "Newest first.",
        "log.what.page": "Case page",
        "log.what.case": "Case (API)",
        "log.what.events": "History (API)",
        "log.what.as-of": "The case at a moment",
        "log.what.replay": "Replay",
        "log.what.court outbox": "Court outbox",
    },
    "sq": {
        "nav.audit": "Auditimi",
        "nav.statistics": "Statistikat",
        "audit.title": "Auditimi",
        "audit.intro": (
            "Historiku i çdo rasti është një zinxhir hash-esh; rillogaritja e tij tregon nëse "
            "ndonjë ngjarje e regjistruar është ndryshuar, rirenditur ose fshirë. Asgjë këtu nuk "
            "ndryshon një rast."
        ),
        "audit.case": "Rasti",
        "audit.all_cases": "Të gjitha rastet",
        "audit.verify": "Verifiko",
        "audit.chains": "Historiku i rasteve",
        "audit.all_verified": (
            "U verifikuan të gjithë {cases} historikët e rasteve ({events} ngjarje): asgjë nuk "
            "është ndryshuar."
        ),
        "audit.broken": (
            "U gjetën {broken} historikë të dëmtuar (u kontrolluan {cases} raste, {events} "
            "ngjarje)."
        ),
        "audit.break": "Rasti {reference}, ngjarja {seq}",
        "audit.replay": "riluaj",
        "audit.replays": "Riluaj një rast",
        "audit.replays_help": (
            "Rasti i rindërtuar vetëm nga versioni i procesit dhe ngjarjet e tij, hap pas hapi."
        ),
        "audit.no_cases": "Ende nuk ka raste.",
        "audit.more": "Shifra dhe regjistra",
        "audit.statistics": "Statistika anonime",
        "audit.access_log": "Regjistri i aksesit",
        "audit.htcds": "Eksporti HTCDS (CSV)",
        "audit.chart_title": "Raste sipas tremujorit dhe procesit",
        "audit.no_figures": "Ende nuk ka raste.",
        "audit.filter_invalid": "Kontrolloni filtrin: {detail}.",
        "audit.at_invalid": "Kontrolloni datën dhe orën: {detail}.",
        "replay.title": "Riluajtja e rastit {reference}",
        "replay.intro": (
            "I rindërtuar vetëm nga versioni i fiksuar i procesit dhe ngjarjet e regjistruara. "
            "Zgjidhni një hap për të parë diagramin, detyrat në pritje dhe të dhënat pas tij."
        ),
        "replay.verdict": "Përfundimi",
        "replay.matches": (
            "Gjendja e rindërtuar është e njëjtë me atë të ruajtur pas {steps} hapash, dhe "
            "zinxhiri i historikut është i paprekur."
        ),
        "replay.findings": "Gjetjet",
        "replay.altered": "Vetë historiku i regjistruar është ndryshuar",
        "replay.steps": "Hapat",
        "replay.step": "Hapi {seq} nga {total}",
        "replay.no_steps": "Rasti nuk ka hapa të regjistruar.",
        "replay.active_after": "Në pritje pas këtij hapi",
        "replay.data_after": "Të dhënat e rastit pas këtij hapi",
        "replay.as_of": "Rasti në një moment",
        "replay.as_of_field": "Data dhe ora (UTC)",
        "replay.as_of_show": "Shfaq",
        "replay.as_of_then": "Më {at} UTC:",
        "replay.events_by_then": "{n} ngjarje të regjistruara deri atëherë",
        "replay.as_of_step": "Diagrami tregon hapin {seq}, të fundit deri atëherë.",
        "stats.intro": (
            "Numri tremujor i viktimave dhe viktimave të mundshme sipas procesit, rezultatit, "
            "grupmoshës dhe gjinisë (neni 5.A.14, 5.B.15). Pa emra, data lindjeje apo vende; "
            "grupet më të vogla se 11 shfaqen si <11."
        ),
        "stats.csv": "Shkarko si CSV",
        "stats.chart": "Grafiku",
        "stats.chart_help": (
            "Çdo shtyllë mbledh numrat e publikuar të një tremujori dhe procesi; një total i "
            "shënuar me + lë jashtë grupet nën 11."
        ),
        "stats.table": "Tabela",
        "stats.quarter": "Tremujori",
        "stats.process": "Procesi",
        "stats.outcome": "Rezultati",
        "stats.age_band": "Grupmosha",
        "stats.sex": "Gjinia",
        "stats.count": "Numri",
        "log.intro": ("Kush pa cilin rast, kur, dhe nëse u shfaqën të dhëna personale (neni 4)."),
        "log.user": "Përdoruesi",
        "log.anyone": "Kushdo",
        "log.since": "Nga",
        "log.until": "Deri",
        "log.views": "Shikime",
        "log.when": "Kur (UTC)",
        "log.role": "Roli",
        "log.what": "Çfarë",
        "log.personal": "U shfaqën të dhëna personale",
        "log.empty": "Asnjë shikim nuk përputhet.",
        "log.newest_first": "Më të rejat së pari.",
        "log.what.page": "Faqja e rastit",
        "log.what.case": "Rasti (API)",
        "log.what.events": "Historiku (API)",
        "log.what.as-of": "Rasti në një moment",
        "log.what.replay": "Riluajtja",
        "log.what.court outbox": "Dalja për gjykatën",
    },
}
