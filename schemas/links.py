"""Records on `requests.duplicates`: how a request relates to others. Pure module.

    duplicate   same citizen, same problem within 48 h: `request_id` duplicates `duplicate_of`
    incident    another citizen's report joined incident `incident_id`, first reported as
                `first_request_id`; `reports` is the incident's report count after this one
    redelivery  `request_id` was delivered again and dropped (counted for reconciliation)
"""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict


class Link(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: Literal[1] = 1
    kind: Literal["duplicate", "incident", "redelivery"]
    request_id: str
    duplicate_of: str | None = None
    incident_id: str | None = None
    first_request_id: str | None = None
    reports: int | None = None
    department: str | None = None
    # requests.raw partition@offset of the delivery this link is about. Under at-least-once a
    # replay may publish a link twice; counting distinct sources keeps the accounting exact.
    source: str | None = None
    at: AwareDatetime

    def to_json(self) -> bytes:
        return self.model_dump_json().encode("utf-8")
