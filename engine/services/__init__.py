"""The service layer: one function per use case the web (and the CLI) calls — complete a task,
claim it, give it back, start a case, view a case, reassign its case manager, retry an
incident… Each function asks the access rules, runs the use case in one session and one
transaction, and returns the view read in that same session (Architecture Patterns with Python:
a service layer over a unit of work).

Rule: `engine.services` is the top of the engine: it may import every engine package, and no
engine package imports it. `api/` calls the engine through it. It raises the engine's errors
(`Forbidden`, `Conflict`, `NotFound`, `InvalidData`), never HTTP ones: api/errors.py answers
them, once, for the JSON routes and the pages alike."""
