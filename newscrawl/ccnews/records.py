"""The domain filter of CC-NEWS records, applied on the WARC headers (``WARC-Target-URI``) by
:func:`newscrawl.warc.reader.read_records` before anything of a record's HTTP part is parsed."""
from __future__ import annotations

from typing import Callable
from urllib.parse import urlsplit


def host_of(uri: str) -> str:
    try:
        host = (urlsplit(uri).hostname or "").lower()
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def domain_filter(domains: list[str] | None, registry_owns: Callable[[str], bool] | None = None) -> Callable[[str], bool]:
    """A test on a URI's host: one of ``domains`` or a subdomain of one (``None``: every host), or, with
    ``registry_owns``, a host of a registered site."""
    if registry_owns is not None:
        cache: dict[str, bool] = {}

        def registered(uri: str) -> bool:
            host = host_of(uri)
            if host not in cache:
                cache[host] = len(cache) < 100_000 and registry_owns(host)
            return cache[host]
        return registered
    if not domains:
        return lambda uri: True
    exact = {d.lower().removeprefix("www.") for d in domains}

    def wanted(uri: str) -> bool:
        host = host_of(uri)
        while host:
            if host in exact:
                return True
            host = host.partition(".")[2]
        return False
    return wanted
