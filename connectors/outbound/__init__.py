"""Outbound connectors: replies, acknowledgements and satisfaction checks sent to the citizen on
the channel they wrote on, consumed from `requests.outbound` (`civicdesk outbound`).

    worker.py        Kafka in (batches) -> dispatch -> deliver with retries -> requests.outbound.results
    dispatch.py      which sender a message goes to (pure route_for) and lazy sender construction
    delivery.py      the retry loop: exponential backoff, Retry-After, give up after N attempts
    failures.py      Transient / Rejected (the error policy of a send), Retry-After parsing
    window.py        messaging windows: WhatsApp's 24-hour service window, Messenger's tags
    twilio_sender.py SMS and WhatsApp on the Twilio Messages API (official twilio Client)
    telegram_sender.py  Bot API sendMessage (python-telegram-bot)
    graph_sender.py  WhatsApp Cloud, Messenger and Instagram send endpoints (httpx)
    smtp_sender.py   email over SMTP, threaded with In-Reply-To and References
    x_sender.py      public reply tweets (tweepy create_tweet)
    rebase.py        point an SDK's fixed provider host at the configured base URL
    sent_ids.py      message ids already settled, kept across restarts

Each sender module has a pure `build_*` function (message in, provider request out) that tests
call directly, and a thin sender class doing the I/O and translating library errors into
`failures.Transient` (retry) or `failures.Rejected` (permanent, recorded on the results topic).
"""
