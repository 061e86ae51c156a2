"""Syncing two stores (issue 9): hybrid logical clock stamps (hlc) and the per-field merge
of changes from any number of replicas, in any order (merge). Core code: no Textual, no
SQL here; the store records and applies changes through these rules."""
