"""API keys -> roles, and the audit line per request. Pure apart from the logger.

Keys come from settings.api_keys ({"<key>": "<role>"}, environment CIVICDESK_API_KEYS). Keys are
compared in constant time and never logged: the audit log names a key by the first 8 hex digits
of its sha256.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from typing import Any, Mapping

from sinks.access import InvalidRole, Role

audit_log = logging.getLogger("civicdesk.audit")


class Unauthenticated(Exception):
    """No key or an unknown key: the API answers 401."""


@dataclass(frozen=True)
class Caller:
    role: Role
    key_id: str


def key_id(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def key_table(api_keys: Mapping[str, str]) -> dict[str, Role]:
    """Parse every role at start, so a typo in CIVICDESK_API_KEYS stops the service instead of
    silently locking a team out."""
    table: dict[str, Role] = {}
    for key, role in api_keys.items():
        if not key:
            raise InvalidRole("an API key must not be empty")
        table[key] = Role.parse(role)
    return table


def authenticate(authorization: str | None, table: Mapping[str, Role]) -> Caller:
    if not authorization:
        raise Unauthenticated("send Authorization: Bearer <api key>")
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("send Authorization: Bearer <api key>")
    found: Role | None = None
    for key, role in table.items():
        # Compare against every key (no early exit) so timing does not tell how many matched.
        if hmac.compare_digest(key.encode("utf-8"), token.encode("utf-8")):
            found = role
    if found is None:
        raise Unauthenticated("unknown API key")
    return Caller(found, key_id(token))


def audit(caller: Caller, method: str, path: str, filters: Mapping[str, Any], status: int, results: int | None) -> None:
    audit_log.info("role=%s key=%s %s %s filters=%s status=%d results=%s", caller.role, caller.key_id, method, path,
                   dict(filters), status, "-" if results is None else results)
