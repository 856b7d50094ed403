"""What is read out of the cases for others: anonymous quarterly statistics (`statistics`), the
compliance figures (`compliance`), HTCDS records (`htcds`) and the court outbox
(`court_outbox`).

Rule: `engine.reports` reads the tables (`engine.storage`) and imports only `engine.access`
(who may read a figure), `engine.base` and `documents` (a child's initials); no case code, no
workflow. Every value a report prints is chosen from a fixed list or counted, never copied
from free text."""
