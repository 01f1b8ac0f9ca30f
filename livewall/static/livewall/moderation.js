/* Moderation queue (Wagtail admin): keyboard shortcuts, actions without a page reload, and live
 * updates from the moderators' socket (ws/moderate/walls/<slug>/, frames {"type":"post","post":...,
 * "html":...}). Without JavaScript every button is still a plain POST form.
 * Rows come from the server only (livewall/stream/render.moderation_row_html, the renderer of the
 * page's rows): this script inserts the trusted fragment and fills in the page's CSRF token and
 * address, which a row rendered once for every moderator cannot know.
 */
(function () {
  "use strict";

  var root = document.getElementById("moderation-root");
  if (!root) return;
  var list = root.querySelector("[data-queue]");
  var empty = root.querySelector("[data-empty]");
  var live = root.querySelector("[data-live-status]");
  var bulkForm = document.getElementById("bulk-form");
  var filterStatus = root.dataset.status;
  var filterSource = root.dataset.source;
  var filterLanguage = root.dataset.language;
  var current = -1;
  var attempt = 0;
  // The moderator's language, from the JavaScript catalog the queue page loads first (its admin
  // language); the English originals without it.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (match, name) { return String(values[name]); });
  };

  function say(text) { if (live) live.textContent = text; }

  function rows() { return Array.prototype.slice.call(list.querySelectorAll(".moderation-post")); }

  function focusRow(index) {
    var all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (row, i) { row.classList.toggle("is-current", i === current); });
    all[current].focus();
    all[current].scrollIntoView({ block: "nearest" });
  }

  function currentRow() {
    var all = rows();
    return current >= 0 && current < all.length ? all[current] : null;
  }

  function bumpCount(status, delta) {
    var node = root.querySelector('[data-count="' + status + '"]');
    if (node) node.textContent = String(Math.max(0, (parseInt(node.textContent, 10) || 0) + delta));
  }

  function updateRow(row, post) {
    var before = row.dataset.status;
    if (before && post.status && before !== post.status) {
      bumpCount(before, -1);
      bumpCount(post.status, 1);
    }
    row.dataset.status = post.status || row.dataset.status;
    row.dataset.pinned = post.pinned ? "1" : "0";
    row.dataset.question = post.question ? (post.question.answered ? "answered" : "open") : ""; // shows "Mark answered"
    var label = row.querySelector('[data-field="status_label"]');
    if (label && post.status_label) label.textContent = post.status_label;
  }

  function pageField(name) {
    var input = bulkForm && bulkForm.querySelector('input[name="' + name + '"]');
    return input ? input.value : "";
  }

  /* The server's row (trusted, autoescaped HTML) with this page's CSRF token and "next" address. */
  function buildRow(html) {
    var holder = document.createElement("template");
    holder.innerHTML = typeof html === "string" ? html : "";
    var row = holder.content.firstElementChild;
    if (!row || !row.classList.contains("moderation-post")) return null;
    row.querySelectorAll("form[data-action]").forEach(function (form) {
      ["csrfmiddlewaretoken", "next"].forEach(function (name) {
        var input = form.querySelector('input[name="' + name + '"]');
        if (!input) {
          input = document.createElement("input");
          input.type = "hidden";
          input.name = name;
          form.insertBefore(input, form.firstChild);
        }
        input.value = pageField(name);
      });
    });
    return row;
  }

  // As the queue's filter (PostQuerySet.in_language): "cy" takes in "cy-GB"; "unknown" is no language.
  function inLanguage(tag, wanted) {
    if (wanted === "unknown") return tag === "";
    return tag === wanted || (wanted.indexOf("-") < 0 && tag.indexOf(wanted + "-") === 0);
  }

  function matchesFilter(post) {
    if (filterSource && post.source !== filterSource) return false;
    if (filterLanguage && !inLanguage(post.language || "", filterLanguage)) return false;
    return filterStatus === "all" || post.status === filterStatus;
  }

  function onPost(post, html) {
    if (!post || post.id === undefined) return;
    var row = list.querySelector('[data-post-id="' + String(parseInt(post.id, 10)) + '"]');
    if (row) {
      updateRow(row, post);
      var fresh = buildRow(html);
      if (fresh) {
        // The server's newer row (latest action line too), keeping the moderator's place and ticks.
        var box = row.querySelector(".moderation-post__select");
        var freshBox = fresh.querySelector(".moderation-post__select");
        if (box && freshBox) freshBox.checked = box.checked;
        var focused = document.activeElement === row;
        fresh.classList.toggle("is-current", row.classList.contains("is-current"));
        row.replaceWith(fresh);
        if (focused) fresh.focus();
      }
      return;
    }
    bumpCount(post.status, 1);
    if (!matchesFilter(post)) return;
    row = buildRow(html);
    if (!row) return;
    row.classList.add("is-new");
    list.insertBefore(row, list.firstChild);
    if (current >= 0) current += 1; // keep the moderator on the same post
    if (empty) empty.hidden = true;
    say(interpolate(gettext("New post from %(author)s"), { author: post.author_name || gettext("Anonymous") }, true));
  }

  function act(form) {
    var row = form.closest(".moderation-post");
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        if (data.post && row) updateRow(row, data.post);
        say(data.message || gettext("Done."));
      })
      .catch(function () { form.submit(); }); // let the server answer the plain way
  }

  function actionAvailable(row, name) {
    var status = row.dataset.status;
    var pinned = row.dataset.pinned === "1";
    if (name === "approve") return status !== "approved";
    if (name === "reject") return status !== "rejected";
    if (name === "hide") return status === "approved";
    if (name === "pin") return status === "approved" && !pinned;
    if (name === "unpin") return pinned;
    return false;
  }

  function trigger(name) {
    var row = currentRow();
    if (!row) return;
    if (name === "pin" && row.dataset.pinned === "1") name = "unpin";
    if (!actionAvailable(row, name)) return;
    var form = row.querySelector('form[data-action="' + name + '"]');
    if (!form) return;
    act(form).then(function () {
      if (name !== "pin" && name !== "unpin" && filterStatus !== "all") focusRow(current + 1);
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches(".moderation-post form[data-action]") || !window.fetch) return;
    event.preventDefault();
    act(form);
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName))) {
      if (!(target.tagName === "INPUT" && target.type === "checkbox")) return;
    }
    var key = event.key.toLowerCase();
    var handled = true;
    if (key === "j") focusRow(current + 1);
    else if (key === "k") focusRow(current - 1);
    else if (key === "a") trigger("approve");
    else if (key === "r") trigger("reject");
    else if (key === "h") trigger("hide");
    else if (key === "p") trigger("pin");
    else if (key === "x") {
      var row = currentRow();
      var box = row && row.querySelector(".moderation-post__select");
      if (box) box.checked = !box.checked;
    } else handled = false;
    if (handled) event.preventDefault();
  });

  list.addEventListener("focusin", function (event) {
    var row = event.target.closest(".moderation-post");
    if (row) {
      current = rows().indexOf(row);
      rows().forEach(function (r) { r.classList.toggle("is-current", r === row); });
    }
  });

  var selectAll = root.querySelector("[data-select-all]");
  if (selectAll) {
    selectAll.addEventListener("click", function () {
      rows().forEach(function (row) {
        var box = row.querySelector(".moderation-post__select");
        if (box && row.dataset.status !== "approved") box.checked = true;
      });
    });
  }

  function connect() {
    if (!("WebSocket" in window) || !root.dataset.wsPath) return;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + root.dataset.wsPath);
    socket.onopen = function () { attempt = 0; root.classList.remove("is-offline"); };
    socket.onmessage = function (message) {
      var frame;
      try { frame = JSON.parse(message.data); } catch (e) { return; }
      if (frame && frame.type === "post") onPost(frame.post, frame.html);
    };
    socket.onclose = function () {
      root.classList.add("is-offline");
      say(gettext("Live updates paused: reconnecting…"));
      var ceiling = Math.min(30000, 1000 * Math.pow(2, attempt));
      attempt = Math.min(attempt + 1, 10);
      setTimeout(connect, ceiling / 2 + Math.random() * ceiling / 2);
    };
  }

  connect();
})();
