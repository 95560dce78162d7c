"""civicdesk: the command line, settings and the embedded stack that tie the packages together."""
