"""cli/: the `nrm` commands' workers."""
