"""slant.eval"""
