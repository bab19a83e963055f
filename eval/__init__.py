"""Metrics, the evaluation runner and benchmark scripts."""
