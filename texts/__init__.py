"""The text catalogues' reader (catalogue.py): pages, forms, procedure names and documents are
gettext domains read through it (docs/translations.md).

The lowest layer: it imports nothing of the project (only Babel), so that every other package,
forms and documents included, may import it."""
