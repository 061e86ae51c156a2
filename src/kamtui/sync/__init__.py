"""Syncing two stores (issue 9): hybrid logical clock stamps (hlc), the per-field merge of
changes from any number of replicas in any order (merge), and the bundles that carry
changes from one store to another, checked whole before anything is applied (bundle).
Core code: no Textual, no SQL here; the store records and applies changes by these rules."""
