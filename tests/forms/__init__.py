"""forms/: translations of forms and procedure texts."""
