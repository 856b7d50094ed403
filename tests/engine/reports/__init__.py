"""engine/reports: statistics, compliance, the court outbox."""
