"""The harness shared by the test suites (e2e, reliability, deploy, the embedded poller test) and
the benchmarks in bench/: everything that runs the portal for real, in other processes, on loopback.

It owns, once each:
- ports.py: a free loopback port, waiting for a port or any condition;
- servers.py: an ASGI server process (Daphne or uvicorn) with its environment and log, started,
  waited for until it answers, and stopped cleanly (or killed, for crash tests);
- databases.py: databases for child processes (the test database as a URL a child can open, and a
  throwaway SQLite file or PostgreSQL database created next to a given server and dropped after);
- loadclient.py: THE load client, a crowd of wall viewer sockets in a process of its own (latency
  per copy, lost and doubled frames, gaps, reconnects, several server processes at once);
- crowd.py: the driver a test or benchmark uses to start that process and talk to it.
- loopback/: the guard that keeps the whole suite off the internet (tests/conftest.py installs it
  here, and its sitecustomize.py in every Python process a test starts).

Nothing here imports Django at module level, so bench/ (outside pytest) imports it too.
"""
