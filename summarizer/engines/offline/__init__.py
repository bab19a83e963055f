"""The offline engine: rule-based, extractive summaries with no model and no network."""
