"""Widgets the views are built from: the figure grid and its layout, one-line status areas, the
key hints, the dialogs. They know nothing of a report beyond what their view hands them."""
