/* The wall's list of posts: inserts, replaces and removes the fragments the server rendered.
 *
 * Every post's HTML comes from the server (livewall/stream/render.py renders
 * templates/livewall/includes/post.html once per event, the template the pages use) in the frames'
 * "html" fields; user text in it is escaped by Django's autoescaping. This module has no renderer of
 * its own: it parses the trusted fragment in a <template> and moves nodes around. Times included:
 * the server writes them in the event's zone and 24-hour clock (render.wall_time); never re-formatted here.
 * - Pinned posts stay on top; new posts go on top of the unpinned ones.
 * - Keeps at most data-max-posts posts in the DOM (a screen runs for hours without growing).
 * - Animates new posts unless the viewer prefers reduced motion.
 */

import { gettext } from "./i18n.js";
const EMBED_PREFIXES = ["https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/"];
const NEW_POST_MS = 1200;

function safeEmbed(value) {
  if (typeof value !== "string") return "";
  const known = EMBED_PREFIXES.some((prefix) => value.indexOf(prefix) === 0);
  return known && /^[A-Za-z0-9_\-\/:.]+$/.test(value) ? value : "";
}

/* Trusted server HTML (one or more <li class="wall-post">) -> a DocumentFragment. */
export function parseFragments(html) {
  const template = document.createElement("template");
  template.innerHTML = typeof html === "string" ? html : "";
  return template.content;
}

export class PostList {
  constructor(root, maxPosts) {
    this.list = root.querySelector("[data-posts]");
    this.empty = root.querySelector("[data-empty]");
    this.maxPosts = maxPosts;
    this.animate = !(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  find(id) {
    return this.list.querySelector('[data-post-id="' + String(parseInt(id, 10)) + '"]');
  }

  has(id) {
    return !!this.find(id);
  }

  firstUnpinned() {
    return this.list.querySelector(".wall-post:not(.is-pinned)");
  }

  /* Insert a post's fragment, or replace the one shown; moves it if its pin changed. */
  upsert(html, isNew) {
    const node = parseFragments(html).firstElementChild;
    if (!node || !node.classList.contains("wall-post")) return;
    const pinned = node.classList.contains("is-pinned");
    const existing = this.find(node.dataset.postId);
    if (existing) {
      existing.replaceWith(node);
      if (existing.classList.contains("is-pinned") !== pinned) this.reorder(node, pinned);
    } else if (pinned) {
      this.list.insertBefore(node, this.list.firstChild);
    } else {
      this.list.insertBefore(node, this.firstUnpinned());
    }
    if (isNew && this.animate) {
      node.classList.add("is-new");
      setTimeout(() => node.classList.remove("is-new"), NEW_POST_MS);
    }
    this.trim();
  }

  reorder(node, pinned) {
    if (pinned) {
      this.list.insertBefore(node, this.list.firstChild);
      return;
    }
    const firstUnpinned = this.firstUnpinned();
    if (firstUnpinned !== node) this.list.insertBefore(node, firstUnpinned);
  }

  remove(id) {
    const node = this.find(id);
    if (node) node.remove();
    this.refreshEmpty();
  }

  /* A snapshot: the fragments in order (pinned first), at most maxPosts of them. */
  replaceAll(htmlList) {
    const fragments = Array.isArray(htmlList) ? htmlList.slice(0, this.maxPosts) : [];
    this.list.replaceChildren(parseFragments(fragments.join("")));
    this.refreshEmpty();
  }

  trim() {
    const posts = this.list.children;
    while (posts.length > this.maxPosts) {
      const unpinned = this.list.querySelectorAll(".wall-post:not(.is-pinned)");
      const victim = unpinned.length ? unpinned[unpinned.length - 1] : posts[posts.length - 1];
      victim.remove();
    }
    this.refreshEmpty();
  }

  refreshEmpty() {
    if (this.empty) this.empty.hidden = this.list.children.length > 0;
  }
}

/* Click to play: the thumbnail button becomes the provider's player (known embed hosts only). */
export function playVideo(event) {
  const button = event.target.closest(".wall-video__play");
  if (!button) return;
  const box = button.closest(".wall-video");
  const src = safeEmbed(box && box.dataset.embed);
  if (!src) return;
  const frame = document.createElement("iframe");
  frame.src = src + (src.indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
  frame.title = gettext("Video player");
  frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
  frame.referrerPolicy = "strict-origin-when-cross-origin";
  frame.setAttribute("allowfullscreen", "");
  box.replaceChildren(frame);
  frame.focus();
}

/* A thumbnail that cannot load (an offline venue, a removed file) gives way to the card's own
 * placeholder (wall.css .wall-video[data-placeholder]). Errors do not bubble: listen in the capture phase, and
 * check the images that failed before this module ran. */
function thumbnailFailed(img) {
  const box = img.closest(".wall-video");
  if (box) box.setAttribute("data-placeholder", "");
  img.remove();
}

export function watchThumbnails(root) {
  root.addEventListener("error", (event) => {
    const img = event.target;
    if (img && img.tagName === "IMG" && img.closest(".wall-video__play")) thumbnailFailed(img);
  }, true);
  root.querySelectorAll(".wall-video__play img").forEach((img) => {
    if (img.complete && img.naturalWidth === 0 && img.getAttribute("src")) thumbnailFailed(img);
  });
}

/* The rules' "posts not shown by the moderators" count ({"type": "held_back", "count": N}): only a
 * number, set as text. */
export function showHeldBack(frame) {
  const count = parseInt(frame && frame.count, 10);
  if (!(count >= 0)) return;
  document.querySelectorAll("[data-held-back] [data-held-back-count]").forEach((node) => {
    node.textContent = String(count);
  });
}
