"""slant.predict"""
