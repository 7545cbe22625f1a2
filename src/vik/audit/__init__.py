"""The append-only, hash-chained audit trail of every view, change, export and refusal."""
