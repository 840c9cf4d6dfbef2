"""Everything that leans on Textual's internals, in one place: the lean compositor, the cached
base style, focus that moves now, the lost-terminal check, keys applied in order, dialogs that
are dismissed once, the palette's guard. tests/test_textual_internals.py fails loudly when the
pinned Textual changes under any of them."""
