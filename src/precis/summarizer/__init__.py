"""The summarizer's stages: score, select (MMR, coverage, outline), cite, order (see :mod:`.summarizer`)."""
