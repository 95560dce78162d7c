"""The versioned message schemas. Pure: no I/O imports."""

from schemas.events import DeadLetter, StatusChange
from schemas.request import (
    SCHEMA_VERSION,
    SOCIAL_CHANNELS,
    Attachment,
    Channel,
    Citizen,
    CitizenRequest,
    Location,
    RawPayload,
    RequestType,
    Status,
    Urgency,
    describe_validation_error,
    make_request_id,
    request_number,
)

__all__ = [
    "SCHEMA_VERSION", "SOCIAL_CHANNELS", "Attachment", "Channel", "Citizen", "CitizenRequest", "DeadLetter",
    "Location", "RawPayload", "RequestType", "Status", "StatusChange", "Urgency", "describe_validation_error",
    "make_request_id", "request_number",
]
