"""Voice transcript envelope -> CitizenRequest. Pure: no I/O.

Envelope: {call_id, caller (E.164), started_at (RFC 3339 with offset), format, citizen_speaker
(default spk_1), transcript (the engine's output verbatim)}. Engine shapes:
- aws-transcribe: the job output file (jobName, results.transcripts, results.items with
  type pronunciation|punctuation, alternatives[].content, speaker_label; results.language_code)
- whisper: openai-whisper `transcribe()` result {text, segments, language}
- google: Speech-to-Text v1 RecognizeResponse {results: [{alternatives: [{transcript}], languageCode}]}
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Callable

import orjson

from civicdesk.errors import Malformed
from schemas.request import Channel, Citizen, CitizenRequest, RawPayload

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def _aws(transcript: dict[str, Any], speaker: str) -> tuple[str, str | None, str | None]:
    results = transcript.get("results")
    if not isinstance(results, dict) or not isinstance(results.get("items"), list):
        raise Malformed("transcript.results.items: missing (not an Amazon Transcribe job output)", status=422)
    words: list[str] = []
    current: str | None = None  # speaker of the last pronunciation: punctuation follows its word
    for item in results["items"]:
        if not isinstance(item, dict):
            continue
        alts = item.get("alternatives") or [{}]
        content = str((alts[0] or {}).get("content") or "")
        if item.get("type") == "punctuation":
            if current == speaker and words:
                words[-1] += content
            continue
        current = item.get("speaker_label")
        if current == speaker and content:
            words.append(content)
    job = transcript.get("jobName")
    return " ".join(words), results.get("language_code"), str(job) if job else None


def _whisper(transcript: dict[str, Any], speaker: str) -> tuple[str, str | None, str | None]:
    if not isinstance(transcript.get("text"), str):
        raise Malformed("transcript.text: missing (not a whisper transcribe() result)", status=422)
    return transcript["text"].strip(), transcript.get("language"), None


def _google(transcript: dict[str, Any], speaker: str) -> tuple[str, str | None, str | None]:
    results = transcript.get("results")
    if not isinstance(results, list):
        raise Malformed("transcript.results: missing (not a Google RecognizeResponse)", status=422)
    parts: list[str] = []
    language = None
    for result in results:
        if not isinstance(result, dict):
            continue
        alts = result.get("alternatives") or []
        if alts and isinstance(alts[0], dict) and alts[0].get("transcript"):
            parts.append(str(alts[0]["transcript"]).strip())
        language = language or result.get("languageCode")
    return " ".join(parts), language, None


FORMATS: dict[str, Callable[[dict[str, Any], str], tuple[str, str | None, str | None]]] = {
    "aws-transcribe": _aws, "whisper": _whisper, "google": _google,
}


def _language(code: Any) -> str | None:
    # "tr-TR", "el-GR", "en" -> the two-letter code the classifier uses.
    return str(code).split("-")[0].lower()[:2] if code else None


def normalise_voice(envelope: Any, raw: RawPayload) -> CitizenRequest:
    if not isinstance(envelope, dict):
        raise Malformed("envelope must be a JSON object", status=422)
    fmt = envelope.get("format")
    engine = FORMATS.get(fmt) if isinstance(fmt, str) else None
    if engine is None:
        raise Malformed(f"format: {fmt!r} is not one of {', '.join(FORMATS)}", status=422)
    call_id = envelope.get("call_id")
    if not isinstance(call_id, str) or not call_id.strip():
        raise Malformed("call_id: missing", status=422)
    caller = envelope.get("caller")
    if not isinstance(caller, str) or not _E164.match(caller):
        raise Malformed(f"caller: {caller!r} is not an E.164 phone number", status=422)
    try:
        started = datetime.fromisoformat(str(envelope.get("started_at")))
    except ValueError as exc:
        raise Malformed(f"started_at: {envelope.get('started_at')!r} is not RFC 3339", status=422) from exc
    if started.tzinfo is None:
        raise Malformed("started_at: needs a UTC offset", status=422)
    transcript = envelope.get("transcript")
    if not isinstance(transcript, dict):
        raise Malformed("transcript: must be the engine's JSON output (an object)", status=422)
    text, language, job = engine(transcript, str(envelope.get("citizen_speaker") or "spk_1"))
    if not text.strip():
        raise Malformed("transcript has no words from the citizen", status=422)
    return CitizenRequest(
        channel=Channel.voice,
        external_id=job or call_id,
        received_at=started,
        citizen=Citizen.from_identities(phone=caller),
        text=text,
        language=_language(language),
        conversation_id=call_id,
        raw=raw,
    )


def envelope_json(envelope: dict[str, Any]) -> bytes:
    return orjson.dumps(envelope)
