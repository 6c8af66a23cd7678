"""The bundled offline demo site."""
from __future__ import annotations
