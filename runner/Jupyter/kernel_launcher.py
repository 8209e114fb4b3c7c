"""Starts the .NET Interactive Jupyter kernel with an HTTP port range of its own (the kernel spec's argv).

usage: kernel_launcher.py DOTNET_INTERACTIVE ARG...   (the kernel's own arguments follow the tool's path)

The kernel serves its front-end scripts over HTTP on the first free port of --http-port-range, but it
checks that a port is free before it binds it. With the default range (2048-3000) for every kernel, two
kernels that start within the same second (two notebooks opened at once in a workshop, two test runs)
pick the same port and one dies with "address already in use". So each start takes a range that begins
at a port the operating system has just handed out at random (bind to port 0), which two starts at once
do not share; the kernel still moves on within the range if that port is taken meanwhile.
"""
import os
import socket
import sys

SPAN = 100


def port_range():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        start = s.getsockname()[1]
    return f"{start}-{min(start + SPAN - 1, 65535)}"


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: kernel_launcher.py DOTNET_INTERACTIVE ARG...")
    tool, args = sys.argv[1], sys.argv[2:]
    if "--http-port-range" in args:
        sys.exit("kernel_launcher.py chooses --http-port-range itself; leave it out of the kernel spec")
    os.execv(tool, [tool, *args, "--http-port-range", port_range()])


if __name__ == "__main__":
    main()
