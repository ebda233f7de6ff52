"""Article -> its analysis: sentence spans, boilerplate, leaning sentences, tokens, date and language checks."""
