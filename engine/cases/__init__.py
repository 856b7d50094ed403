"""The cases: what changes them and what reads them.

- Changing: the commands (`commands`: start a case, complete a task, fire due timers), one state
  change as one transaction (`step`: `CaseStep`, `open_case`, `new_step`), the hash-chained
  event log (`events`), the timer rows (`timer_rows`), incidents and their retry (`incidents`,
  `incident_retry`), claims (`claims`), a supervisor's reassignment (`assignment`) and moving
  running cases to a newer version (`migration`; the only meaning of "migration" here).
- Reading: a case with its pinned version (`loading`), what callers are told (`views`,
  `queries`), a case's forms as shown and checked (`case_forms`), and the facts the access
  rules judge, a user's inbox and case list (`access_queries`).

Rule: `engine.cases` may import every engine package below it (`directory`, `procedures`,
`reports`, `access`, `workflow`, `storage`, `base`), never `engine.history` or the composition
root (`engine.nrm_engine`), and never `api` or `cli`."""
