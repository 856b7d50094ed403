"""The texts of the supervisors' modeler, drafts, versions and decision pages, merged into the
catalogues of api/i18n.py (kept apart so the procedure editor's texts are found in one place)."""

from __future__ import annotations

MODELER_EN: dict[str, str] = {
    "nav.processes": "Processes",
    "processes.title": "Processes",
    "processes.intro": (
        "Change a procedure in the modeler; a second supervisor approves the draft before new"
        " cases use it. Running cases keep the version they started on."
    ),
    "processes.process": "Process",
    "processes.waiting": "Drafts waiting",
    "processes.edit": "Open in the modeler",
    "processes.decisions": "Decision tables",
    "modeler.title": "Modeler: {name}",
    "modeler.from_version": "Opened from the published version {version}.",
    "modeler.from_draft": "Opened from your draft {id} (an edit of version {version}).",
    "modeler.element": "Selected element",
    "modeler.nothing_selected": "Click an element on the diagram to see and change it.",
    "modeler.id": "Id (fixed: running cases and the history refer to it)",
    "modeler.type": "Kind",
    "modeler.name": "Name",
    "modeler.timer_kind": "Timer",
    "modeler.timer.timeDuration": "after a duration",
    "modeler.timer.timeDate": "at a date",
    "modeler.timer.timeCycle": "repeating",
    "modeler.timer_expression": "Timer expression",
    "modeler.timer_help": (
        'An ISO 8601 value in quotes: "P7D" is seven days, "PT12H" twelve hours, "P1M" a month.'
    ),
    "modeler.actions": "Check and save",
    "modeler.check": "Check",
    "modeler.download": "Download .bpmn",
    "modeler.change_note": "What changes and why (change note)",
    "modeler.save": "Save draft",
    "modeler.no_problems": "No problems found: the diagram can be published.",
    "modeler.problems": "Problems to fix before publishing (click one to find its element):",
    "modeler.whole_diagram": "This concerns the whole diagram.",
    "modeler.saved": "Draft {id} saved. Another supervisor can now approve and publish it.",
    "modeler.saved_with_problems": (
        "Draft {id} saved, but it cannot be published until these problems are fixed:"
    ),
    "modeler.note_required": "Write a change note first: say what changes and why.",
    "modeler.failed": "Not done:",
    "modeler.lanes_help": (
        "To move a task to another role, drag it into that role's lane. Add steps from the "
        "palette on the left."
    ),
    "drafts.title": "Drafts waiting for approval",
    "drafts.heading": "Draft {id} of {process} (edits version {version})",
    "drafts.approve": "Approve and publish",
    "drafts.stale": (
        "This draft edits version {version}, but version {newest} was published since: "
        "approving it would undo the changes of the newer versions."
    ),
    "modeler.stale": (
        "Your draft edits version {version}; version {newest} was published since. Saving "
        "keeps your diagram as it is, without the newer changes."
    ),
    "drafts.yours": "You drew this draft: another supervisor must approve it.",
    "drafts.empty": "No draft is waiting.",
    "drafts.withdraw": "Withdraw my draft",
    "drafts.four_eyes": "Not published. Four eyes: {reason}.",
    "drafts.not_publishable": "Not published: {reason}",
    "versions.title": "Versions",
    "versions.number": "Version",
    "versions.author": "Author",
    "versions.approver": "Approved by",
    "versions.time": "Time",
    "versions.note": "Change note",
    "versions.download": "Download .bpmn",
    "versions.old": "Compare from",
    "versions.new": "to",
    "versions.compare": "Compare the chosen versions",
    "versions.published": (
        "Version {version} is published: new cases start on it; running cases keep theirs."
    ),
    "diff.title": "version {old} → version {new}",
    "diff.added": "Added",
    "diff.changed": "Changed",
    "diff.removed": "Removed",
    "dmn.title": "Decision tables: {name}",
    "dmn.intro": (
        "How the engine decides, rule by rule (read only). The first rule that matches applies."
    ),
}

MODELER_SQ: dict[str, str] = {
    "nav.processes": "Procedurat",
    "processes.title": "Procedurat",
    "processes.intro": (
        "Ndryshoni një procedurë në modelues; një mbikëqyrës i dytë e miraton draftin para se"
        " rastet e reja ta përdorin. Rastet në vazhdim mbajnë versionin me të cilin filluan."
    ),
    "processes.process": "Procedura",
    "processes.waiting": "Drafte në pritje",
    "processes.edit": "Hap në modelues",
    "processes.decisions": "Tabelat e vendimeve",
    "modeler.title": "Modeluesi: {name}",
    "modeler.from_version": "Hapur nga versioni i publikuar {version}.",
    "modeler.from_draft": "Hapur nga drafti juaj {id} (ndryshim i versionit {version}).",
    "modeler.element": "Elementi i zgjedhur",
    "modeler.nothing_selected": "Klikoni një element në diagram për ta parë dhe ndryshuar.",
    "modeler.id": "Id (e pandryshueshme: rastet në vazhdim dhe historia i referohen)",
    "modeler.type": "Lloji",
    "modeler.name": "Emri",
    "modeler.timer_kind": "Kohëmatësi",
    "modeler.timer.timeDuration": "pas një kohëzgjatjeje",
    "modeler.timer.timeDate": "në një datë",
    "modeler.timer.timeCycle": "i përsëritur",
    "modeler.timer_expression": "Shprehja e kohëmatësit",
    "modeler.timer_help": (
        'Një vlerë ISO 8601 në thonjëza: "P7D" është shtatë ditë, "PT12H" dymbëdhjetë '
        'orë, "P1M" një muaj.'
    ),
    "modeler.actions": "Kontrollo dhe ruaj",
    "modeler.check": "Kontrollo",
    "modeler.download": "Shkarko .bpmn",
    "modeler.change_note": "Çfarë ndryshon dhe pse (shënim ndryshimi)",
    "modeler.save": "Ruaj draftin",
    "modeler.no_problems": "Nuk u gjet asnjë problem: diagrami mund të publikohet.",
    "modeler.problems": (
        "Probleme për t'u rregulluar para publikimit (klikoni njërin për të gjetur elementin):"
    ),
    "modeler.whole_diagram": "Kjo ka të bëjë me të gjithë diagramin.",
    "modeler.saved": (
        "Drafti {id} u ruajt. Një mbikëqyrës tjetër tani mund ta miratojë dhe publikojë."
    ),
    "modeler.saved_with_problems": (
        "Drafti {id} u ruajt, por nuk mund të publikohet derisa të rregullohen këto probleme:"
    ),
    "modeler.note_required": "Shkruani fillimisht një shënim ndryshimi: çfarë ndryshon dhe pse.",
    "modeler.failed": "Nuk u krye:",
    "modeler.lanes_help": (
        "Për ta kaluar një detyrë te një rol tjetër, tërhiqeni në korsinë e atij roli. Shtoni"
        " hapa nga paleta majtas."
    ),
    "drafts.title": "Drafte në pritje të miratimit",
    "drafts.heading": "Drafti {id} i {process} (ndryshon versionin {version})",
    "drafts.approve": "Mirato dhe publiko",
    "drafts.stale": (
        "Ky draft ndryshon versionin {version}, por që atëherë u publikua versioni {newest}: "
        "miratimi i tij do të zhbënte ndryshimet e versioneve më të reja."
    ),
    "modeler.stale": (
        "Drafti juaj ndryshon versionin {version}; që atëherë u publikua versioni {newest}. "
        "Ruajtja e mban diagramin tuaj siç është, pa ndryshimet më të reja."
    ),
    "drafts.yours": "Këtë draft e keni vizatuar ju: duhet ta miratojë një mbikëqyrës tjetër.",
    "drafts.empty": "Asnjë draft nuk është në pritje.",
    "drafts.withdraw": "Tërhiq draftin tim",
    "drafts.four_eyes": "Nuk u publikua. Katër sy: {reason}.",
    "drafts.not_publishable": "Nuk u publikua: {reason}",
    "versions.title": "Versionet",
    "versions.number": "Versioni",
    "versions.author": "Autori",
    "versions.approver": "Miratuar nga",
    "versions.time": "Koha",
    "versions.note": "Shënimi i ndryshimit",
    "versions.download": "Shkarko .bpmn",
    "versions.old": "Krahaso nga",
    "versions.new": "te",
    "versions.compare": "Krahaso versionet e zgjedhura",
    "versions.published": (
        "Versioni {version} u publikua: rastet e reja fillojnë me të; rastet në vazhdim "
        "mbajnë të tyrin."
    ),
    "diff.title": "versioni {old} → versioni {new}",
    "diff.added": "Shtuar",
    "diff.changed": "Ndryshuar",
    "diff.removed": "Hequr",
    "dmn.title": "Tabelat e vendimeve: {name}",
    "dmn.intro": (
        "Si vendos motori, rregull pas rregulli (vetëm për lexim). Zbatohet rregulli i parë "
        "që përputhet."
    ),
}
