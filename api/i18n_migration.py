"""The texts of the page that moves running cases to a newer version (api/pages_migration.py),
English and Albanian; api/i18n.py merges them into its catalogue."""

from __future__ import annotations

MIGRATION_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "migration.title": "Move running cases to a newer version",
        "migration.link": "Move running cases",
        "migration.intro": (
            "A dry run first lists which open cases can move and why the others cannot; only "
            "the ticked cases move. Each move is one event in the case's history. A timer a "
            "case already waits on keeps its deadline."
        ),
        "migration.from": "Cases on version",
        "migration.to": "Move to version",
        "migration.dry_run": "Dry run",
        "migration.plan": "Dry run: version {old} → version {new}",
        "migration.moved": "Moved: version {old} → version {new}",
        "migration.case": "Case",
        "migration.waiting_in": "Waiting in",
        "migration.outcome": "Outcome",
        "migration.can_move": "Can move",
        "migration.cannot_move": "Cannot move",
        "migration.done": "Moved to version {new}",
        "migration.select": "Move {reference}",
        "migration.move": "Move the ticked cases",
        "migration.none": "No open case runs on version {old}.",
        "event.case_migrated": "Moved to a newer version of the procedure",
    },
    "sq": {
        "migration.title": "Kalo rastet në proces në një version më të ri",
        "migration.link": "Kalo rastet në proces",
        "migration.intro": (
            "Fillimisht një provë liston cilat raste të hapura mund të kalojnë dhe pse të tjerat "
            "nuk mundin; kalojnë vetëm rastet e shënuara. Çdo kalim është një ngjarje në "
            "historikun e rastit. Një afat kohor që rasti tashmë pret e ruan afatin e tij."
        ),
        "migration.from": "Rastet në versionin",
        "migration.to": "Kalo në versionin",
        "migration.dry_run": "Provë",
        "migration.plan": "Provë: versioni {old} → versioni {new}",
        "migration.moved": "U kaluan: versioni {old} → versioni {new}",
        "migration.case": "Rasti",
        "migration.waiting_in": "Pret te",
        "migration.outcome": "Rezultati",
        "migration.can_move": "Mund të kalojë",
        "migration.cannot_move": "Nuk mund të kalojë",
        "migration.done": "U kalua në versionin {new}",
        "migration.select": "Kalo {reference}",
        "migration.move": "Kalo rastet e shënuara",
        "migration.none": "Asnjë rast i hapur nuk është në versionin {old}.",
        "event.case_migrated": "U kalua në një version më të ri të procedurës",
    },
}
