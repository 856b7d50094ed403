"""Who may see and do what: the users and their sessions (`users`), the rules over a case's
facts (`policy`) and Art. 4 confidentiality in what is shown (`redaction`).

Rule: `engine.access` imports only `engine.base` and `engine.storage` (`documents` for the child's
initials, `forms` for the fields' classification). The rules are pure: the facts they judge
are gathered by the case queries (engine/cases/access_queries.py), so the policy never reads a case
itself and nothing about cases is imported here."""
