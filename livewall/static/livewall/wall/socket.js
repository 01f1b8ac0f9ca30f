/* The viewer socket (ws/walls/<slug>/, frames in livewall/consumers/__init__.py) and its cursor.
 *
 * - Keeps the cursor: the seq of the last frame applied. Connects with ?after=<seq> once it has one,
 *   so the server replays only what was missed instead of a whole snapshot.
 * - Drops frames it already applied and asks once with {"type":"resume","after":seq} after a gap.
 * - Sends the page's language (?lang=, <html lang>): posts come with their labels in it.
 * - Reconnects by itself with exponential back-off and jitter.
 * - Pings every HEARTBEAT_MS; a ping not answered within PONG_TIMEOUT_MS marks the socket dead at
 *   once: "Reconnecting…" shows and a new socket opens (resuming by cursor) without waiting for the
 *   old one's close event, which a stalled venue Wi-Fi delivers only when the network comes back.
 * - Falls back to polling the JSON API (with each post's server HTML, ?html=1) without WebSocket.
 * The frames' meaning is the caller's: `handlers` get snapshot(frame), event(frame),
 * watchers(frame), screen(frame) (the control room's state, when given), heldBack(frame) (the count of
 * posts moderators held back, when given) and, when polling, polled(item) (an API post: {id, pinned, html} or removed).
 */

import { gettext } from "./i18n.js";
const BACKOFF_BASE_MS = 1000;
const BACKOFF_MAX_MS = 30000;
const POLL_MS = 5000;
const HEARTBEAT_MS = 25000;
const PONG_TIMEOUT_MS = 10000;

export class WallSocket {
  constructor({ wsPath, apiUrl, seq, where, handlers, setStatus }) {
    this.wsPath = wsPath;
    this.apiUrl = apiUrl;
    this.seq = seq || 0;
    this.where = where; // () -> "room" | "remote" | "screen", asked at each connect
    this.handlers = handlers;
    this.setStatus = setStatus;
    this.attempt = 0;
    this.socket = null;
    this.timer = null;
    this.resuming = false;
  }

  start() {
    this.connect();
    window.addEventListener("online", () => {
      if (!this.socket && "WebSocket" in window) {
        clearTimeout(this.timer);
        this.attempt = 0;
        this.connect();
      }
    });
  }

  connect() {
    if (!("WebSocket" in window)) return this.poll();
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    // The page's language: the posts' labels ("In the room", "Pinned") come in it (stream.relay).
    const lang = document.documentElement.lang ? "&lang=" + encodeURIComponent(document.documentElement.lang) : "";
    const query = "?where=" + encodeURIComponent(this.where()) + (this.seq > 0 ? "&after=" + encodeURIComponent(this.seq) : "") + lang;
    let socket;
    try {
      socket = new WebSocket(scheme + location.host + this.wsPath + query);
    } catch (e) {
      return this.scheduleReconnect();
    }
    this.socket = socket;
    this.lastHeard = Date.now();
    socket.onopen = () => {
      this.attempt = 0;
      this.setStatus("");
      this.startHeartbeat(socket);
    };
    socket.onmessage = (message) => {
      this.lastHeard = Date.now();
      this.onFrame(message.data);
    };
    socket.onclose = () => {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      clearInterval(this.heartbeat);
      clearTimeout(this.pongTimer);
      if (this.socket === socket) this.socket = null;
      this.scheduleReconnect();
    };
    socket.onerror = () => { /* onclose follows and reconnects */ };
  }

  onFrame(data) {
    let frame;
    try { frame = JSON.parse(data); } catch (e) { return; }
    if (!frame || typeof frame !== "object") return;
    if (frame.type === "snapshot") {
      this.resuming = false;
      this.handlers.snapshot(frame);
      if (typeof frame.seq === "number") this.seq = frame.seq;
    } else if (frame.type === "event") {
      if (this.inOrder(frame)) this.handlers.event(frame);
    } else if (frame.type === "watchers") {
      this.handlers.watchers(frame);
    } else if (frame.type === "screen" && this.handlers.screen) {
      this.handlers.screen(frame);
    } else if (frame.type === "held_back" && this.handlers.heldBack) {
      this.handlers.heldBack(frame);
    }
  }

  /* True when the event is the next one to apply (and moves the cursor on). */
  inOrder(frame) {
    if (typeof frame.seq !== "number") return true;
    if (frame.seq <= this.seq) return false; // already applied (duplicate after a resume)
    if (frame.seq > this.seq + 1 && this.seq > 0) {
      // A gap: ask once for what we missed; the replay comes in order and covers this frame too.
      if (!this.resuming) this.resume();
      this.resuming = true;
      return false;
    }
    this.resuming = false;
    this.seq = frame.seq;
    return true;
  }

  send(frame) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  resume() {
    this.send({ type: "resume", after: this.seq });
  }

  /* A venue's Wi-Fi can stall a connection without closing it: ping, and on a missed answer give
   * the socket up at once (its close event may not come for minutes) and open a new one. */
  startHeartbeat(socket) {
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      if (socket.readyState !== WebSocket.OPEN) return;
      const sentAt = Date.now();
      socket.send(JSON.stringify({ type: "ping" }));
      clearTimeout(this.pongTimer);
      this.pongTimer = setTimeout(() => {
        if (this.socket === socket && this.lastHeard < sentAt) this.abandon(socket);
      }, PONG_TIMEOUT_MS);
    }, HEARTBEAT_MS);
  }

  /* Forget a dead socket: no more of its events, close it in the background, reconnect now. */
  abandon(socket) {
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    clearInterval(this.heartbeat);
    clearTimeout(this.pongTimer);
    if (this.socket === socket) this.socket = null;
    try { socket.close(); } catch (e) { /* already closing */ }
    this.setStatus(gettext("Reconnecting…"));
    clearTimeout(this.timer);
    this.connect();
  }

  scheduleReconnect() {
    this.setStatus(gettext("Reconnecting…"));
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * Math.pow(2, this.attempt));
    const delay = ceiling / 2 + Math.random() * ceiling / 2; // jitter: a whole room does not reconnect at once
    this.attempt = Math.min(this.attempt + 1, 10);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  /* Fallback without WebSocket: GET the API with the cursor. */
  poll() {
    let more = false;
    const url = this.apiUrl + "?html=1&after=" + encodeURIComponent(this.seq);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then((data) => {
        let pageSeq = 0;
        (data.posts || []).forEach((post) => {
          if (typeof post.seq === "number") pageSeq = Math.max(pageSeq, post.seq);
          this.handlers.polled(post);
        });
        // A partial page (next set) is only complete up to its last post's seq.
        more = !!data.next && pageSeq > this.seq;
        const next = more ? pageSeq : data.seq;
        if (typeof next === "number") this.seq = Math.max(this.seq, next);
        this.setStatus("");
      })
      .catch(() => this.setStatus(gettext("Reconnecting…")))
      .then(() => { this.timer = setTimeout(() => this.poll(), more ? 0 : POLL_MS); });
  }
}
