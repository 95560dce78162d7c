"""Open311 GeoReport v2 service request form -> CitizenRequest, and the spec's JSON shapes
for services and requests. Pure: no I/O.

Field names from the GeoReport v2 specification (wiki.open311.org/GeoReport_v2): POST
service request arguments service_code, lat, long, address_string, email, device_id,
account_id, first_name, last_name, phone, description, media_url; GET service list and
service request responses; errors as a list of {code, description}.
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime
from typing import Any, Iterable

from civicdesk.errors import Malformed
from classifiers.taxonomy import Taxonomy
from connectors.form import Form
from schemas.request import Attachment, Channel, Citizen, CitizenRequest, Location, RawPayload, Status

FORM = "application/x-www-form-urlencoded"
# Open311 has two states; everything a department has not finished is "open".
_CLOSED = frozenset({Status.resolved.value, Status.closed.value, Status.rejected.value})


def normalise_open311(form: Form, body: bytes, service_codes: Iterable[str], now: datetime) -> CitizenRequest:
    code = (form.first("service_code") or "").strip()
    if not code:
        raise Malformed("service_code: missing", status=400)
    if code not in set(service_codes):
        raise Malformed(f"service_code: {code!r} is not a service (see services.json)", status=400)
    location = _location(form)
    email = (form.first("email") or "").strip().lower() or None
    phone = (form.first("phone") or "").replace(" ", "").strip() or None
    if phone and not (phone.startswith("+") and phone[1:].isdigit()):
        raise Malformed(f"phone: {phone!r} is not in international format (+905321234567)", status=400)
    device = (form.first("device_id") or form.first("account_id") or "").strip() or None
    if not (email or phone or device):
        raise Malformed("email, phone or device_id: give at least one so the request can be answered", status=400)
    name = " ".join(p for p in (form.first("first_name"), form.first("last_name")) if p) or None
    text = form.first("description") or ""
    media = (form.first("media_url") or "").strip()
    attachments = (Attachment(url=media),) if media else ()
    if not text.strip() and not attachments:
        raise Malformed("description: missing (and no media_url)", status=400)
    external_id = external_id_for(body)
    try:
        citizen = Citizen.from_identities(email=email, phone=phone, handle=device, channel="web", display_name=name)
    except ValueError as exc:
        raise Malformed(f"email or phone: {exc}", status=400) from exc
    return CitizenRequest(
        channel=Channel.web, external_id=external_id, received_at=now, citizen=citizen, text=text,
        location=location, attachments=attachments, department=code,
        raw=RawPayload.from_bytes(FORM, body),
    )


def external_id_for(body: bytes) -> str:
    """Open311 clients send no message id; the submitted bytes are the identity, so a client
    retrying the same POST gets the same request back rather than a second one."""
    return "sha256:" + hashlib.sha256(body).hexdigest()[:32]


def _location(form: Form) -> Location:
    lat, lon, address = form.first("lat"), form.first("long"), (form.first("address_string") or "").strip() or None
    if lat or lon:
        try:
            flat, flon = float(lat or ""), float(lon or "")
            if not (math.isfinite(flat) and math.isfinite(flon)):
                raise ValueError("not finite")
            return Location(lat=flat, lon=flon, address=address)
        except ValueError as exc:
            raise Malformed(f"lat/long: not a WGS84 coordinate pair: {lat!r}, {lon!r}", status=400) from exc
    if address:
        return Location(address=address)
    raise Malformed("location: give lat and long, or address_string", status=400)


def services(taxonomy: Taxonomy, language: str = "en") -> list[dict[str, Any]]:
    out = []
    for dept in taxonomy.departments:
        name = dept.names.get(language) or next(iter(dept.names.values()), dept.code)
        out.append({"service_code": dept.code, "service_name": name, "description": dept.description or name,
                    "metadata": False, "type": "realtime", "keywords": ",".join(dept.keywords.get(language, ())[:10]),
                    "group": taxonomy.title})
    return out


def service_request(doc: dict[str, Any]) -> dict[str, Any]:
    """An index document as the spec's service request."""
    status = str(doc.get("status") or Status.received.value)
    history = doc.get("status_history") or []
    notes = "; ".join(str(h.get("note")) for h in history if isinstance(h, dict) and h.get("note")) or None
    loc = doc.get("location") or {}
    point = loc.get("point") if isinstance(loc.get("point"), dict) else loc  # the index stores lat/lon as a geo point
    return {
        "service_request_id": doc.get("request_id"),
        "status": "closed" if status in _CLOSED else "open",
        "status_notes": notes,
        "service_code": doc.get("department"),
        "description": doc.get("text"),
        "requested_datetime": doc.get("received_at"),
        "updated_datetime": doc.get("status_changed_at") or doc.get("received_at"),
        "address": loc.get("address"),
        "lat": point.get("lat"),
        "long": point.get("lon"),
        "media_url": next((a.get("url") for a in doc.get("attachments") or [] if isinstance(a, dict)), None),
    }


def errors(status: int, description: str) -> list[dict[str, Any]]:
    return [{"code": status, "description": description}]
