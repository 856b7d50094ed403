"""The procedure as published versions: the catalogue of versions, parsed once each and pinned by
the cases that run on them (`catalog`, with their large columns kept by content hash in
`version_contents`), the rules a diagram must pass to be published (`rules`), supervisors'
drafts (`drafts`) and the four-eyes publishing of a draft as a new version (`publishing`).

Rule: `engine.procedures` imports only `engine.workflow`, `engine.storage` and `engine.base`
(and `forms` for the form schemas). It knows versions, not the cases running on them."""
