"""Named operations: the only way data changes, each in one transaction, each with an inverse."""
