"""Versioned prompt templates for the LLM engine."""
