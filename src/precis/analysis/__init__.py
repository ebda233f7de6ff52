"""Article -> its analysis: sentence spans, boilerplate, leaning sentences, tokens, date and language checks.

:class:`~precis.analysis.document.Document` holds one article's analysis, computed once, lazily, and
shared by every feature that reads the article.
"""
