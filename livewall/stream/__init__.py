"""What goes out: channel-layer names, posts as plain data, frames (rendered once per change),
the publisher that broadcasts after commit, catch-up reads, the per-process relay that hands frames
to sockets, and live watcher counts. May import `livewall.models` only."""
