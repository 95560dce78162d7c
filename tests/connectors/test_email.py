"""Email normaliser: what the citizen wrote, decoded from real-world encodings; automatic mail ignored."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest

from civicdesk.errors import Ignored, Malformed
from connectors.email.normalise import normalise_email
from tests.connectors.payloads import NOW

FIXTURES = Path(__file__).parent / "fixtures" / "email"


def message(body: str = "Parkta bank kırık.", subject: str = "Kırık bank", **headers: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = headers.pop("From", "Ayşe Yılmaz <Ayse.Yilmaz@Example.org>")
    msg["To"] = "beyazmasa@belediye.gov.tr"
    msg["Subject"] = subject
    msg["Message-ID"] = "<m1@example.org>"
    msg["Date"] = "Thu, 05 Mar 2026 10:00:00 +0300"
    for k, v in headers.items():
        msg[k.replace("_", "-")] = v
    msg.set_content(body)
    return msg


def test_latin5_quoted_printable_with_turkish_quoted_reply() -> None:
    data = (FIXTURES / "tr_latin5_qp_reply.eml").read_bytes()
    req = normalise_email(data, NOW)
    assert req.text == "Merhaba,\nBahçelievler 7. Cadde'deki sokak lambası üç gündür yanmıyor."
    assert req.subject == "Sokak lambası yanmıyor"  # RFC 2047 base64 in iso-8859-9
    assert req.citizen.email == "mehmet.simsek@example.com.tr" and req.citizen.display_name == "Mehmet Şimşek"
    assert req.external_id == "<20260305101244.4F2A@mail.example.com.tr>"
    assert req.received_at.isoformat() == "2026-03-05T07:12:44+00:00"
    assert req.raw.to_bytes() == data


def test_windows_1253_html_only_is_rendered_to_visible_text() -> None:
    req = normalise_email((FIXTURES / "el_windows1253_html_only.eml").read_bytes(), NOW)
    assert req.text == "Υπάρχει μια μεγάλη λακκούβα στην οδό Πανεπιστημίου 12.\nΠαρακαλώ επισκευάστε την."
    assert req.subject == "Αίτηση για λακκούβα" and req.citizen.display_name == "Μαρία Ολυμπίου"


def test_plain_text_preferred_english_reply_and_signature_cut_attachment_as_metadata() -> None:
    msg = message("Hello,\nthe bench in Kugulu Park is broken.\n\n-- \nJohn Smith\n+90 532 000 00 00\n")
    msg.add_alternative("<p>HTML version that must not be used</p>", subtype="html")
    msg.add_attachment(b"\x89PNG fake image bytes", maintype="image", subtype="png", filename="bench.png")
    req = normalise_email(bytes(msg), NOW)
    assert req.text == "Hello,\nthe bench in Kugulu Park is broken."
    assert len(req.attachments) == 1
    att = req.attachments[0]
    assert att.content_type == "image/png" and att.size == 21 and att.url.endswith("/bench.png")


@pytest.mark.parametrize("quoted", [
    "On Thu, 5 Mar 2026 at 09:00, Beyaz Masa <beyazmasa@belediye.gov.tr> wrote:\n> Your request was received.",
    "On Thu, 5 Mar 2026 at 09:00, Beyaz Masa\n<beyazmasa@belediye.gov.tr> wrote:\n> Your request was received.",
    "5 Mar 2026 Per, 09:00 tarihinde Beyaz Masa <beyazmasa@belediye.gov.tr> şunu yazdı:\n> Talebiniz alındı.",
    "-----Original Message-----\nFrom: Beyaz Masa\nSent: Thursday\nSubject: Talep",
    "> only quoted lines\n> here",
])
def test_quoted_replies_are_cut(quoted: str) -> None:
    req = normalise_email(bytes(message(f"Still broken, nobody came.\n\n{quoted}\n")), NOW)
    assert req.text == "Still broken, nobody came."


def test_empty_body_falls_back_to_subject() -> None:
    req = normalise_email(bytes(message("\n", subject="Konteyner taştı - Atatürk Cd.")), NOW)
    assert req.text == "Konteyner taştı - Atatürk Cd."


@pytest.mark.parametrize("headers", [
    {"Auto_Submitted": "auto-replied"},
    {"X_Autoreply": "yes"},
    {"Precedence": "auto_reply"},
])
def test_auto_replies_are_ignored(headers: dict[str, str]) -> None:
    with pytest.raises(Ignored):
        normalise_email(bytes(message("I am out of the office until Monday.", **headers)), NOW)


@pytest.mark.parametrize("subject", ["Out of Office: Çöp", "Otomatik yanıt: Talebiniz", "Automatic reply: request"])
def test_out_of_office_subjects_are_ignored(subject: str) -> None:
    with pytest.raises(Ignored):
        normalise_email(bytes(message("Away.", subject=subject)), NOW)


def test_delivery_status_notification_is_ignored() -> None:
    # RFC 3464 section 10 example shape: multipart/report; report-type=delivery-status.
    dsn = (b"From: Mail Delivery Subsystem <MAILER-DAEMON@mx.belediye.gov.tr>\r\n"
           b"To: beyazmasa@belediye.gov.tr\r\nSubject: Returned mail: see transcript for details\r\n"
           b"Message-ID: <dsn1@mx.belediye.gov.tr>\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/report; report-type=delivery-status; boundary=\"RAA14128\"\r\n\r\n"
           b"--RAA14128\r\nContent-Type: text/plain\r\n\r\nThe original message was received ...\r\n"
           b"--RAA14128\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.belediye.gov.tr\r\n\r\n"
           b"Final-Recipient: RFC822; nobody@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
           b"--RAA14128--\r\n")
    with pytest.raises(Ignored, match="delivery"):
        normalise_email(dsn, NOW)


def test_bounce_from_mailer_daemon_without_report_is_ignored() -> None:
    with pytest.raises(Ignored):
        normalise_email(bytes(message("Undeliverable", From="MAILER-DAEMON@mx.example.org")), NOW)


def test_no_sender_is_malformed() -> None:
    with pytest.raises(Malformed, match="From"):
        normalise_email(b"Subject: hi\r\n\r\nbody\r\n", NOW)


def test_html_script_is_not_visible_text_but_typed_markup_is_kept_verbatim() -> None:
    msg = message("placeholder")
    msg.set_content("<html><body><p>Su yok &lt;script&gt;</p><script>steal()</script></body></html>", subtype="html")
    assert normalise_email(bytes(msg), NOW).text == "Su yok <script>"
