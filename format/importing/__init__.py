"""Importing published reports: sources (text, HTML, Word) into pieces, pieces into a report."""
