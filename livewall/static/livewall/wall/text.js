/* The text view (/walls/<slug>/text/): the same socket and the same server-rendered posts as the
 * other pages, with no animation, no player and no watcher counts. The list is a polite live
 * region (aria-relevant="additions"), so each new post is read out once. */

import { PostList, showHeldBack } from "./render.js";
import { WallSocket } from "./socket.js";

const root = document.getElementById("wall-root");
if (root && root.dataset.wsPath) {
  const posts = new PostList(root, parseInt(root.dataset.maxPosts, 10) || 50);
  posts.animate = false;
  const status = root.querySelector("[data-connection]");
  new WallSocket({
    wsPath: root.dataset.wsPath,
    apiUrl: root.dataset.apiUrl,
    seq: parseInt(root.dataset.seq, 10) || 0,
    where: () => "remote",
    setStatus: (text) => { if (status) status.textContent = text; },
    handlers: {
      snapshot: (frame) => posts.replaceAll(frame.html),
      event: (frame) => {
        const post = frame.post || {};
        if (frame.kind === "removed" || post.removed) posts.remove(post.id);
        else if (frame.kind === "published") posts.upsert(frame.html, true);
        else if (posts.has(post.id)) posts.upsert(frame.html, false);
      },
      polled: (post) => {
        if (post.removed) posts.remove(post.id);
        else posts.upsert(post.html, true);
      },
      watchers: () => {},
      heldBack: showHeldBack,
    },
  }).start();
}
