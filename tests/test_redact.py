"""URLs shown without their credentials: user info and query values hidden, the endpoint still named."""

from __future__ import annotations

import pytest

from summarizer.redact import shown_url, url_secrets


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://llm.example.com/v1", "https://llm.example.com/v1"),
        ("http://localhost:11434/v1", "http://localhost:11434/v1"),
        ("http://alice:pw%40x@host:8080/v1?api-key=k1&v=2#top", "http://***@host:8080/v1?api-key=***&v=***"),
        ("http://token@host/v1", "http://***@host/v1"),
        ("http://[::1]:8000/v1?key=abc", "http://[::1]:8000/v1?key=***"),
        ("http://host:99999/v1", "***"),  # cannot be taken apart: nothing of it is shown
    ],
)
def test_shown_url(url: str, shown: str) -> None:
    assert shown_url(url) == shown


def test_secrets_are_found_as_written_and_decoded() -> None:
    secrets = url_secrets("http://alice:pw%40xyz@host/v1?api-key=k%2B123&v=2")
    assert {"alice", "pw%40xyz", "pw@xyz", "k%2B123", "k+123"} <= set(secrets)
    assert "2" not in secrets  # too short to scrub without garbling messages
    assert secrets == sorted(secrets, key=len, reverse=True)  # longest first: no partial replacement
    assert url_secrets("https://llm.example.com/v1") == []
