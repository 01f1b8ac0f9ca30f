/* Questions for the panel: the live lists and the vote buttons (participant page and big screen).
 *
 * - Lists: open questions by votes (most first, the earlier asked first among equals, as
 *   livewall/stream/question_board.py orders them), answered ones newest first. Each event main.js
 *   hands on ("livewall:event" on #wall-root) carries the question's server HTML; it is moved into
 *   place here. A snapshot (a fresh connect, or a gap too long to replay) carries both lists as
 *   the page opens with them ("questions": {"open": [...], "answered": [...]}): they replace what is
 *   shown, so nothing answered, hidden or re-voted meanwhile stays stale.
 *   The screen shows this view when its root says data-layout="questions".
 * - Votes: a button in each open question posts to /walls/<slug>/questions/<id>/vote/ (CSRF token
 *   from the page); the server counts one vote per browser. Questions this browser voted for are
 *   remembered ("livewall:voted") so their buttons say so.
 */

import { gettext } from "./i18n.js";
import { parseFragments } from "./render.js";

const VOTED_KEY = "livewall:voted";

function votedIds() {
  try { return JSON.parse(window.localStorage.getItem(VOTED_KEY) || "[]"); } catch (e) { return []; }
}

function rememberVote(id) {
  const ids = votedIds();
  if (ids.indexOf(id) === -1) ids.push(id);
  try { window.localStorage.setItem(VOTED_KEY, JSON.stringify(ids.slice(-500))); } catch (e) { /* private mode */ }
}

function votesOf(node) {
  return parseInt(node.dataset.votes, 10) || 0;
}

function idOf(node) {
  return parseInt(node.dataset.postId, 10) || 0;
}

/* True when `a` goes before `b` in the open list. */
function before(a, b) {
  return votesOf(a) > votesOf(b) || (votesOf(a) === votesOf(b) && idOf(a) < idOf(b));
}

export class QuestionBoard {
  constructor(root) {
    this.root = root;
    this.open = root.querySelector("[data-questions]");
    this.answered = root.querySelector("[data-answered]");
    this.openEmpty = root.querySelector("[data-questions-empty]");
    this.answeredEmpty = root.querySelector("[data-answered-empty]");
    this.status = root.querySelector("[data-vote-status]");
  }

  remove(id) {
    const selector = '[data-post-id="' + String(parseInt(id, 10)) + '"]';
    [this.open, this.answered].forEach((list) => {
      const node = list.querySelector(selector);
      if (node) node.remove();
    });
  }

  /* A snapshot's lists, in the server's order, replace both lists. */
  rebuild(questions) {
    const fragments = (list) => parseFragments(Array.isArray(list) ? list.join("") : "");
    this.open.replaceChildren(fragments(questions.open));
    this.answered.replaceChildren(fragments(questions.answered));
  }

  apply(frame) {
    const post = frame.post || {};
    if (frame.type === "snapshot") {
      if (frame.questions) this.rebuild(frame.questions);
    } else if (frame.kind === "removed" || post.removed) {
      this.remove(post.id);
    } else if (post.question) {
      const node = parseFragments(frame.html).firstElementChild;
      if (!node || !node.classList.contains("wall-post")) return;
      this.remove(post.id);
      if (post.question.answered) {
        this.answered.insertBefore(node, this.answered.firstChild);
      } else {
        const next = Array.prototype.find.call(this.open.children, (other) => before(node, other));
        this.open.insertBefore(node, next || null);
      }
    }
    this.refresh();
  }

  refresh() {
    if (this.openEmpty) this.openEmpty.hidden = this.open.children.length > 0;
    if (this.answeredEmpty) this.answeredEmpty.hidden = this.answered.children.length > 0;
    const voted = votedIds();
    this.root.querySelectorAll("[data-vote]").forEach((button) => {
      if (voted.indexOf(parseInt(button.dataset.vote, 10)) !== -1) markVoted(button);
    });
  }

  say(text) {
    if (this.status) this.status.textContent = text;
  }
}

function markVoted(button) {
  button.disabled = true;
  button.textContent = gettext("Voted");
}

function vote(root, board, button) {
  const id = parseInt(button.dataset.vote, 10);
  const url = (root.dataset.voteUrl || "").replace(/\/0\/vote\/$/, "/" + id + "/vote/");
  if (!id || !url || !window.fetch) return;
  button.disabled = true;
  fetch(url, {
    method: "POST",
    headers: { Accept: "application/json", "X-CSRFToken": root.dataset.csrf || "" },
    credentials: "same-origin",
  })
    .then((response) => response.json().catch(() => ({ ok: false, message: gettext("Sorry, your vote was not counted. Please try again.") })))
    .then((data) => {
      if (data.ok) {
        rememberVote(id);
        board.refresh();
      } else {
        button.disabled = false;
      }
      board.say(data.message || "");
    })
    .catch(() => {
      button.disabled = false;
      board.say(gettext("No connection: your vote was not counted. Please try again."));
    });
}

const root = document.getElementById("wall-root");
if (root && root.querySelector("[data-questions]")) {
  const board = new QuestionBoard(root);
  board.refresh();
  root.addEventListener("livewall:event", (event) => board.apply(event.detail || {}));
  root.addEventListener("click", (event) => {
    const button = event.target.closest("[data-vote]");
    if (button && !button.disabled) vote(root, board, button);
  });
}
