"""The console in a real headless Chromium against the whole pipeline (the `live` fixture):
a department sees only its requests, finds a citizen by a phone number typed with spaces,
changes a status that the search API then shows; the social team answers a tweet, and the
fake X API receives the reply through `requests.outbound` and the outbound worker."""

from __future__ import annotations

import json
import random
import os
import shutil
import threading
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import httpx
try:
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
except ImportError:  # the conftest skips these tests without selenium; keep collection working
    NoSuchElementException = StaleElementReferenceException = LookupError  # type: ignore[assignment,misc]
import pytest
from confluent_kafka import Producer

from connectors.ingest import raw_record
from connectors.outbound.worker import run_outbound
from schemas.request import Citizen, CitizenRequest, RawPayload
from tests.conftest import TEST_API_KEY, TEST_DEPARTMENT_KEY, TEST_SOCIAL_KEY
from tests.connectors.outbound.conftest import outbound_settings
from tests.connectors.outbound.fakes import FakeProviders, FakeSmtp
from tests.sinks.console.conftest import LAPTOP, PHONE
from tests.support import unique

pytestmark = pytest.mark.slow

SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def wait_until(check: Callable[[], Any], timeout: float, what: str, interval: float = 0.25) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
        except (StaleElementReferenceException, NoSuchElementException):
            value = None  # the page re-rendered (live feed) between finding and reading: look again
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def request(channel: str, text: str, *, phone: str | None = None, handle: str | None = None,
            external_id: str | None = None) -> CitizenRequest:
    citizen = Citizen.from_identities(phone=phone, handle=handle, channel=channel,
                                      display_name="Ayşe K." if handle else None)
    raw = RawPayload.from_bytes("application/json", b'{"test": "console"}')
    return CitizenRequest(channel=channel, external_id=external_id or unique("console-"),
                          received_at=datetime.now(timezone.utc), citizen=citizen, text=text, language="tr", raw=raw)


def publish(bootstrap: str, *requests: CitizenRequest) -> None:
    producer = Producer({"bootstrap.servers": bootstrap})
    for req in requests:
        rec = raw_record(req)
        producer.produce(rec.topic, key=rec.key, value=rec.value, headers=rec.headers)
    assert producer.flush(10) == 0


def api(live, key: str) -> httpx.Client:
    return httpx.Client(base_url=live.base_url, timeout=10, headers={"Authorization": f"Bearer {key}"})


def indexed(client: httpx.Client, request_id: str) -> dict[str, Any] | None:
    resp = client.get(f"/requests/{request_id}")
    return resp.json() if resp.status_code == 200 else None


def shot(driver, tmp_path: Path, name: str, publish_as: str | None = None) -> Path:
    path = tmp_path / f"{name}.png"
    assert driver.save_screenshot(str(path)), f"screenshot {name} failed"
    # Refresh the committed screenshots only when asked (CIVICDESK_UPDATE_SCREENSHOTS=1): a test
    # run must not modify tracked files.
    if publish_as and os.environ.get("CIVICDESK_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, SCREENSHOTS / f"console-{publish_as}.png")
    return path


def sign_in(driver, live, key: str) -> None:
    from selenium.webdriver.common.by import By

    # Forget the last key on a same-origin page that runs no script (the console itself could
    # still be finishing a sign-in and store the key again).
    driver.get(live.base_url + "/console/static/app.css")
    driver.execute_script("sessionStorage.clear(); localStorage.setItem('civicdesk.lang', 'en');")
    driver.get(live.base_url + "/console#/feed")
    driver.find_element(By.ID, "apikey").send_keys(key)
    driver.find_element(By.CSS_SELECTOR, "#signin button[type=submit]").click()
    wait_until(lambda: driver.find_element(By.ID, "view-feed").is_displayed(), 10, "the feed after signing in")


def feed_ids(driver) -> set[str]:
    return set(driver.execute_script(
        "return [...document.querySelectorAll('#view-feed li.req')].map(li => li.dataset.id)"))


@pytest.fixture(scope="module")
def seeded(live) -> dict[str, Any]:
    """Three requests through the real pipeline: water (with markup in the text), rubbish, a tweet."""
    digits = "".join(random.choice("0123456789") for _ in range(7))
    phone = f"+90532{digits}"
    handle = unique("ayse").replace("-", "_")[:15]
    water = request("sms", "Dikmen'de ana su borusu patladı, cadde su altında kaldı <b>acil</b> <script>x()</script>",
                    phone=phone)
    rubbish = request("sms", "Sokağımızdaki çöpler üç gündür toplanmadı, çöp konteyneri taştı",
                      phone=f"+90533{digits}")
    tweet = request("twitter", "@belediye Kızılay'da kaldırım çökmüş, yayalar yola çıkmak zorunda kalıyor",
                    handle=handle, external_id=str(random.randrange(10**18, 10**19)))
    publish(live.bootstrap, water, rubbish, tweet)
    with api(live, TEST_API_KEY) as sup:
        docs = {name: wait_until(lambda r=r: indexed(sup, r.request_id), 60, f"{name} indexed")
                for name, r in (("water", water), ("rubbish", rubbish), ("tweet", tweet))}
    assert docs["water"]["department"] == "water-sewer", docs["water"]["classification"]
    assert docs["rubbish"]["department"] != "water-sewer", docs["rubbish"]["classification"]
    return {"phone": phone, "handle": handle, "docs": docs,
            "national": f"0{phone[3:6]} {phone[6:9]} {phone[9:11]} {phone[11:]}"}


def test_department_sees_its_requests_finds_a_citizen_and_changes_a_status(live, browser, seeded, tmp_path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = browser
    water, rubbish = seeded["docs"]["water"], seeded["docs"]["rubbish"]
    sign_in(driver, live, TEST_DEPARTMENT_KEY)

    # Live feed: the department's new request arrives without a reload; the other department's never does.
    wait_until(lambda: water["request_id"] in feed_ids(driver), 15, "the water request in the feed")
    time.sleep(1.5)  # one more feed poll, so a leak would have had its chance
    seen = feed_ids(driver)
    assert rubbish["request_id"] not in seen
    with api(live, TEST_DEPARTMENT_KEY) as dept:
        allowed = {d["request_id"] for d in dept.get("/requests", params={"size": 500}).json()["results"]}
    assert seen <= allowed, f"feed shows requests outside department:water-sewer: {seen - allowed}"
    depts = driver.execute_script("return [...document.querySelectorAll('#view-feed .req .dept')].map(e => e.textContent)")
    assert set(depts) == {"Water and Sewer"}
    # A request that arrives while the page is open appears without a reload (across the
    # server's 10 s stream ends, which the page reconnects through with its cursor).
    time.sleep(10)
    later = request("sms", "Ayrancı'da kanalizasyon taştı, sokak koku içinde", phone=seeded["phone"])
    publish(live.bootstrap, later)
    wait_until(lambda: later.request_id in feed_ids(driver), 30, "a new request in the open feed")
    shot(driver, tmp_path, "feed", publish_as="feed")

    # Search by the phone number as a caller dictates it, with spaces.
    driver.find_element(By.CSS_SELECTOR, "#nav a[data-view=search]").click()
    box = driver.find_element(By.ID, "f-citizen")
    box.clear()
    box.send_keys(seeded["national"])
    driver.find_element(By.ID, "search-go").click()
    rows = wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "#results tbody tr"), 10, "search results")
    assert [r.get_attribute("data-id") for r in rows] == [later.request_id, water["request_id"]]  # newest first
    assert seeded["phone"] not in driver.page_source  # a department never sees the full number
    shot(driver, tmp_path, "search", publish_as="search")

    # Open it: the citizen's text is shown as text, markup and all, never interpreted.
    rows[1].find_element(By.TAG_NAME, "a").click()
    quote = wait_until(lambda: driver.find_element(By.ID, "d-text").text, 10, "the request text")
    assert "<b>acil</b>" in quote and "<script>x()</script>" in quote
    assert driver.execute_script("return document.querySelectorAll('#d-text *').length") == 0
    reasons = driver.find_elements(By.CSS_SELECTOR, "#d-class .reasons li")
    assert reasons, "classification reasons are listed"
    assert driver.find_element(By.ID, "d-history").find_elements(By.TAG_NAME, "li")

    # Change the status; the stream validates it and the sink applies it to the index.
    before = water["status"]
    choice = Select(driver.find_element(By.ID, "a-status-value"))
    target = "in_progress" if "in_progress" in [o.get_attribute("value") for o in choice.options] else choice.options[0].get_attribute("value")
    choice.select_by_value(target)
    driver.find_element(By.ID, "a-status-note").send_keys("Ekip yola çıktı")
    driver.find_element(By.CSS_SELECTOR, "#a-status button").click()
    wait_until(lambda: "ok" in driver.find_element(By.ID, "a-result").get_attribute("class"), 10, "the action's answer")
    with api(live, TEST_DEPARTMENT_KEY) as dept:
        doc = wait_until(lambda: (d := indexed(dept, water["request_id"])) and d["status"] == target and d, 30,
                         f"status {before} -> {target} in the search API")
    last = doc["status_history"][-1]
    assert last["status"] == target and last["note"] == "Ekip yola çıktı"
    assert last["actor"].startswith("department:water-sewer#")
    driver.refresh()
    wait_until(lambda: target.replace("_", " ") in driver.find_element(By.ID, "d-history").text, 10, "history shows the change")
    # The citizen's timeline, although a department sees the phone number masked.
    wait_until(lambda: water["number"] in driver.find_element(By.ID, "d-timeline").text, 10, "the citizen timeline")
    assert seeded["phone"] not in driver.find_element(By.ID, "d-timeline").text
    shot(driver, tmp_path, "request", publish_as="request")

    # A correction is published and kept as a labelled example for the next `civicdesk train`.
    corrections = Path(live.settings.data_dir) / "corrections.jsonl"
    before_lines = corrections.read_text(encoding="utf-8").splitlines() if corrections.exists() else []
    Select(driver.find_element(By.ID, "a-c-urgency")).select_by_value("emergency")
    driver.find_element(By.CSS_SELECTOR, "#a-correct button").click()
    wait_until(lambda: "training" in driver.find_element(By.ID, "a-result").text, 10, "the correction's answer")
    example = json.loads(corrections.read_text(encoding="utf-8").splitlines()[len(before_lines)])
    assert (example["department"], example["type"], example["urgency"]) == ("water-sewer", water["type"], "emergency")
    assert example["text"] == water["text"] and example["source"] == "console-correction"

    # The other department's request answers 404 to this key, also for actions.
    with api(live, TEST_DEPARTMENT_KEY) as dept:
        assert dept.post(f"/requests/{rubbish['request_id']}/status", json={"status": "resolved"}).status_code == 404

    # The same page on a phone: the detail stacks into one column, nothing overflows sideways.
    driver.set_window_size(*PHONE)
    try:
        time.sleep(0.3)
        width = driver.execute_script("return document.documentElement.scrollWidth")
        assert width <= PHONE[0] + 1, f"page is {width}px wide on a {PHONE[0]}px phone"
        shot(driver, tmp_path, "phone-request", publish_as="phone")
    finally:
        driver.set_window_size(*LAPTOP)


def test_overview_draws_charts_and_the_neighbourhood_map(live, browser, seeded, tmp_path) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    sign_in(driver, live, TEST_API_KEY)
    driver.find_element(By.CSS_SELECTOR, "#nav a[data-view=overview]").click()
    paths = wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "#o-map path.hood"), 15, "map polygons")
    assert len(paths) > 10
    coloured = [p for p in paths if int(p.get_attribute("data-count")) > 0]
    assert coloured, "at least one neighbourhood has requests"
    assert driver.find_elements(By.CSS_SELECTOR, "#o-volume svg rect")
    assert driver.find_elements(By.CSS_SELECTOR, "#o-departments svg rect")
    # Language switch: the interface changes, the data does not.
    from selenium.webdriver.support.ui import Select
    Select(driver.find_element(By.ID, "lang")).select_by_value("tr")
    wait_until(lambda: driver.find_element(By.CSS_SELECTOR, "#o-tiles .tile span").text == "Talep", 10, "Turkish tiles")
    assert driver.find_element(By.CSS_SELECTOR, "#nav a[data-view=overview]").text == "Genel bakış"
    driver.set_window_size(LAPTOP[0], 1500)  # tall enough for the map under the charts
    try:
        time.sleep(0.3)
        shot(driver, tmp_path, "overview-tr", publish_as="overview")
    finally:
        driver.set_window_size(*LAPTOP)
    Select(driver.find_element(By.ID, "lang")).select_by_value("el")
    wait_until(lambda: driver.find_element(By.CSS_SELECTOR, "#nav a[data-view=overview]").text == "Επισκόπηση", 5, "Greek")
    Select(driver.find_element(By.ID, "lang")).select_by_value("en")


def test_social_team_replies_to_a_tweet_and_the_x_api_receives_it(live, browser, seeded, tmp_path) -> None:
    from selenium.webdriver.common.by import By

    tweet = seeded["docs"]["tweet"]
    providers, smtp = FakeProviders(), FakeSmtp()
    settings = outbound_settings(providers, smtp, tmp_path / "outbound", kafka_bootstrap_servers=live.bootstrap,
                                 elasticsearch_url=live.es_url, outbound_group_id=unique("console-outbound-"))
    stop = threading.Event()
    worker = threading.Thread(target=run_outbound, args=(settings, stop),
                              kwargs={"sleep": lambda s: None, "poll_timeout": 0.2}, daemon=True)
    worker.start()
    try:
        driver = browser
        sign_in(driver, live, TEST_SOCIAL_KEY)
        wait_until(lambda: tweet["request_id"] in feed_ids(driver), 15, "the tweet in the social team's feed")
        driver.find_element(By.CSS_SELECTOR, "#nav a[data-view=search]").click()
        box = driver.find_element(By.ID, "f-citizen")
        box.clear()
        box.send_keys("@" + seeded["handle"])
        driver.find_element(By.ID, "search-go").click()
        rows = wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, "#results tbody tr"), 10, "search results")
        assert [r.get_attribute("data-id") for r in rows] == [tweet["request_id"]]
        rows[0].find_element(By.TAG_NAME, "a").click()
        wait_until(lambda: "Kızılay" in driver.find_element(By.ID, "d-text").text, 10, "the tweet")
        text = "Merhaba, ekiplerimiz Kızılay'daki kaldırım için yönlendirildi. Talep no: " + tweet["number"]
        driver.find_element(By.ID, "a-reply-text").send_keys(text)
        driver.find_element(By.CSS_SELECTOR, "#a-reply button").click()
        wait_until(lambda: "ok" in driver.find_element(By.ID, "a-result").get_attribute("class"), 10, "the reply queued")
        shot(driver, tmp_path, "reply", publish_as="reply")
        # The worker's fresh consumer group also reads older messages of the session; ours is the one
        # with this text, sent once, as a reply in the citizen's thread.
        ours = lambda: [r for r in providers.requests_to("x") if r.fields.get("text") == text]  # noqa: E731
        sent = wait_until(ours, 30, "the reply at the fake X API")
        time.sleep(0.5)
        assert len(ours()) == 1
        assert sent[0].fields["reply"]["in_reply_to_tweet_id"] == tweet["external_id"]
    finally:
        stop.set()
        worker.join(20)
        providers.stop()
        smtp.stop()


def test_open_feed_cards_follow_status_changes_and_reassignments_without_a_reload(live, browser, seeded, tmp_path) -> None:
    from selenium.webdriver.common.by import By  # noqa: F401 - the driver's locators are CSS below

    driver = browser
    water, rubbish = seeded["docs"]["water"], seeded["docs"]["rubbish"]
    sign_in(driver, live, TEST_DEPARTMENT_KEY)
    wait_until(lambda: water["request_id"] in feed_ids(driver), 15, "the water request in the feed")
    driver.execute_script("window.__sameLoad = true")

    def card_status(request_id: str) -> str | None:
        return driver.execute_script(
            "const li = [...document.querySelectorAll('#view-feed li.req')].find(x => x.dataset.id === arguments[0]);"
            "const b = li && li.querySelector('.badge[class*=status-]');"
            "return b ? [...b.classList].find(c => c.startsWith('status-')).slice(7) : null;", request_id)

    # A status change made through the API (as another officer would) reaches the open card.
    with api(live, TEST_API_KEY) as sup:
        current = indexed(sup, water["request_id"])["status"]
        target = {"received": "routed", "routed": "in_progress", "in_progress": "resolved"}[current]
        assert sup.post(f"/requests/{water['request_id']}/status", json={"status": target}).status_code == 202
        assert card_status(water["request_id"]) == current
        wait_until(lambda: card_status(water["request_id"]) == target, 30, f"the card's status {current} -> {target}")
        shot(driver, tmp_path, "feed-update", publish_as="feed-update")

        # Another department's request corrected into this one appears; this one's request
        # reassigned elsewhere leaves the feed.
        assert sup.post(f"/requests/{rubbish['request_id']}/correction", json={"department": "water-sewer"}).status_code == 202
        wait_until(lambda: rubbish["request_id"] in feed_ids(driver), 30, "the reassigned request in the feed")
        depts = driver.execute_script("return [...document.querySelectorAll('#view-feed .req .dept')].map(e => e.textContent)")
        assert set(depts) == {"Water and Sewer"}
        # Its detail lists the correction: from which department to which, by whom.
        driver.execute_script("location.hash = arguments[0]", "#/request/" + rubbish["request_id"])
        line = wait_until(lambda: driver.execute_script(
            "const li = document.querySelector('#d-class .corrections li'); return li && li.textContent;"), 15,
            "the correction in the request's detail")
        assert "→ Water and Sewer" in line and "supervisor#" in line
        shot(driver, tmp_path, "correction-detail", publish_as="correction")
        driver.execute_script("location.hash = '#/feed'")
        assert sup.post(f"/requests/{water['request_id']}/correction", json={"department": "sanitation"}).status_code == 202
        wait_until(lambda: water["request_id"] not in feed_ids(driver), 30, "the request reassigned away leaves the feed")
    assert driver.execute_script("return window.__sameLoad === true"), "the page was reloaded"
