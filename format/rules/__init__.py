"""The rules: the template's reconciliation rules (check) and the oversight office's checks (audit)."""
