"""Slant: stance, framing and media bias of news sentences, rolled up into article and outlet profiles."""

__version__ = "0.1.0"
