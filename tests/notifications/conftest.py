"""A real SMTP server for the mail tests (aiosmtpd on a free port), and one that accepts connections but never
answers (a hanging mail server)."""

import logging
import socket
import threading
import time
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        raw = envelope.original_content.replace(b"\r\n", b"\n")  # as sent, line ends normalized for the parser
        self.messages.append(message_from_bytes(raw, policy=policy.default))
        return "250 OK"

    def wait_for(self, count, timeout=10):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server; Django's SMTP backend points at it. Yields its inbox (email.message objects)."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.SITE_URL = "http://testserver"
    yield inbox
    controller.stop()


@pytest.fixture
def hanging_smtp_server(settings):
    """A server that accepts the connection and never says a word: an SMTP client waits for its greeting."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", listener.getsockname()[1], False
    yield accepted
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    listener.close()


@pytest.fixture
def mailer_threads():
    """The after-commit mailer threads started during the test, joined at its end."""
    from notifications import mail

    mail.threads.clear()
    yield mail.threads
    for thread in mail.threads:
        thread.join(timeout=30)


@pytest.fixture
def make_user(make_user):
    """Users whose address is confirmed (accounts.confirmation), as every account's was before confirmation links:
    only those get notification mail. `confirmed=False` makes one who has not opened the link yet."""
    from accounts.models import Profile

    def make(*args, confirmed=True, **extra):
        user = make_user(*args, **extra)
        if confirmed:
            Profile.objects.update_or_create(user=user, defaults={"confirmed_email": user.email})
        return user

    return make
