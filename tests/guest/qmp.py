#!/usr/bin/env python3
"""Send QMP commands to a QEMU monitor socket, one per argument.

Usage: qmp.py SOCKET COMMAND [COMMAND ...]

COMMAND is a QMP command name, optionally followed by a JSON object of its
arguments after a colon, e.g. 'send-key:{"keys":[{"type":"qcode","data":"a"}]}'.
Each reply's "return" value is printed as one JSON line. An error reply, or a
closed connection before the reply (except after "quit"), exits with status 1.
"""

import json
import socket
import sys

TIMEOUT_SECONDS = 30


class QmpError(Exception):
    pass


class Qmp:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(TIMEOUT_SECONDS)
        self.sock.connect(path)
        self.buffer = b""
        greeting = self.read_message()
        if "QMP" not in greeting:
            raise QmpError(f"unexpected greeting: {greeting}")
        self.execute("qmp_capabilities")

    def read_message(self):
        while b"\n" not in self.buffer:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError("QMP connection closed")
            self.buffer += data
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def execute(self, command, arguments=None):
        request = {"execute": command}
        if arguments is not None:
            request["arguments"] = arguments
        self.sock.sendall(json.dumps(request).encode() + b"\n")
        while True:
            message = self.read_message()
            if "event" in message:
                continue
            if "error" in message:
                raise QmpError(f"{command} failed: {message['error']}")
            return message.get("return")


def parse_command(text):
    name, _, arguments = text.partition(":")
    return name, json.loads(arguments) if arguments else None


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip())
    try:
        qmp = Qmp(sys.argv[1])
        for text in sys.argv[2:]:
            name, arguments = parse_command(text)
            try:
                result = qmp.execute(name, arguments)
            except EOFError:
                if name == "quit":
                    break
                raise
            print(json.dumps(result))
    except (OSError, EOFError, QmpError, json.JSONDecodeError) as error:
        sys.exit(f"qmp.py: error: {error}")


if __name__ == "__main__":
    main()
