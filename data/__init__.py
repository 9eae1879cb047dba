"""slant.data"""
