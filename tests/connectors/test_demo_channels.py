"""The demo's posters speak each provider's wire format well enough for the real connectors:
every bundled sample is accepted through its channel's entry point."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest

from civicdesk.demo import load_samples
from civicdesk.demo_channels import OFFLINE_CHANNELS, POSTERS, ingest_offline
from schemas.request import make_request_id

pytestmark = pytest.mark.slow


def test_every_sample_is_accepted_through_its_channel(harness) -> None:
    from civicdesk.service import create_app

    samples = load_samples()
    secrets = {name: getattr(harness.settings, name).get_secret_value()
               for name in ("twilio_auth_token", "meta_app_secret", "telegram_secret_token", "voice_token",
                            "open311_api_key")}
    app = create_app(harness.settings, ingestor=harness.recorder)
    mark = harness.recorder.mark()

    async def post_all() -> list[tuple[str, str, int]]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=harness.settings.public_base_url) as client:
            out = []
            for sample in samples:
                if sample["channel"] in POSTERS:
                    external, status = await POSTERS[sample["channel"]](client, sample, secrets,
                                                                      harness.settings.public_base_url)
                    out.append((sample["channel"], external, status))
            return out

    posted = asyncio.run(post_all())
    offline = asyncio.run(ingest_offline(harness.settings, samples))
    statuses = Counter((channel, status) for channel, _, status in posted)
    statuses.update((s["channel"], status) for s, _, status in offline)
    assert all(status == 200 for (_, status) in statuses), statuses
    assert {c for c, _ in statuses} == {s["channel"] for s in samples}
    published, dead = harness.recorder.since(mark)
    ids = {r.request_id for r in published}
    assert all(make_request_id(channel, external) in ids for channel, external, _ in posted)
    assert dead == [] and len(offline) == sum(1 for s in samples if s["channel"] in OFFLINE_CHANNELS)
