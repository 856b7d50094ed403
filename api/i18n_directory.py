"""The texts of the service directory and compliance pages, English and Albanian; api/i18n.py
merges them into its catalogue."""

from __future__ import annotations

DIRECTORY_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "nav.directory": "Directory",
        "nav.compliance": "Compliance",
        "directory.title": "Service directory",
        "directory.intro": (
            "Shelters and centres approved for the referral mechanism (Art. 5.C.2). Free places "
            "are counted from the children and adults placed now."
        ),
        "directory.name": "Name",
        "directory.kind": "Kind",
        "directory.kind.shelter": "Shelter",
        "directory.kind.centre": "Centre",
        "directory.region": "Region",
        "directory.address": "Address",
        "directory.capacity": "Capacity",
        "directory.free_places": "Free places",
        "directory.takes_children": "Takes children",
        "directory.out_of_hours_contact": "Out-of-hours contact",
        "directory.active": "In use",
        "directory.inactive": "No longer in use",
        "directory.yes": "yes",
        "directory.no": "no",
        "directory.edit": "Edit",
        "directory.save": "Save",
        "directory.add": "Add a facility",
        "directory.create": "Add",
        "directory.edit_title": "Edit {name}",
        "directory.empty": "The directory has no facilities yet.",
        "directory.withheld_note": (
            "Addresses and contacts are shown only to the roles that place or supervise victims."
        ),
        "directory.whole_number": "a whole number of places",
        "compliance.title": "Compliance figures",
        "compliance.intro": (
            "Whether the mechanism is kept in practice, by region and quarter{scope}. Computed now "
            "from the cases' events, timers and placements."
        ),
        "compliance.scope": " for {region}",
        "compliance.csv": "Download CSV",
        "compliance.visits_on_time": "Follow-up visits made within seven days",
        "compliance.visits_on_time.help": (
            "Annex 1 D.2 / D.3: share of visits recorded before the week ran out; a visit not "
            "yet due is not counted."
        ),
        "compliance.days_to_petition": "Days from identification to the custody petition",
        "compliance.days_to_petition.help": (
            "Annex 1 D.1 / D.3: from the opening of the case to the generated petition (mean)."
        ),
        "compliance.days_in_accommodation": "Days in a shelter or temporary accommodation",
        "compliance.days_in_accommodation.help": (
            "From placement to leaving (or to today for those still placed), mean."
        ),
        "compliance.open_cases": "Open cases per case manager",
        "compliance.open_cases.help": "Art. 5.B.4: cases each appointed case manager holds now.",
        "compliance.region": "Region",
        "compliance.quarter": "Quarter",
        "compliance.case_manager": "Case manager",
        "compliance.cases": "Counted",
        "compliance.value": "Figure",
        "compliance.none": "No figures yet.",
        "compliance.percent": "{value}%",
        "compliance.days": "{value} days",
    },
    "sq": {
        "nav.directory": "Regjistri",
        "nav.compliance": "Përputhshmëria",
        "directory.title": "Regjistri i shërbimeve",
        "directory.intro": (
            "Strehëzat dhe qendrat e miratuara për mekanizmin e referimit (Neni 5.C.2). Vendet e "
            "lira numërohen nga fëmijët dhe të rriturit e vendosur tani."
        ),
        "directory.name": "Emri",
        "directory.kind": "Lloji",
        "directory.kind.shelter": "Strehëz",
        "directory.kind.centre": "Qendër",
        "directory.region": "Qarku",
        "directory.address": "Adresa",
        "directory.capacity": "Kapaciteti",
        "directory.free_places": "Vende të lira",
        "directory.takes_children": "Pranon fëmijë",
        "directory.out_of_hours_contact": "Kontakti jashtë orarit",
        "directory.active": "Në përdorim",
        "directory.inactive": "Jo më në përdorim",
        "directory.yes": "po",
        "directory.no": "jo",
        "directory.edit": "Ndrysho",
        "directory.save": "Ruaj",
        "directory.add": "Shtoni një mjedis",
        "directory.create": "Shto",
        "directory.edit_title": "Ndrysho {name}",
        "directory.empty": "Regjistri nuk ka ende mjedise.",
        "directory.withheld_note": (
            "Adresat dhe kontaktet u shfaqen vetëm roleve që vendosin ose mbikëqyrin viktimat."
        ),
        "directory.whole_number": "një numër i plotë vendesh",
        "compliance.title": "Shifrat e përputhshmërisë",
        "compliance.intro": (
            "Nëse mekanizmi zbatohet në praktikë, sipas qarkut dhe tremujorit{scope}. Llogaritet "
            "tani nga ngjarjet, kohëmatësit dhe vendosjet e rasteve."
        ),
        "compliance.scope": " për {region}",
        "compliance.csv": "Shkarko CSV",
        "compliance.visits_on_time": "Vizitat pasuese të bëra brenda shtatë ditëve",
        "compliance.visits_on_time.help": (
            "Aneksi 1 D.2 / D.3: pjesa e vizitave të regjistruara para se të mbarojë java; një "
            "vizitë që nuk ka ende afat nuk numërohet."
        ),
        "compliance.days_to_petition": "Ditë nga identifikimi deri te kërkesa për kujdestari",
        "compliance.days_to_petition.help": (
            "Aneksi 1 D.1 / D.3: nga hapja e rastit deri te kërkesa e hartuar (mesatarja)."
        ),
        "compliance.days_in_accommodation": "Ditë në strehëz ose në strehim të përkohshëm",
        "compliance.days_in_accommodation.help": (
            "Nga vendosja deri në largim (ose deri sot për ata që janë ende aty), mesatarja."
        ),
        "compliance.open_cases": "Raste të hapura për çdo menaxher rasti",
        "compliance.open_cases.help": (
            "Neni 5.B.4: rastet që mban tani çdo menaxher rasti i caktuar."
        ),
        "compliance.region": "Qarku",
        "compliance.quarter": "Tremujori",
        "compliance.case_manager": "Menaxheri i rastit",
        "compliance.cases": "Numëruar",
        "compliance.value": "Shifra",
        "compliance.none": "Ende pa shifra.",
        "compliance.percent": "{value}%",
        "compliance.days": "{value} ditë",
    },
}
