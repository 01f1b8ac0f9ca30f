/* Live wall client, participant page and big screen: the entry point (a module script, so it runs
 * once the document is parsed).
 *
 * socket.js  the viewer socket: cursor, resume, back-off, heartbeat, polling fallback
 * render.js  the list of posts: inserts, replaces, removes the server's HTML fragments; video play
 * watchers.js  where the viewer is, "watching now" counts, posts-from-the-room counts
 * form.js    the contribution form
 * screen.js  big-screen behaviour
 * control.js the control room's layout, banner and holding slide on the big screen
 * (questions.js, fair.js and text.js are loaded by the pages that need them: see each one)
 *
 * Posts are rendered by the server only (livewall/stream/render.py): frames carry each post's
 * "html" beside its plain data, which this client reads for ids, pins and counts.
 */

import { ScreenControl } from "./control.js";
import { enhanceForm, rememberWhere } from "./form.js";
import { PostList, playVideo, showHeldBack, watchThumbnails } from "./render.js";
import { setupFullscreen } from "./screen.js";
import { WallSocket } from "./socket.js";
import { WatchingCounts, countAttending, whereFor } from "./watchers.js";

function setStatus(node, text) {
  if (!node) return;
  node.textContent = text;
  node.classList.toggle("is-visible", !!text);
}

/* Other modules (questions.js, fair.js) follow the stream without a socket of their own: each
 * event is handed to them as a "livewall:event" DOM event on the root, after the list has it. */
function announce(root, frame) {
  setTimeout(() => root.dispatchEvent(new CustomEvent("livewall:event", { detail: frame })), 0);
}

function startWall(root) {
  const mode = root.dataset.mode;
  const posts = new PostList(root, parseInt(root.dataset.maxPosts, 10) || 50);
  const watching = new WatchingCounts(root, mode);
  const status = root.querySelector("[data-connection]");
  const control = mode === "screen" ? new ScreenControl(root) : null;
  const socket = new WallSocket({
    wsPath: root.dataset.wsPath,
    apiUrl: root.dataset.apiUrl,
    seq: parseInt(root.dataset.seq, 10) || 0,
    where: () => whereFor(mode),
    setStatus: (text) => setStatus(status, text),
    handlers: {
      snapshot: (frame) => {
        posts.replaceAll(frame.html);
        // fair.js puts a fresh list back in fair order; questions.js rebuilds its lists from the
        // snapshot's own (stream.question_board's, as the page opens with them).
        announce(root, { type: "snapshot", questions: frame.questions });
      },
      event: (frame) => {
        announce(root, frame);
        const post = frame.post || {};
        if (frame.kind === "removed" || post.removed) {
          posts.remove(post.id);
        } else if (frame.kind === "published") {
          posts.upsert(frame.html, true);
          countAttending(root, post.attending);
        } else if (frame.kind === "updated" && (post.pinned || posts.has(post.id))) {
          // An unpinned post we no longer show (trimmed) must not come back at the top.
          posts.upsert(frame.html, false);
        }
      },
      polled: (post) => {
        announce(root, { kind: post.removed ? "removed" : "updated", post: post, html: post.html });
        if (post.removed) posts.remove(post.id);
        else posts.upsert(post.html, true);
      },
      watchers: (frame) => watching.update(frame),
      screen: (frame) => control && control.apply(frame),
      heldBack: showHeldBack,
    },
  });
  setupFullscreen(root); // the big screen has the button
  document.querySelectorAll("form[data-contribute]").forEach((form) => {
    rememberWhere(form, (where) => socket.send({ type: "where", where: where }));
  });
  socket.start();
}

document.querySelectorAll("form[data-contribute]").forEach(enhanceForm);
document.addEventListener("click", playVideo);
watchThumbnails(document);
const root = document.getElementById("wall-root");
if (root && root.dataset.wsPath) startWall(root);
