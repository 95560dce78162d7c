from datetime import datetime, timezone

import pytest

from schemas.request import Citizen, CitizenRequest, Location, RawPayload

T0 = datetime(2026, 3, 10, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def make_request():
    """Factory for a valid CitizenRequest; keyword overrides for any field."""

    def make(text="dikmen cad su borusu patladi", *, channel="sms", external_id="SM1", phone="+905321234567",
             email=None, handle=None, department="water-sewer", urgency=None, neighbourhood="Dikmen",
             language="tr", received_at=T0, **extra) -> CitizenRequest:
        citizen = Citizen.from_identities(phone=phone, email=email, handle=handle, channel=channel)
        return CitizenRequest(
            channel=channel, external_id=external_id, received_at=received_at, citizen=citizen, text=text,
            language=language, location=Location(neighbourhood=neighbourhood) if neighbourhood else None,
            raw=RawPayload.from_bytes("application/json", b"{}"), department=department, urgency=urgency, **extra)

    return make
