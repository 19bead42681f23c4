"""Files → records → rules: read a community from disk into a checked, frozen model."""
