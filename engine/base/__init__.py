"""What every part of the engine shares: its errors, the one clock (which SpiffWorkflow's timers
read too), the settings, the roles of the NRM, and how a case is routed (regions compared,
routing columns, the appointed case manager).

Rule: `engine.base` imports no other engine package; it may import `forms` (a field's error has
the forms' shape), SpiffWorkflow (only for the clock) and libraries. Nothing here opens the
database."""
