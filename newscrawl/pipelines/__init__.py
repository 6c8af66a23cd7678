"""Item pipelines: small steps that keep an article or drop it with a counted reason."""
from __future__ import annotations
