"""The service directory (Art. 5.C.2): approved shelters and centres, their free places and the
placements that fill them (`facilities`).

Rule: `engine.directory` imports only `engine.access` (who may see a facility's location),
`engine.workflow` (a child's age, as the diagrams compute it), `engine.storage` and
`engine.base` (and `forms` for the choices it offers a form). The case step keeps the
placements in step through `facilities.sync_placement`; the directory imports no case code."""
