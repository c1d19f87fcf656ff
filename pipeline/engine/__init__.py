"""Engines run the per-article function (``analyze_doc``) over many articles: locally or on Dask."""
