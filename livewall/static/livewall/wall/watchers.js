/* Where this viewer is, and the "watching now" counts.
 *
 * - Where: ?where=room|remote on the socket, remembered in localStorage ("livewall:where") from the
 *   contribution form's "in the room / remotely" choice; not said = remote; the big screen says
 *   "screen" and is not counted.
 * - Counts: from the server's watchers frames. The participant's count sits in a polite live region,
 *   so it changes at most every 30 s (with the latest numbers); the screen shows them at once.
 */

const WATCHERS_ANNOUNCE_MS = 30000;
const WHERE_KEY = "livewall:where";
export const WHERE_BY_CHOICE = { in_room: "room", remote: "remote" };
export const CHOICE_BY_WHERE = { room: "in_room", remote: "remote" };

export function storedWhere() {
  try { return window.localStorage.getItem(WHERE_KEY) || ""; } catch (e) { return ""; }
}

export function storeWhere(where) {
  try { window.localStorage.setItem(WHERE_KEY, where); } catch (e) { /* private mode: ask again next time */ }
}

/* Screens are not people; a viewer who has not said counts as remote. */
export function whereFor(mode) {
  if (mode === "screen") return "screen";
  const where = storedWhere();
  return CHOICE_BY_WHERE[where] ? where : "remote";
}

export class WatchingCounts {
  constructor(root, mode) {
    this.node = root.querySelector("[data-watching]");
    this.mode = mode;
    this.shownAt = 0;
    this.timer = null;
    this.latest = null;
  }

  update(frame) {
    if (!this.node) return;
    this.latest = frame;
    if (this.mode === "screen") return this.show();
    if (this.timer) return;
    const wait = this.shownAt + WATCHERS_ANNOUNCE_MS - Date.now();
    if (wait <= 0) return this.show();
    this.timer = setTimeout(() => { this.timer = null; this.show(); }, wait);
  }

  show() {
    let changed = false;
    ["in_room", "remote"].forEach((place) => {
      const count = this.node.querySelector('[data-watching-count="' + place + '"]');
      const value = String(parseInt(this.latest[place], 10) || 0);
      if (count && count.textContent !== value) {
        count.textContent = value;
        changed = true;
      }
    });
    if (changed) this.shownAt = Date.now();
  }
}

/* The participant page counts posts from the room and from afar (plain data of published events). */
export function countAttending(root, attending) {
  const box = root.querySelector("[data-attending]");
  if (!box || (attending !== "in_room" && attending !== "remote")) return;
  const node = box.querySelector('[data-count="' + attending + '"]');
  if (node) node.textContent = String((parseInt(node.textContent, 10) || 0) + 1);
}
