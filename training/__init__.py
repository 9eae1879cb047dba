"""slant.training"""
