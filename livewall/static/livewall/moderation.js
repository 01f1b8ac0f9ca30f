/* Moderation queue (Wagtail admin): keyboard shortcuts, actions without a page reload, and live
 * updates from the moderators' socket (ws/moderate/walls/<slug>/, frames {"type":"post","post":...}).
 * Without JavaScript every button is still a plain POST form. Post data goes in with textContent only.
 */
(function () {
  "use strict";

  var TEMPLATE_ID = "999999999";
  var root = document.getElementById("moderation-root");
  if (!root) return;
  var list = root.querySelector("[data-queue]");
  var empty = root.querySelector("[data-empty]");
  var live = root.querySelector("[data-live-status]");
  var template = document.getElementById("moderation-row-template");
  var filterStatus = root.dataset.status;
  var filterSource = root.dataset.source;
  var current = -1;
  var attempt = 0;

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

  function setText(node, value) {
    node.textContent = "";
    String(value || "").split("\n").forEach(function (line, i) {
      if (i > 0) node.appendChild(document.createElement("br"));
      node.appendChild(document.createTextNode(line));
    });
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

  function safeUrl(value) {
    if (typeof value !== "string") return "";
    var lower = value.toLowerCase();
    if (lower.indexOf("https://") === 0 || lower.indexOf("http://") === 0) return value;
    if (value.charAt(0) === "/" && value.charAt(1) !== "/") return value;
    return "";
  }

  function buildRow(post) {
    var row = template.content.firstElementChild.cloneNode(true);
    var id = String(parseInt(post.id, 10));
    [row].concat(Array.prototype.slice.call(row.querySelectorAll("*"))).forEach(function (node) {
      Array.prototype.slice.call(node.attributes).forEach(function (attr) {
        if (attr.value.indexOf(TEMPLATE_ID) !== -1) node.setAttribute(attr.name, attr.value.split(TEMPLATE_ID).join(id));
      });
    });
    row.querySelector('[data-field="author_name"]').textContent = post.author_name || "Anonymous";
    row.querySelector('[data-field="author_handle"]').textContent = post.author_handle || "";
    row.querySelector('[data-field="source_label"]').textContent = post.source_label || post.source || "";
    setText(row.querySelector('[data-field="text"]'), post.text);
    var warning = row.querySelector('[data-field="content_warning"]');
    if (warning) {
      warning.textContent = "Content warning: " + (post.content_warning || "");
      warning.hidden = !post.content_warning;
    }
    var content = row.querySelector(".moderation-post__content");
    if (post.quote && post.quote.text) {
      // What the wall shows of a quoted post is approved with the post: moderators read it too.
      var quoted = document.createElement("p");
      quoted.className = "moderation-post__extra";
      quoted.dataset.field = "quote";
      quoted.textContent =
        "Quoting " + (post.quote.author_name || "Anonymous") + " " + (post.quote.author_handle || "") + ": " + post.quote.text;
      content.appendChild(quoted);
    }
    if (post.video) {
      var video = document.createElement("p");
      video.className = "moderation-post__extra";
      video.textContent = "Video: " + (post.video.provider || "") + " " + (post.video.id || "");
      content.appendChild(video);
    }
    var image = safeUrl(post.image_url);
    if (image) {
      var img = document.createElement("img");
      img.className = "moderation-post__image";
      img.src = image;
      img.alt = post.image_alt || "";
      content.appendChild(img);
    }
    if (image) {
      // Moderators see at once when a post's image has no description (it shows as decorative).
      var described = document.createElement("p");
      described.className = "moderation-post__extra" + (post.image_alt ? "" : " moderation-post__no-alt");
      described.textContent = post.image_alt
        ? "Image description: " + post.image_alt
        : "No image description: screen-reader users will not know what this image shows.";
      content.appendChild(described);
    }
    row.dataset.status = "";
    updateRow(row, post);
    return row;
  }

  function matchesFilter(post) {
    if (filterSource && post.source !== filterSource) return false;
    return filterStatus === "all" || post.status === filterStatus;
  }

  function onPost(post) {
    if (!post || post.id === undefined) return;
    var row = list.querySelector('[data-post-id="' + String(parseInt(post.id, 10)) + '"]');
    if (row) {
      updateRow(row, post);
      return;
    }
    bumpCount(post.status, 1);
    if (!matchesFilter(post)) return;
    row = buildRow(post);
    row.classList.add("is-new");
    list.insertBefore(row, list.firstChild);
    if (current >= 0) current += 1; // keep the moderator on the same post
    if (empty) empty.hidden = true;
    say("New post from " + (post.author_name || "Anonymous"));
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
        say(data.message || "Done.");
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
      if (frame && frame.type === "post") onPost(frame.post);
      else if (frame && frame.type === "posts" && Array.isArray(frame.posts)) frame.posts.forEach(onPost);
    };
    socket.onclose = function () {
      root.classList.add("is-offline");
      say("Live updates paused: reconnecting…");
      var ceiling = Math.min(30000, 1000 * Math.pow(2, attempt));
      attempt = Math.min(attempt + 1, 10);
      setTimeout(connect, ceiling / 2 + Math.random() * ceiling / 2);
    };
  }

  connect();
})();
