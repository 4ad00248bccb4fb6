"""The durability tests' servers serve a socket the test bound: the port they are reached on is never free
between being chosen and being served, so what answers there is the test's own server (a port found free and
bound later could be taken meanwhile by another test's server, which would answer /healthz for it)."""
import errno
import socket

import pytest

from tests.durability.harness import Server, listening_socket, request


def test_the_port_is_held_from_the_moment_it_is_chosen():
    listener = listening_socket()
    try:
        other = socket.socket()
        with pytest.raises(OSError) as refused:  # as another process asking for that port would be
            other.bind(listener.getsockname())
        other.close()
        assert refused.value.errno == errno.EADDRINUSE
    finally:
        listener.close()


@pytest.mark.sqlite_only
@pytest.mark.parametrize("kind", ["waitress", "gunicorn"])
def test_the_server_answers_on_the_socket_it_was_given_and_leaves_nothing_listening(instance, kind):
    server = Server(instance, kind).start()
    try:
        status, page, _ = request(server.port, "GET", "/login")
        assert status == 200 and 'name="csrf_token"' in page
    finally:
        server.stop()
    with pytest.raises(ConnectionRefusedError):  # the test kept no copy of the socket: nobody queues there
        request(server.port, "GET", "/healthz", timeout=5)
