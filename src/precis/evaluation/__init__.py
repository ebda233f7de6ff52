"""Evaluation of precis on data sets with human references: ROUGE and timelines (``precis eval``).

Nothing in the library imports this package; only the ``eval`` command and ``bench/`` do.
"""
