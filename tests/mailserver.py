"""A real Dovecot (IMAP and POP3) for the mailbox tests: started on spare
loopback ports with its own configuration, certificate, users and mail in
a temporary directory; stopped by its process id. Installed by `make
mailserver` (Debian's dovecot-imapd and dovecot-pop3d); the machine's own
Dovecot service, if any, is never touched."""

import datetime
import ipaddress
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from imapclient import IMAPClient

DOVECOT = "/usr/sbin/dovecot"
PASSWORD = "correct horse battery staple"


def installed() -> bool:
    return Path(DOVECOT).exists() and Path("/usr/lib/dovecot/imap").exists()


def _free_port() -> int:
    return _free_ports(1)[0]


def _free_ports(count: int) -> list[int]:
    """Spare loopback ports, all different: each held open while the next
    is chosen (one after the other, the system may give the same port
    twice, and Dovecot refuses a duplicate listener)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def certificate(directory: Path, name: str = "localhost") -> str:
    """A self-signed certificate for 127.0.0.1 and localhost (its own
    authority); writes cert.pem and key.pem, returns the certificate (PEM)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    (directory / "cert.pem").write_text(pem)
    (directory / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return pem


CONFIG = """
protocols = imap pop3
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = required
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = yes
auth_mechanisms = plain login{mechanisms}
auth_failure_delay = 0
mail_location = maildir:{root}/mail/%n
first_valid_uid = 1
first_valid_gid = 1
mail_uid = mail
mail_gid = mail
default_login_user = dovenull
default_internal_user = dovecot
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
{oauth2}userdb {{
  driver = static
  args = uid=mail gid=mail home={root}/mail/%n
}}
service imap-login {{
  inet_listener imap {{
    port = {imap}
  }}
  inet_listener imaps {{
    port = {imaps}
    ssl = yes
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = {pop3}
  }}
  inet_listener pop3s {{
    port = {pop3s}
    ssl = yes
  }}
}}
protocol imap {{
  mail_max_userip_connections = 100
}}
protocol pop3 {{
  pop3_uidl_format = %08Xu%08Xv
}}
"""


# Access tokens checked at a token-information endpoint (the tests' own
# authorisation server, tests/oauth_provider.py), as Dovecot's oauth2
# passdb checks Microsoft's or Google's.
OAUTH2_PASSDB = """
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {root}/oauth2.conf.ext
}}
"""
OAUTH2_CONFIG = """
tokeninfo_url = {tokeninfo}
introspection_mode = get
username_attribute = email
active_attribute = active
active_value = yes
"""


@dataclass
class Dovecot:
    root: Path
    certificate: str  # PEM: what a mailbox trusts
    imap: int
    imaps: int
    pop3: int
    pop3s: int
    users: list[str] = field(default_factory=list)
    process: subprocess.Popen[bytes] | None = None

    def tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cadata=self.certificate)

    def client(self, user: str) -> IMAPClient:
        """An IMAP session as ``user`` (what a mail program does)."""
        client = IMAPClient("127.0.0.1", port=self.imaps, ssl_context=self.tls())
        client.login(user, PASSWORD)
        return client

    def deliver(self, user: str, *messages: bytes, folder: str = "INBOX") -> None:
        """Put messages in a folder, unread, as a mail server delivering
        them would."""
        with self.client(user) as client:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            for raw in messages:
                client.append(folder, raw)

    def log(self) -> str:
        found = self.root / "dovecot.log"
        return found.read_text() if found.exists() else ""


@contextmanager
def running(
    users: tuple[str, ...] = ("support@example.com",), tokeninfo: str = ""
) -> Iterator[Dovecot]:
    """``tokeninfo``: also take OAuth2 access tokens (XOAUTH2), checked at
    this URL (the token is appended)."""
    root = Path(tempfile.mkdtemp(prefix="dovecot-"))
    root.chmod(0o755)
    try:
        for part in ("run", "state", "mail"):
            (root / part).mkdir()
        shutil.chown(root / "mail", "mail", "mail")
        pem = certificate(root)
        (root / "users").write_text(
            "".join(f"{user}:{{PLAIN}}{PASSWORD}::::::\n" for user in users)
        )
        if tokeninfo:
            (root / "oauth2.conf.ext").write_text(
                OAUTH2_CONFIG.format(tokeninfo=tokeninfo)
            )
        # A spare port can be taken by another program between choosing it
        # and Dovecot binding it: then Dovecot stops at once, and is started
        # again on other ports.
        for attempt in range(START_ATTEMPTS):
            server = _started(root, pem, users, tokeninfo)
            try:
                _wait_for(server)
                break
            except PortTaken:
                if attempt == START_ATTEMPTS - 1:
                    raise
        yield server
    finally:
        if "server" in locals() and server.process is not None:
            server.process.terminate()
            try:
                server.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait(timeout=20)
        shutil.rmtree(root, ignore_errors=True)


START_ATTEMPTS = 3


class PortTaken(RuntimeError):
    """Dovecot stopped at start: a listener's port was taken meanwhile."""


def _started(root: Path, pem: str, users: tuple[str, ...], tokeninfo: str) -> Dovecot:
    server = Dovecot(root, pem, *_free_ports(4))
    server.users = list(users)
    conf = root / "dovecot.conf"
    conf.write_text(
        CONFIG.format(
            root=root,
            imap=server.imap,
            imaps=server.imaps,
            pop3=server.pop3,
            pop3s=server.pop3s,
            mechanisms=" xoauth2 oauthbearer" if tokeninfo else "",
            oauth2=OAUTH2_PASSDB.format(root=root) if tokeninfo else "",
        )
    )
    with (root / "stderr.log").open("ab") as errors:
        server.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=errors
        )
    return server


def _wait_for(server: Dovecot) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert server.process is not None
        if server.process.poll() is not None:
            said = (server.root / "stderr.log").read_text() + server.log()
            if "Address already in use" in said:
                raise PortTaken(said)
            raise RuntimeError(f"dovecot stopped at start:\n{said}")
        try:
            with socket.create_connection(("127.0.0.1", server.imaps), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"dovecot did not start:\n{server.log()}")


def running_as_root() -> bool:
    return os.geteuid() == 0
