"""framelens: claims, attribution, figures and framing from news articles."""
__version__ = "0.1.0"
