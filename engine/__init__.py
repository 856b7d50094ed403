"""The NRM case engine: SpiffWorkflow running the procedure, with versions, the case step,
timers, events, replay and access; no HTTP.

Packages, each allowed to import only those listed below it (checked by import-linter, the
contracts in pyproject.toml; `bash scripts/test.sh` runs them before the tests):

    engine.services     the use cases the web calls (one function each, one transaction)
    engine.nrm_engine   NrmEngine: the engine as one object (composition root)
    engine.history      hash-chain audit, anchors, archives, replay, access log
    engine.cases        commands, the case step, events, timers, incidents, claims, assignment,
                        case migration, queries, views
    engine.reports | engine.directory | engine.procedures
                        figures read out of the cases | the service directory | versions,
                        publishing rules, drafts, publishing (independent of each other)
    engine.access | engine.workflow
                        users, the permissions table, the access rules, redaction | the
                        SpiffWorkflow adapter
                        (independent of each other)
    engine.storage      tables, the database and its transaction, schema revisions, backups
    engine.base         errors, clock, settings, roles, case routing

`forms` and `documents` sit below the engine: the engine may import them, never the reverse.
`api` and `cli` sit above it; `api` calls it through `engine.services`. Each package's own
rule is in its `__init__` docstring."""
