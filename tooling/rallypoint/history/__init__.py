"""What git says: who changed which file, and when, read in one streaming pass."""
