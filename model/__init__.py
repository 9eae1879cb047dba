"""slant.model"""
