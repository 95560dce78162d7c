"""Email replies over SMTP (smtplib), threaded under the citizen's message.

`In-Reply-To` and `References` carry the citizen's Message-ID (RFC 5322 3.6.4), so mail
clients show the answer in the same conversation. The reply's own Message-ID is derived from
the outbound message id: a resend after a crash carries the same id, and the receiving side
can drop the copy.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime

from connectors.outbound.failures import Rejected, Sent, Transient
from civicdesk.settings import Settings, secret
from schemas.outbound import OutboundKind, OutboundMessage
from schemas.request import Channel

# RFC 3834: automatic answers say so, and well-behaved autoresponders then do not answer back.
_AUTOMATIC = frozenset({OutboundKind.acknowledgement, OutboundKind.satisfaction_check})


def _angle(message_id: str) -> str:
    message_id = message_id.strip()
    return message_id if message_id.startswith("<") else f"<{message_id}>"


def build_email(message: OutboundMessage, settings: Settings) -> EmailMessage:
    if message.channel != Channel.email:
        raise Rejected(f"smtp does not send {message.channel.value}")
    if not settings.smtp_from:
        raise Rejected("email: smtp_from is not set")
    domain = settings.smtp_from.rsplit("@", 1)[-1].strip("> ")
    mail = EmailMessage()
    mail["From"] = settings.smtp_from
    mail["To"] = message.to
    mail["Subject"] = message.subject or "Re:"
    mail["Date"] = format_datetime(message.created_at)
    mail["Message-ID"] = f"<{message.message_id}.{message.request_id}@{domain}>"
    if message.in_reply_to:
        parent = _angle(message.in_reply_to)
        mail["In-Reply-To"] = parent
        mail["References"] = parent  # the citizen's own References are not kept; the parent suffices to thread
    if message.kind in _AUTOMATIC:
        mail["Auto-Submitted"] = "auto-replied"
    # Quoted-printable: Turkish and Greek text passes relays that do not offer 8BITMIME.
    mail.set_content(message.text, cte="quoted-printable")
    if message.language:  # after set_content, which clears Content-* headers
        mail["Content-Language"] = message.language
    return mail


def smtp_failure(code: int, detail: str) -> Transient | Rejected:
    """SMTP reply codes (RFC 5321 4.2.1): 4yz transient, 5yz permanent."""
    reason = f"smtp {code}: {detail}"
    return Transient(reason) if 400 <= code < 500 else Rejected(reason)


class SmtpSender:
    """One SMTP session per message: replies are a few per minute, and a fresh session cannot
    inherit a half-broken one."""

    def __init__(self, settings: Settings, timeout: float = 15.0) -> None:
        if not settings.smtp_host:
            raise Rejected("email: smtp_host is not set")
        self._settings = settings
        self._timeout = timeout

    def send(self, message: OutboundMessage) -> Sent:
        mail = build_email(message, self._settings)
        s = self._settings
        try:
            with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=self._timeout) as smtp:
                if s.smtp_starttls:
                    smtp.starttls(context=ssl.create_default_context())
                password = secret(s.smtp_password)
                if s.smtp_user and password:
                    smtp.login(s.smtp_user, password)
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            code, detail = next(iter(exc.recipients.values()))
            raise smtp_failure(code, _text(detail)) from exc
        except smtplib.SMTPResponseException as exc:  # sender refused, data refused, auth, 421 on connect
            raise smtp_failure(exc.smtp_code, _text(exc.smtp_error)) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise Rejected(f"smtp: {exc}") from exc
        except (smtplib.SMTPServerDisconnected, OSError) as exc:  # refused, reset, timed out
            raise Transient(f"smtp unreachable: {exc.__class__.__name__}: {exc}") from exc
        return Sent(mail["Message-ID"])


def _text(detail: bytes | str) -> str:
    return detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
