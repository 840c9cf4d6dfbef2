"""The model: a template (the official format as data), a report (its values and prose), figures
as typed and shown, derived totals. Imports nothing else of the core -- no files, rules, output."""
