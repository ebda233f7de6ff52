"""Whole-story tools over a pile of articles: copies, story grouping, digests, timelines, updates."""
