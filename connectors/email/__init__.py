"""Email: .eml files and an IMAP poller, through one pure normaliser."""
