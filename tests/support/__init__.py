"""Helpers shared by the tests: signing in, case walks, procedure data, versions, the browser
site, schema helpers, documents. Test modules import from here, never from each other."""
