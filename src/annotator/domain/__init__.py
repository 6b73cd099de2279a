"""Plain-Python domain rules: claims, anchors, dates and offsets (standard library only)."""
