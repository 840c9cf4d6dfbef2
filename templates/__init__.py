"""Official formats as data: one TOML file per revision of the official layout."""
