"""A real dovecot IMAP server on a loopback port, started by hand with its own config file.

Config from /work/shared/BACKENDS.md: as root dovecot will not run its login process as
root, so logins run as dovenull and mail as the dovecot user, with a static passdb.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from civicdesk.embedded import free_port, port_in_use

USER = "citizen-desk"
PASSWORD = "test-imap-password"

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid=dovecot gid=dovecot home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


def dovecot_binary() -> str | None:
    return shutil.which("dovecot") or next((p for p in ("/usr/sbin/dovecot",) if os.path.exists(p)), None)


@dataclass
class Dovecot:
    root: Path
    port: int
    proc: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""


def start_dovecot(binary: str) -> Dovecot:
    # Not under pytest's 0700 tmp dir: the dovenull and dovecot users must reach these paths.
    root = Path(tempfile.mkdtemp(prefix="civicdesk-dovecot-"))
    root.chmod(0o755)
    mail = root / "mail"
    mail.mkdir()
    owner = pwd.getpwnam("dovecot")
    os.chown(mail, owner.pw_uid, owner.pw_gid)
    port = free_port()
    conf = root / "dovecot.conf"
    conf.write_text(CONFIG.format(root=root, port=port, password=PASSWORD))
    proc = subprocess.Popen([binary, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL)
    server = Dovecot(root, port, proc)
    deadline = time.monotonic() + 15
    while not port_in_use("127.0.0.1", port):
        if proc.poll() is not None or time.monotonic() > deadline:
            log = server.log()
            server.stop()
            raise RuntimeError(f"dovecot did not start on port {port}:\n{log[-2000:]}")
        time.sleep(0.05)
    return server
