"""Meta webhooks: WhatsApp Cloud API, Facebook Page Messenger and Instagram messaging."""
