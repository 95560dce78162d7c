from datetime import date, datetime, timedelta, timezone

import pytest

from classifiers import ResponseTarget
from schemas.outbound import OutboundKind
from schemas.request import Status
from streams.sla import BusinessCalendar, SlaItem, due_at, item_for, overdue
from streams.satisfaction import parse_rating, satisfaction_check

TR = BusinessCalendar.load("TR")
GR = BusinessCalendar.load("GR")
UTC = timezone.utc


def orthodox_easter(year: int) -> date:
    """Meeus' Julian algorithm, converted to Gregorian (+13 days for 1900-2099)."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    return date(year, month, day + 1) + timedelta(days=13)


def test_greek_movable_holidays_follow_orthodox_easter():
    easter = orthodox_easter(2026)
    assert easter == date(2026, 4, 12)
    for offset in (-48, -2, 0, 1, 50):  # Clean Monday, Good Friday, Easter, Easter Monday, Whit Monday
        assert easter + timedelta(days=offset) in GR.holidays


def test_wall_clock_target_ignores_calendar():
    received = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)  # a Turkish holiday
    assert due_at(received, ResponseTarget(24, False)) == received + timedelta(hours=24)


def test_two_business_days_skip_weekend_and_bayram():
    # Wed 18 March 2026 15:00 Istanbul (12:00 UTC). 16 working hours of 08:30-16:30:
    # Wed 1.5 h, Thu 19th arife half day 08:30-13:00 = 4.5 h, Fri-Sun 20-22 bayram/weekend,
    # Mon 23rd 8 h (14 h so far), Tue 24th 2 h more -> 10:30 Istanbul = 07:30 UTC.
    received = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)
    assert due_at(received, ResponseTarget(16, True), TR) == datetime(2026, 3, 24, 7, 30, tzinfo=UTC)


def test_business_hours_received_at_night_starts_next_morning_and_greek_easter_is_skipped():
    # Thu 9 April 2026 23:00 Athens: 8 h fall on... Fri 10th Good Friday, Mon 13th Easter Monday:
    # Tue 14th 07:30-15:30 Athens (EEST, UTC+3) -> 12:30 UTC.
    received = datetime(2026, 4, 9, 20, 0, tzinfo=UTC)
    assert due_at(received, ResponseTarget(8, True), GR) == datetime(2026, 4, 14, 12, 30, tzinfo=UTC)


def test_business_target_needs_calendar_and_aware_time():
    with pytest.raises(ValueError):
        due_at(datetime(2026, 3, 18, 12, 0, tzinfo=UTC), ResponseTarget(8, True))
    with pytest.raises(ValueError):
        due_at(datetime(2026, 3, 18, 12, 0), ResponseTarget(8, False))


def test_overdue_lists_open_unreported_requests_past_due():
    t0 = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
    targets = {"water-sewer": ResponseTarget(24, False)}
    late = item_for("r1", "water-sewer", t0, targets, None)
    answered = item_for("r2", "water-sewer", t0, targets, None).with_status(Status.in_progress)
    fresh = item_for("r3", "water-sewer", t0 + timedelta(hours=20), targets, None)
    reported = SlaItem("r4", "water-sewer", t0, t0 + timedelta(hours=1), breached=True)
    now = t0 + timedelta(hours=30)
    [breach] = overdue(now, [late, answered, fresh, reported])
    assert (breach.request_id, breach.overdue_seconds) == ("r1", 6 * 3600)
    assert SlaItem.from_dict(late.to_dict()) == late


@pytest.mark.parametrize("answer,rating", [
    ("5", 5), (" 4/5 ", 4), ("4 out of 5", 4), ("beş", 5), ("Beş!", 5), ("πέντε", 5), ("Πέντε", 5),
    ("pente", 5), ("dört", 4), ("τρία", 3), ("five, thanks", 5), ("★★★★", 4), ("bir sorun yok, 5", 5),
    ("5 üzerinden 3", 3),
])
def test_parse_rating(answer, rating):
    assert parse_rating(answer) == rating


@pytest.mark.parametrize("answer", ["", "10", "0", "3 or 4", "teşekkürler", "3 ya da 4", "6/10"])
def test_parse_rating_refuses_ambiguous_or_out_of_scale(answer):
    assert parse_rating(answer) is None


@pytest.mark.parametrize("language,word", [("tr", "puanlar"), ("el", "αξιολογείτε"), ("en", "rate"), ("de", "rate")])
def test_satisfaction_check_in_the_citizens_language_on_their_channel(make_request, language, word):
    req = make_request(channel="whatsapp", language=language)
    now = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)
    msg = satisfaction_check(req, now)
    assert msg.kind is OutboundKind.satisfaction_check
    assert (msg.request_id, msg.channel.value, msg.to) == (req.request_id, "whatsapp", "+905321234567")
    assert word in msg.text and req.number in msg.text and "5" in msg.text
    assert satisfaction_check(req, now).message_id == msg.message_id  # once per request
