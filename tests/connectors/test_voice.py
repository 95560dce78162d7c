"""Voice transcripts: each engine's output reduced to what the citizen said."""

from __future__ import annotations

import pytest

from civicdesk.errors import Malformed
from connectors.voice.normalise import normalise_voice
from schemas.request import RawPayload
from tests.connectors.channels import BY_NAME
from tests.connectors.payloads import aws_transcribe, dumps, voice_envelope
from tests.support import unique

RAW = RawPayload(content_type="application/json", body="{}")


def test_aws_transcribe_keeps_only_the_citizen_speaker_with_punctuation_attached() -> None:
    env = voice_envelope("j1", "", "aws-transcribe")
    env["transcript"] = aws_transcribe("j1", [("spk_0", "Alo 153, buyurun."),
                                              ("spk_1", "Merhaba, sokağımızda su borusu patladı!"),
                                              ("spk_0", "Adresinizi alayım."),
                                              ("spk_1", "Dikmen Caddesi, 12.")])
    req = normalise_voice(env, RAW)
    assert req.text == "Merhaba, sokağımızda su borusu patladı! Dikmen Caddesi, 12."
    assert req.language == "tr" and req.external_id == "job-j1" and req.conversation_id == "call-j1"
    assert req.citizen.phone == "+905321234567"
    assert req.received_at.isoformat() == "2026-03-05T09:30:00+00:00"


def test_aws_citizen_speaker_can_be_chosen() -> None:
    env = {**voice_envelope("j2", "", "aws-transcribe"), "citizen_speaker": "spk_0"}
    env["transcript"] = aws_transcribe("j2", [("spk_0", "Ağaç devrildi."), ("spk_1", "Kayıt açıyorum.")], "el-GR")
    req = normalise_voice(env, RAW)
    assert req.text == "Ağaç devrildi." and req.language == "el"


def test_whisper_whole_text_and_call_id_as_external_id() -> None:
    req = normalise_voice(voice_envelope("w1", "Çöp kamyonu gelmedi.", "whisper"), RAW)
    assert req.text == "Çöp kamyonu gelmedi." and req.external_id == "call-w1" and req.language == "tr"


def test_google_first_alternative_of_each_result_joined() -> None:
    env = voice_envelope("g1", "", "google")
    env["transcript"] = {"results": [
        {"alternatives": [{"transcript": "sokak lambası yanmıyor", "confidence": 0.91},
                          {"transcript": "sokak lambası yağmuru", "confidence": 0.4}], "languageCode": "tr-tr"},
        {"alternatives": [{"transcript": " üç gündür", "confidence": 0.88}], "languageCode": "tr-tr"}]}
    req = normalise_voice(env, RAW)
    assert req.text == "sokak lambası yanmıyor üç gündür" and req.language == "tr"


@pytest.mark.parametrize("change, field", [
    ({"format": "dictaphone"}, "format"),
    ({"caller": "0532 123 45 67"}, "caller"),
    ({"started_at": "2026-03-05 12:30"}, "started_at"),
    ({"transcript": "just a string"}, "transcript"),
])
def test_bad_envelopes_name_the_field(change: dict, field: str) -> None:
    with pytest.raises(Malformed, match=field):
        normalise_voice({**voice_envelope("b", "x"), **change}, RAW)


@pytest.mark.slow
def test_unknown_format_is_422_over_http(harness) -> None:
    out = BY_NAME["voice"].submit(harness, dumps({**voice_envelope(unique("v"), "x"), "format": "vosk"}))
    assert out.status == 422 and "format" in out.dead[0].reason
