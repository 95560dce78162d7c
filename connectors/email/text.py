"""What the citizen wrote in an email body: HTML made visible text, quoted replies and
signatures cut. Pure module."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

# Attribution lines mail clients put above a quoted reply. They may wrap over two lines,
# hence matching on the text joined with the next line.
_ATTRIBUTION = (
    re.compile(r"^On\b.{0,300}\bwrote:\s*$", re.S),                       # Gmail, Apple Mail, Thunderbird (en)
    re.compile(r"^.{0,300}\btarihinde\b.{0,300}\bşunu yazdı:\s*$", re.S | re.I),  # Gmail (tr)
    re.compile(r"^.{0,300}\byazdı:\s*$", re.S | re.I),                      # Thunderbird / Outlook (tr)
    re.compile(r"^Στις\b.{0,300}\bέγραψε:\s*$", re.S),                      # Gmail (el)
)
# Outlook's separators: "-----Original Message-----", Turkish "-----Özgün İleti-----", Greek.
_SEPARATOR = re.compile(r"^\s*-{2,}\s*(Original Message|Özgün İleti|Orijinal Mesaj|Αρχικό μήνυμα)\s*-{2,}\s*$", re.I)
# Outlook's header block of the quoted message.
_OUTLOOK_HEADER = re.compile(r"^\s*(From|Kimden|Από):\s", re.I)


_BLOCKS = ["p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre", "address"]


def html_to_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "title"]):
        tag.decompose()
    for quote in soup.find_all("blockquote"):
        quote.decompose()  # HTML clients quote the previous message in a blockquote
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(_BLOCKS):
        block.insert_after("\n")  # inline tags (<b>, <a>) stay in the line; blocks end it
    text = soup.get_text()
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return _squeeze_blank_lines(lines)


def _squeeze_blank_lines(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    return "\n".join(out).strip()


def citizen_text(body: str) -> str:
    """The body without quoted replies (attribution line onward, `>` lines) and signature."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        if line == "-- " or line.rstrip() == "--":  # RFC 3676 signature separator
            break
        if _SEPARATOR.match(line):
            break
        if _OUTLOOK_HEADER.match(line) and kept and not kept[-1].strip() and _looks_like_header_block(lines[i:i + 4]):
            break
        joined = line.strip() if i + 1 >= len(lines) else f"{line.strip()} {lines[i + 1].strip()}"
        if line.strip() and (_attribution(line.strip()) or _attribution(joined)):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return _squeeze_blank_lines(kept)


def _attribution(text: str) -> bool:
    return any(p.match(text) for p in _ATTRIBUTION)


def _looks_like_header_block(lines: list[str]) -> bool:
    return sum(1 for line in lines if re.match(r"^\s*(From|Sent|To|Subject|Date|Kimden|Gönderildi|Kime|Konu|Tarih|Από|Προς|Θέμα):", line, re.I)) >= 2
