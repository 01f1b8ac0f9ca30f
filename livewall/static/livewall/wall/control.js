/* The big screen as the control room sets it: `screen` frames from the viewer socket (after every
 * snapshot or catch-up, then on each change; livewall/stream/screen.py) switch the root's
 * data-layout, the holding slide (data-blanked) and the banner. The newest version wins, whatever
 * order frames arrive in. Text goes in with textContent; the stream's player address is the
 * server's (built from the parsed video), and only the privacy-friendly players are accepted.
 */

import { gettext } from "./i18n.js";
const PLAYERS = ["https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/"];
const SINGLE_POST_MS = 8000;

export class ScreenControl {
  constructor(root) {
    this.root = root;
    this.version = parseInt(root.dataset.screenVersion, 10) || 0;
    this.banner = root.querySelector("[data-banner]");
    this.holding = root.querySelector("[data-holding]");
    this.holdingMessage = root.querySelector("[data-holding-message]");
    this.stream = root.querySelector("[data-stream]");
    this.timer = null;
    // A snapshot replaces the list: show a post at once rather than a blank until the next turn.
    const list = root.querySelector("[data-posts]");
    if (list) {
      new MutationObserver(() => {
        if (this.root.dataset.layout === "single" && !list.querySelector(".is-current")) this.next();
      }).observe(list, { childList: true });
    }
    this.showLayout(root.dataset.layout);
  }

  apply(frame) {
    if (!frame || typeof frame.version !== "number" || frame.version < this.version) return;
    this.version = frame.version;
    this.root.dataset.screenVersion = String(frame.version);
    this.root.toggleAttribute("data-blanked", !!frame.blanked);
    if (this.holding) this.holding.hidden = !frame.blanked;
    if (this.holdingMessage) this.holdingMessage.textContent = frame.holding_message || "";
    if (this.banner) {
      this.banner.textContent = frame.banner || "";
      this.banner.hidden = !frame.banner;
    }
    // A screen whose address names its layout (?layout=questions) keeps it.
    const layout = this.root.hasAttribute("data-layout-pinned") ? this.root.dataset.layout : frame.layout;
    this.setStream(layout === "ticker" ? frame.stream_embed : "");
    this.root.dataset.layout = layout;
    this.showLayout(layout);
  }

  setStream(url) {
    if (!this.stream) return;
    const frame = this.stream.querySelector("iframe");
    const allowed = typeof url === "string" && PLAYERS.some((prefix) => url.startsWith(prefix));
    if (!allowed) {
      if (frame) frame.remove(); // stops the sound as well as the picture
      return;
    }
    if (frame && frame.getAttribute("src") === url) return;
    const player = frame || document.createElement("iframe");
    player.title = gettext("Live stream");
    player.setAttribute("allow", "autoplay; fullscreen; picture-in-picture");
    player.allowFullscreen = true;
    player.src = url;
    if (!frame) this.stream.appendChild(player);
  }

  /* One post at a time: move .is-current along the list every few seconds. */
  showLayout(layout) {
    clearInterval(this.timer);
    this.timer = null;
    if (layout !== "single") return;
    this.next();
    this.timer = setInterval(() => this.next(), SINGLE_POST_MS);
  }

  next() {
    const posts = Array.from(this.root.querySelectorAll("[data-posts] > .wall-post"));
    if (!posts.length) return;
    const index = posts.findIndex((post) => post.classList.contains("is-current"));
    posts.forEach((post) => post.classList.remove("is-current"));
    posts[(index + 1) % posts.length].classList.add("is-current");
  }
}
