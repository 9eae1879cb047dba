"""slant.text"""
