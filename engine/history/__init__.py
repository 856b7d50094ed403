"""A case's history as auditors check it: the hash chains verified (`audit`), anchors of all
chains' heads (`anchors`), the signed archive of one case (`archive`), the case rebuilt from its
events and compared with what is stored, or as it was at a moment (`replay`), which version
each step ran on (`step_versions`), and the log of who viewed which case (`access_log`).

Rule: `engine.history` reads what `engine.cases` wrote and may import every engine package;
nothing in the engine imports it but the composition root (`engine.nrm_engine`). The events
themselves, with their hashes, are written by the case step (engine/cases/events.py)."""
