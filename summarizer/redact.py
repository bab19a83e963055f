"""Endpoint URLs as they may be shown or stored: without the credentials people put in them.

A base URL can carry a secret in its user info (``http://user:pass@host/v1``) or in its
query (``?api-key=...``). Wherever a URL is printed, logged, written to a file or hashed
into a stored fingerprint, the shown form is used: user info becomes ``***@`` and every
query value ``***``; scheme, host, port, path and the query's names stay, so people can
still tell which endpoint is meant.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

__all__ = ["shown_url", "url_secrets"]

HIDDEN = "***"


def shown_url(url: str) -> str:
    """`url` with its user info and query values replaced by ``***`` (and no fragment)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # not a URL we can take apart: show none of it
        return HIDDEN
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    netloc = (f"{HIDDEN}@" if "@" in parts.netloc else "") + host + (f":{port}" if port is not None else "")
    query = "&".join(f"{name}={HIDDEN}" for name, _ in parse_qsl(parts.query, keep_blank_values=True))
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def url_secrets(url: str) -> list[str]:
    """The secret parts of `url` (user name, password, query values), as written and decoded,
    longest first: what to scrub from a message that might echo the URL. Pieces shorter than
    three characters are left alone; replacing them would garble the message for nothing."""
    parts = urlsplit(url)
    userinfo = parts.netloc.rpartition("@")[0]
    pieces = [userinfo, *userinfo.split(":", 1)]
    pieces += [raw.partition("=")[2] for raw in parts.query.split("&")]
    found = {form for piece in pieces for form in (piece, unquote(piece.replace("+", " ")))}
    return sorted((secret for secret in found if len(secret) >= 3), key=len, reverse=True)
