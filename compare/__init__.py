"""slant.compare"""
