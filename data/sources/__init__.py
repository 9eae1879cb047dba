"""Parsers for each corpus in its original release format (one module per source)."""
