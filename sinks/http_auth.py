"""The FastAPI side of API-key authentication, shared by the search API and the console."""

from __future__ import annotations

from typing import Callable, Mapping

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from sinks.access import Role
from sinks.auth import Caller, Unauthenticated, authenticate

bearer = HTTPBearer(auto_error=False, description="API key: Authorization: Bearer <key>")


def caller_dependency(keys: Mapping[str, Role]) -> Callable[..., Caller]:
    """A dependency resolving the request's key to its caller (role), or 401."""

    def caller(request: Request, creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Caller:
        header = f"{creds.scheme} {creds.credentials}" if creds else request.headers.get("authorization")
        try:
            return authenticate(header, keys)
        except Unauthenticated as exc:
            raise HTTPException(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from exc

    return caller
