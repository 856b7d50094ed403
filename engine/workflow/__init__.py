"""The SpiffWorkflow adapter: process definitions read and parsed (`specs`, `spec_info`, the DMN
decisions in `decisions`), the restricted script engine (`scripting`), the actions a diagram's
service tasks call (`actions`), the three ways a workflow moves (`operations`), what a running
workflow waits for (`inspection`), a workflow as rows and back (`serialization`) and
deserialized workflows kept between steps (`cache`).

Rule: `engine.workflow` imports only `engine.base` (and SpiffWorkflow, `documents` for the
documents an action generates). It has no tables and no users: what a workflow is, not whose
case it is or where it is stored."""
