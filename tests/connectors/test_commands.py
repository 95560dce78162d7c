"""The connector commands end to end on real servers: `ingest eml`, `email poll --once`
(dovecot), `telegram poll --once` (local fake Bot API)."""

from __future__ import annotations

import argparse
import imaplib

import pytest

from connectors.commands import cmd_email_poll, cmd_ingest_eml, cmd_telegram_poll
from schemas import topics
from schemas.request import make_request_id
from tests.connectors.dovecot import PASSWORD, dovecot_binary, start_dovecot
from tests.connectors.payloads import email_bytes, message_id, telegram_update
from tests.connectors.test_telegram import FakeBotApi
from tests.support import header, read_topic, unique

pytestmark = pytest.mark.slow


def on_raw(harness, channel: str, external_id: str) -> bool:  # type: ignore[no-untyped-def]
    rid = make_request_id(channel, external_id)
    return bool(read_topic(harness.bootstrap, topics.RAW, timeout=10, until=1,
                           match=lambda m: header(m, "request-id") == rid))


def test_ingest_eml_files(harness, tmp_path, capsys) -> None:
    uid = unique("f")
    good, auto = tmp_path / "good.eml", tmp_path / "auto.eml"
    good.write_bytes(email_bytes(uid, "Çocuk parkındaki kaydırak kırık."))
    auto.write_bytes(email_bytes(unique("f"), "Ofis dışındayım.").replace(b"Subject:", b"Auto-Submitted: auto-replied\r\nSubject:", 1))
    assert cmd_ingest_eml(argparse.Namespace(files=[good, auto]), harness.settings) == 0
    assert "accepted 1, ignored 1, dead-lettered 0" in capsys.readouterr().out
    assert on_raw(harness, "email", f"<{uid}@mail.example.org>")


def test_email_poll_once_against_dovecot(harness, tmp_path, capsys) -> None:
    binary = dovecot_binary()
    if binary is None:
        pytest.skip("dovecot not installed: apt-get install dovecot-imapd (listed in scripts/system-packages.txt)")
    server = start_dovecot(binary)
    try:
        user, uid = unique("cmd"), unique("p")
        imap = imaplib.IMAP4("127.0.0.1", server.port)
        imap.login(user, PASSWORD)
        imap.append("INBOX", None, None, email_bytes(uid, "Mezarlık yolunda çukur."))
        imap.logout()
        settings = harness.settings.model_copy(update={
            "imap_host": "127.0.0.1", "imap_port": server.port, "imap_ssl": False, "imap_user": user,
            "imap_password": __import__("pydantic").SecretStr(PASSWORD), "data_dir": tmp_path})
        assert cmd_email_poll(argparse.Namespace(once=True), settings) == 0
        assert "accepted 1" in capsys.readouterr().out
        assert on_raw(harness, "email", f"<{uid}@mail.example.org>")
        assert cmd_email_poll(argparse.Namespace(once=True), settings) == 0  # checkpoint: nothing twice
        assert "accepted 0" in capsys.readouterr().out
    finally:
        server.stop()


def test_telegram_poll_once_against_a_fake_bot_api(harness, tmp_path, capsys) -> None:
    token = harness.settings.telegram_bot_token.get_secret_value()
    fake = FakeBotApi(token)
    try:
        uid = unique("tp")
        fake.updates = [telegram_update(uid, "Otobüs durağının camı kırık", update_id=900)]
        settings = harness.settings.model_copy(update={"telegram_base_url": fake.base_url, "data_dir": tmp_path})
        assert cmd_telegram_poll(argparse.Namespace(once=True), settings) == 0
        assert "accepted 1" in capsys.readouterr().out
        assert on_raw(harness, "telegram", f"424242:{message_id(uid)}")
        assert cmd_telegram_poll(argparse.Namespace(once=True), settings) == 0
        assert "accepted 0" in capsys.readouterr().out
    finally:
        fake.server.stop()


def test_pollers_refuse_to_start_without_credentials(harness, capsys) -> None:
    bare = harness.settings.model_copy(update={"imap_host": None, "twitter_bearer_token": None,
                                               "telegram_bot_token": None})
    from connectors.commands import cmd_twitter_poll

    for cmd in (cmd_email_poll, cmd_twitter_poll, cmd_telegram_poll):
        assert cmd(argparse.Namespace(once=True), bare) == 2
    assert capsys.readouterr().err.count("CIVICDESK_") >= 3
