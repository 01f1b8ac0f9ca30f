"""Replay: plays a recorded JSON-lines file of normalised posts onto a wall, for rehearsals.

Each line is one post: {"offset_seconds": 12.5, "source": "mastodon", "external_id": "...",
"author_name": ..., "author_handle": ..., "avatar_url": ..., "text": ..., "links": [...],
"permalink": ..., "image_url": ..., "tags": [...], "mentions": [...]} (every field but `text`
optional). A line is due when `offset_seconds / speed` have passed since the replay started.

Where the file is: the source's base URL, the http(s) URL of the file (read through the HTTP
client on every poll, so an edited file plays as edited), or `options.file`, a path relative to the
project or under LIVEWALL_REPLAY_DIR (the demo's recording). Options: `speed` (default 1 = real
time), `loop` (start again after the last line), `loop_gap_seconds` (the pause between rounds).
The cursor is {"line": next line, "started_at": ISO time, "round": n}. Every round uses the same
external ids, so a looping replay re-uses the posts of the first round and the wall never holds
more posts than the file has lines. Posts keep their recorded source (a Mastodon post shows as
one), with "replay:" ids so they never collide with live ones.
"""

import json
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from livewall.intake.incoming import IncomingPost

from . import base

SOURCES = {"mastodon", "x", "bluesky", "rss", "replay", "contribution"}
MAX_LINES = 10_000
MAX_BYTES = 5 * 1024 * 1024


def allowed_dirs():
    dirs = [Path(settings.BASE_DIR)]
    extra = base.setting("LIVEWALL_REPLAY_DIR")
    if extra:
        dirs.append(Path(extra))
    return [d.resolve() for d in dirs]


def resolve_file(name):
    """The replay file as an absolute path, refusing anything outside the allowed folders."""
    if not name:
        raise base.SourceError(
            "Replay: no file given (set the base URL to the http(s) URL of a .jsonl file, or options.file)"
        )
    candidates = [Path(name)] if Path(name).is_absolute() else [d / name for d in allowed_dirs()]
    for candidate in candidates:
        path = candidate.resolve()
        inside = any(path.is_relative_to(d) for d in allowed_dirs())
        if inside and path.suffix == ".jsonl" and path.is_file():
            return path
    raise base.SourceError(f"Replay: {name} is not a .jsonl file inside the project or LIVEWALL_REPLAY_DIR")


def load_lines(path):
    """The parsed lines of a replay file in the project (blank lines skipped)."""
    with open(path, encoding="utf-8") as handle:
        return parse_lines(handle, path.name)


def download_lines(client, url):
    """The parsed lines of a replay file at an http(s) URL; HTTP trouble is a SourceError."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise base.SourceError(f"Replay: the base URL must be an http(s) URL of a .jsonl file, not {url[:200]}")
    response = base.send(client, "GET", url, "Replay")
    if len(response.content) > MAX_BYTES:
        raise base.SourceError(f"Replay: {url[:200]} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        text = response.content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise base.SourceError(f"Replay: {url[:200]} is not UTF-8 text") from exc
    return parse_lines(text.splitlines(), urlsplit(url).path.rsplit("/", 1)[-1] or url)


def parse_lines(raw_lines, name):
    """Each non-blank line as a dict with `text` (and an `external_id`); a bad line is a clear error."""
    lines = []
    for number, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except ValueError as exc:
            raise base.SourceError(f"Replay: line {number} of {name} is not JSON ({exc})") from exc
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise base.SourceError(f"Replay: line {number} of {name} has no text")
        item.setdefault("external_id", f"line{number}")
        lines.append(item)
        if len(lines) >= MAX_LINES:
            break
    return lines


def to_incoming(item, now):
    source = item.get("source") if item.get("source") in SOURCES else "replay"
    return base.finish(
        IncomingPost(
            source=source,
            external_id=f"replay:{item['external_id']}",
            text=item["text"],
            author_name=item.get("author_name") or "",
            author_handle=item.get("author_handle") or "",
            avatar_url=item.get("avatar_url") or "",
            links=list(item.get("links") or []),
            permalink=item.get("permalink") or "",
            image_url=item.get("image_url") or "",
            created_at=now,  # a rehearsal shows posts as arriving now
            tags=[str(t).lower() for t in item.get("tags") or []],
            mentions=[str(m).lower() for m in item.get("mentions") or []],
            content_warning=item.get("content_warning") or "",
            language=base.language_tag(item.get("language")),
            extra={"replay": True},
        )
    )


class ReplaySource(base.Source):
    kind = "replay"

    @property
    def is_remote(self):
        return not self.options.get("file") and bool(self.config.base_url)

    def lines(self):
        if self.is_remote:
            return download_lines(self.client, self.config.base_url)
        return load_lines(resolve_file(self.options.get("file")))

    def fetch(self, cursor):
        now = timezone.now()
        lines = self.lines()
        speed = float(self.options.get("speed") or 1)
        if speed <= 0:
            raise base.SourceError("Replay: speed must be above 0")
        loop = bool(self.options.get("loop"))
        line = int(cursor.get("line") or 0)
        round_number = int(cursor.get("round") or 0)
        started_at = datetime.fromisoformat(cursor["started_at"]) if cursor.get("started_at") else now
        posts = []
        for _round in range(2):
            elapsed = (now - started_at).total_seconds() * speed
            while line < len(lines) and float(lines[line].get("offset_seconds") or 0) <= elapsed:
                posts.append(to_incoming(lines[line], now))
                line += 1
            if line < len(lines) or not loop or not lines:
                break
            # The next round starts where this one's last line was due (plus a gap), keeping the pace;
            # after a long pause it starts now rather than replaying every missed round at once.
            gap = float(self.options.get("loop_gap_seconds", 10))
            round_seconds = (float(lines[-1].get("offset_seconds") or 0) + gap) / speed
            started_at = started_at + timedelta(seconds=round_seconds)
            if (now - started_at).total_seconds() > round_seconds:
                started_at = now
            line, round_number = 0, round_number + 1
        cursor = {"line": line, "started_at": started_at.isoformat(), "round": round_number}
        return base.FetchResult(posts=posts, new_cursor=cursor)

    def run(self, cursor):
        if self.is_remote:
            return super().run(cursor)
        return self.fetch(cursor)  # a file in the project: no HTTP client needed
