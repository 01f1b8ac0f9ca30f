/* Fair screen time on the big screen, as posts arrive: the rule of livewall/stream/fairness.py
 * (the page opens in that order) applied again to the list after each event.
 *
 * At least one of every data-remote-every posts shown is from someone following remotely while any
 * remote post is on the list; at most data-author-cap posts per author (data-author on each post;
 * anonymous posts are never capped together). Pinned posts keep their place at the top.
 */

export function fairOrder(nodes, remoteEvery, authorCap) {
  const perAuthor = {};
  const capped = [];
  nodes.forEach((node) => {
    const author = node.dataset.author || "";
    if (authorCap > 0 && author) {
      perAuthor[author] = (perAuthor[author] || 0) + 1;
      if (perAuthor[author] > authorCap) return;
    }
    capped.push(node);
  });
  if (!(remoteEvery >= 2)) return capped;
  const remaining = capped.slice();
  const shown = [];
  let sinceRemote = 0;
  while (remaining.length) {
    let pick = 0;
    if (sinceRemote >= remoteEvery - 1) {
      const remote = remaining.findIndex((node) => node.dataset.attending === "remote");
      if (remote !== -1) pick = remote;
    }
    const node = remaining.splice(pick, 1)[0];
    shown.push(node);
    sinceRemote = node.dataset.attending === "remote" ? 0 : sinceRemote + 1;
  }
  return shown;
}

function applyFairness(list, remoteEvery, authorCap) {
  const nodes = Array.prototype.slice.call(list.children);
  const shown = fairOrder(nodes, remoteEvery, authorCap);
  nodes.forEach((node) => { if (shown.indexOf(node) === -1) node.remove(); });
  shown.forEach((node, index) => {
    if (list.children[index] !== node) list.insertBefore(node, list.children[index] || null);
  });
}

const root = document.getElementById("wall-root");
const list = root && root.querySelector(".screen__main [data-posts]");
if (list) {
  const remoteEvery = parseInt(root.dataset.remoteEvery, 10) || 0;
  const authorCap = parseInt(root.dataset.authorCap, 10) || 0;
  if (remoteEvery >= 2 || authorCap > 0) {
    root.addEventListener("livewall:event", () => applyFairness(list, remoteEvery, authorCap));
  }
}
