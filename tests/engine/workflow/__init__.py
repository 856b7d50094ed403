"""engine/workflow: the SpiffWorkflow adapter."""
