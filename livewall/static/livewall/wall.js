/* Live wall client: participant page and big screen.
 *
 * - Connects to ws/walls/<slug>/, applies the snapshot and events (frames in docs/livewall-contract.md),
 *   remembers the last event seq and resumes with {"type":"resume","after":seq} after a drop.
 * - Reconnects by itself with exponential back-off and jitter; falls back to polling the JSON API
 *   when WebSocket is unavailable.
 * - Builds every post with createElement/textContent: post data never goes through innerHTML.
 * - Keeps at most data-max-posts posts in the DOM and uses one delegated listener, so a screen can
 *   run for hours without growing.
 * - Enhances the contribution form: fetch + JSON answer, the page stays put.
 * - Says where the viewer is (?where=room|remote, remembered from the form's "in the room / remotely"
 *   choice in localStorage; not said = remote; the big screen says "screen" and is not counted) and
 *   shows the "watching now" counts from watchers frames, at most every 30 s in the polite live region.
 */
(function () {
  "use strict";

  var EMBED_PREFIXES = ["https://www.youtube-nocookie.com/embed/", "https://player.vimeo.com/video/"];
  var BACKOFF_BASE_MS = 1000;
  var BACKOFF_MAX_MS = 30000;
  var POLL_MS = 5000;
  var HEARTBEAT_MS = 25000;
  var WATCHERS_ANNOUNCE_MS = 30000;
  var WHERE_KEY = "livewall:where";
  var WHERE_BY_CHOICE = { in_room: "room", remote: "remote" };
  var CHOICE_BY_WHERE = { room: "in_room", remote: "remote" };

  function storedWhere() {
    try { return window.localStorage.getItem(WHERE_KEY) || ""; } catch (e) { return ""; }
  }

  function storeWhere(where) {
    try { window.localStorage.setItem(WHERE_KEY, where); } catch (e) { /* private mode: ask again next time */ }
  }

  function safeUrl(value) {
    if (typeof value !== "string") return "";
    var v = value.trim();
    var lower = v.toLowerCase();
    if (lower.indexOf("https://") === 0 || lower.indexOf("http://") === 0) return v;
    if (v.charAt(0) === "/" && v.charAt(1) !== "/") return v;
    return "";
  }

  function safeEmbed(value) {
    if (typeof value !== "string") return "";
    for (var i = 0; i < EMBED_PREFIXES.length; i++) {
      if (value.indexOf(EMBED_PREFIXES[i]) === 0 && /^[A-Za-z0-9_\-\/:.]+$/.test(value)) return value;
    }
    return "";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function formatTime(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return "";
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  /* Mirrors templates/livewall/includes/post.html. */
  function buildPost(post, showSourceIcons) {
    var item = el("li", "wall-post" + (post.pinned ? " is-pinned" : ""));
    item.dataset.postId = String(post.id);
    var article = el("article", "wall-post__body");
    var meta = el("header", "wall-post__meta");
    if (showSourceIcons && post.source !== "contribution") meta.appendChild(el("span", "wall-post__source source-" + String(post.source || "").replace(/[^a-z0-9_-]/gi, ""), post.source_label || post.source || ""));
    meta.appendChild(el("span", "wall-post__author", post.author_name || "Anonymous"));
    if (post.author_handle) meta.appendChild(el("span", "wall-post__handle", post.author_handle));
    if (post.attending === "in_room") meta.appendChild(el("span", "wall-post__attending", "In the room"));
    else if (post.attending === "remote") meta.appendChild(el("span", "wall-post__attending", "Remote"));
    if (post.pinned) meta.appendChild(el("span", "wall-post__pin", "Pinned"));
    article.appendChild(meta);

    var text = el("p", "wall-post__text");
    String(post.text || "").split("\n").forEach(function (line, index) {
      if (index > 0) text.appendChild(document.createElement("br"));
      text.appendChild(document.createTextNode(line));
    });
    article.appendChild(text);

    if (post.video && safeEmbed(post.video.embed_url)) {
      var video = el("div", "wall-video");
      video.dataset.embed = post.video.embed_url;
      var play = el("button", "wall-video__play");
      play.type = "button";
      var thumb = safeUrl(post.video.thumbnail);
      if (thumb) {
        var img = el("img");
        img.src = thumb;
        img.alt = "";
        img.loading = "lazy";
        img.referrerPolicy = "no-referrer";
        play.appendChild(img);
      }
      play.appendChild(el("span", "wall-video__label", "Play video"));
      video.appendChild(play);
      article.appendChild(video);
    }
    var imageUrl = safeUrl(post.image_url);
    if (imageUrl) {
      var image = el("img", "wall-post__image");
      image.src = imageUrl;
      image.alt = "Photo shared by " + (post.author_name || "a participant");
      image.loading = "lazy";
      article.appendChild(image);
    }
    var links = (post.links || []).map(safeUrl).filter(Boolean);
    if (links.length) {
      var list = el("ul", "wall-post__links");
      links.forEach(function (href) {
        var li = el("li");
        var a = el("a", null, href);
        a.href = href;
        a.rel = "nofollow ugc noopener";
        a.target = "_blank";
        li.appendChild(a);
        list.appendChild(li);
      });
      article.appendChild(list);
    }
    var when = formatTime(post.created_at);
    if (when) {
      var footer = el("footer", "wall-post__time");
      var time = el("time", null, when);
      time.dateTime = post.created_at;
      footer.appendChild(time);
      article.appendChild(footer);
    }
    item.appendChild(article);
    return item;
  }

  function Wall(root) {
    this.root = root;
    this.list = root.querySelector("[data-posts]");
    this.empty = root.querySelector("[data-empty]");
    this.status = root.querySelector("[data-connection]");
    this.attending = root.querySelector("[data-attending]");
    this.watching = root.querySelector("[data-watching]");
    this.mode = root.dataset.mode;
    this.watchingShownAt = 0;
    this.watchingTimer = null;
    this.wsPath = root.dataset.wsPath;
    this.apiUrl = root.dataset.apiUrl;
    this.seq = parseInt(root.dataset.seq, 10) || 0;
    this.maxPosts = parseInt(root.dataset.maxPosts, 10) || 50;
    this.showSourceIcons = root.dataset.showSourceIcons === "1";
    this.attempt = 0;
    this.socket = null;
    this.timer = null;
    this.animate = !(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  Wall.prototype.find = function (id) {
    return this.list.querySelector('[data-post-id="' + String(parseInt(id, 10)) + '"]');
  };

  Wall.prototype.insert = function (post, isNew) {
    var node = buildPost(post, this.showSourceIcons);
    var existing = this.find(post.id);
    if (existing) {
      existing.replaceWith(node);
    } else if (post.pinned) {
      this.list.insertBefore(node, this.list.firstChild);
    } else {
      // New posts go on top of the unpinned ones, below every pinned post.
      var firstUnpinned = this.list.querySelector(".wall-post:not(.is-pinned)");
      this.list.insertBefore(node, firstUnpinned);
    }
    if (existing && existing.classList.contains("is-pinned") !== !!post.pinned) {
      this.reorder(node, post.pinned);
    }
    if (isNew && this.animate) {
      node.classList.add("is-new");
      setTimeout(function () { node.classList.remove("is-new"); }, 1200);
    }
    this.trim();
  };

  Wall.prototype.reorder = function (node, pinned) {
    if (pinned) {
      this.list.insertBefore(node, this.list.firstChild);
    } else {
      var firstUnpinned = this.list.querySelector(".wall-post:not(.is-pinned)");
      if (firstUnpinned !== node) this.list.insertBefore(node, firstUnpinned);
    }
  };

  Wall.prototype.remove = function (id) {
    var node = this.find(id);
    if (node) node.remove();
    this.refreshEmpty();
  };

  Wall.prototype.trim = function () {
    var posts = this.list.children;
    while (posts.length > this.maxPosts) {
      var unpinned = this.list.querySelectorAll(".wall-post:not(.is-pinned)");
      var victim = unpinned.length ? unpinned[unpinned.length - 1] : posts[posts.length - 1];
      victim.remove();
    }
    this.refreshEmpty();
  };

  Wall.prototype.refreshEmpty = function () {
    if (this.empty) this.empty.hidden = this.list.children.length > 0;
  };

  Wall.prototype.replaceAll = function (posts) {
    var fragment = document.createDocumentFragment();
    var self = this;
    var ordered = posts.slice(0, this.maxPosts);
    ordered.forEach(function (post) { fragment.appendChild(buildPost(post, self.showSourceIcons)); });
    this.list.replaceChildren(fragment);
    this.refreshEmpty();
  };

  Wall.prototype.applyEvent = function (frame) {
    if (typeof frame.seq === "number") {
      if (frame.seq <= this.seq) return; // already applied (duplicate after a resume)
      if (frame.seq > this.seq + 1 && this.seq > 0) {
        // A gap: ask once for what we missed; the replay comes in order and covers this frame too.
        if (!this.resuming) this.resume();
        this.resuming = true;
        return;
      }
      this.resuming = false;
      this.seq = frame.seq;
    }
    var post = frame.post || {};
    if (frame.kind === "removed" || post.removed) this.remove(post.id);
    else if (frame.kind === "published") {
      this.insert(post, true);
      this.countAttending(post.attending);
    }
    else if (frame.kind === "updated") {
      // An unpinned post we no longer show (trimmed) must not come back at the top.
      if (post.pinned || this.find(post.id)) this.insert(post, false);
    }
  };

  /* The participant page counts posts from the room and from afar. */
  Wall.prototype.countAttending = function (attending) {
    if (!this.attending || (attending !== "in_room" && attending !== "remote")) return;
    var node = this.attending.querySelector('[data-count="' + attending + '"]');
    if (node) node.textContent = String((parseInt(node.textContent, 10) || 0) + 1);
  };

  /* Where this viewer is, for the watcher counts: screens are not people; not said counts as remote. */
  Wall.prototype.where = function () {
    if (this.mode === "screen") return "screen";
    var where = storedWhere();
    return CHOICE_BY_WHERE[where] ? where : "remote";
  };

  Wall.prototype.tellWhere = function (where) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ type: "where", where: where }));
    }
  };

  /* The participant's count sits in a polite live region: change it at most every 30 s, with the latest numbers. */
  Wall.prototype.onWatchers = function (frame) {
    if (!this.watching) return;
    this.latestWatching = frame;
    if (this.mode === "screen") return this.showWatching();
    if (this.watchingTimer) return;
    var self = this;
    var wait = this.watchingShownAt + WATCHERS_ANNOUNCE_MS - Date.now();
    if (wait <= 0) return this.showWatching();
    this.watchingTimer = setTimeout(function () { self.watchingTimer = null; self.showWatching(); }, wait);
  };

  Wall.prototype.showWatching = function () {
    var frame = this.latestWatching;
    var self = this;
    var changed = false;
    ["in_room", "remote"].forEach(function (place) {
      var node = self.watching.querySelector('[data-watching-count="' + place + '"]');
      var value = String(parseInt(frame[place], 10) || 0);
      if (node && node.textContent !== value) {
        node.textContent = value;
        changed = true;
      }
    });
    if (changed) this.watchingShownAt = Date.now();
  };

  Wall.prototype.onFrame = function (data) {
    var frame;
    try { frame = JSON.parse(data); } catch (e) { return; }
    if (!frame || typeof frame !== "object") return;
    if (frame.type === "snapshot") {
      this.resuming = false;
      this.replaceAll(frame.posts || []);
      if (typeof frame.seq === "number") this.seq = frame.seq;
    } else if (frame.type === "event") {
      this.applyEvent(frame);
    } else if (frame.type === "events" && Array.isArray(frame.events)) {
      for (var i = 0; i < frame.events.length; i++) this.applyEvent(frame.events[i]);
    } else if (frame.type === "watchers") {
      this.onWatchers(frame);
    }
  };

  Wall.prototype.setStatus = function (text) {
    if (!this.status) return;
    this.status.textContent = text;
    this.status.classList.toggle("is-visible", !!text);
  };

  Wall.prototype.connect = function () {
    if (!("WebSocket" in window)) return this.poll();
    var self = this;
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    // With a cursor the server replays only what we missed instead of sending a whole snapshot.
    var query = "?where=" + encodeURIComponent(this.where()) + (this.seq > 0 ? "&after=" + encodeURIComponent(this.seq) : "");
    var socket;
    try {
      socket = new WebSocket(scheme + location.host + this.wsPath + query);
    } catch (e) {
      return this.scheduleReconnect();
    }
    this.socket = socket;
    this.lastHeard = Date.now();
    socket.onopen = function () {
      self.attempt = 0;
      self.setStatus("");
      self.startHeartbeat(socket);
    };
    socket.onmessage = function (message) {
      self.lastHeard = Date.now();
      self.onFrame(message.data);
    };
    socket.onclose = function () {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      clearInterval(self.heartbeat);
      if (self.socket === socket) self.socket = null;
      self.scheduleReconnect();
    };
    socket.onerror = function () { /* onclose follows and reconnects */ };
  };

  /* A venue's Wi-Fi can drop a connection without closing it: ping, and give up on silence. */
  Wall.prototype.startHeartbeat = function (socket) {
    var self = this;
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(function () {
      if (socket.readyState !== WebSocket.OPEN) return;
      if (Date.now() - self.lastHeard > HEARTBEAT_MS * 2.5) {
        socket.close();
        return;
      }
      socket.send(JSON.stringify({ type: "ping" }));
    }, HEARTBEAT_MS);
  };

  Wall.prototype.resume = function () {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ type: "resume", after: this.seq }));
    }
  };

  Wall.prototype.scheduleReconnect = function () {
    var self = this;
    this.setStatus("Reconnecting…");
    var ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * Math.pow(2, this.attempt));
    var delay = ceiling / 2 + Math.random() * ceiling / 2; // jitter: a whole room does not reconnect at once
    this.attempt = Math.min(this.attempt + 1, 10);
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.connect(); }, delay);
  };

  /* Fallback without WebSocket: GET the API with the cursor. */
  Wall.prototype.poll = function () {
    var self = this;
    var more = false;
    var url = this.apiUrl + "?after=" + encodeURIComponent(this.seq);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (data) {
        var pageSeq = 0;
        (data.posts || []).forEach(function (post) {
          if (typeof post.seq === "number") pageSeq = Math.max(pageSeq, post.seq);
          if (post.removed) self.remove(post.id);
          else self.insert(post, true);
        });
        // A partial page (next set) is only complete up to its last post's seq.
        more = !!data.next && pageSeq > self.seq;
        var next = more ? pageSeq : data.seq;
        if (typeof next === "number") self.seq = Math.max(self.seq, next);
        self.setStatus("");
      })
      .catch(function () { self.setStatus("Reconnecting…"); })
      .then(function () { self.timer = setTimeout(function () { self.poll(); }, more ? 0 : POLL_MS); });
  };

  function playVideo(event) {
    var button = event.target.closest(".wall-video__play");
    if (!button) return;
    var box = button.closest(".wall-video");
    var src = safeEmbed(box && box.dataset.embed);
    if (!src) return;
    var frame = document.createElement("iframe");
    frame.src = src + (src.indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
    frame.title = "Video player";
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    frame.setAttribute("allowfullscreen", "");
    box.replaceChildren(frame);
    frame.focus();
  }

  function enhanceForm(form) {
    var status = form.querySelector("[data-form-status]");
    function say(text, isError) {
      if (!status) return;
      status.textContent = text;
      status.classList.toggle("is-error", !!isError);
    }
    function clearErrors() {
      form.querySelectorAll(".wall-js-error").forEach(function (node) { node.remove(); });
      form.querySelectorAll("[aria-invalid]").forEach(function (node) { node.removeAttribute("aria-invalid"); });
    }
    function showErrors(errors) {
      Object.keys(errors || {}).forEach(function (name) {
        var input = form.querySelector('[name="' + name.replace(/[^a-z_]/gi, "") + '"]');
        var messages = (errors[name] || []).map(function (e) { return e.message || String(e); });
        if (!input || !messages.length) return;
        var note = el("p", "wall-js-error errorlist", messages.join(" "));
        note.id = "js-error-" + input.name;
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", note.id);
        input.insertAdjacentElement("afterend", note);
      });
    }
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) return; // plain POST + redirect still works
      event.preventDefault();
      var button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      clearErrors();
      say("Sending…");
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().catch(function () {
            return { ok: false, message: response.status === 403 ? "Your session has expired: please reload the page." : "Sorry, something went wrong. Please try again." };
          });
        })
        .then(function (data) {
          if (data.ok) {
            form.reset();
            say(data.message || "Thank you.");
          } else {
            showErrors(data.errors);
            say(data.message || "Please correct the errors.", true);
            var invalid = form.querySelector('[aria-invalid="true"]');
            if (invalid) invalid.focus();
          }
        })
        .catch(function () { say("No connection. Your message was not sent; please try again.", true); })
        .then(function () { if (button) button.disabled = false; });
    });
  }

  /* The form's "in the room / remotely" choice is also where the viewer watches from: remember it. */
  function rememberWhere(form, wall) {
    var choices = form.querySelectorAll('input[type="radio"][name="attending"]');
    var stored = CHOICE_BY_WHERE[storedWhere()];
    var anyChecked = Array.prototype.some.call(choices, function (input) { return input.checked; });
    choices.forEach(function (input) {
      if (stored && !anyChecked && input.value === stored) input.checked = input.defaultChecked = true; // survives form.reset()
      input.addEventListener("change", function () {
        var where = WHERE_BY_CHOICE[input.value];
        if (!input.checked || !where || where === storedWhere()) return;
        storeWhere(where);
        wall.tellWhere(where);
      });
    });
  }

  function setupFullscreen(root) {
    var button = root.querySelector("[data-fullscreen]");
    if (!button || !document.documentElement.requestFullscreen) {
      if (button) button.hidden = true;
      return;
    }
    button.addEventListener("click", function () {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen().catch(function () {});
    });
    document.addEventListener("fullscreenchange", function () {
      button.textContent = document.fullscreenElement ? "Exit full screen" : "Full screen";
    });
  }

  function start() {
    var root = document.getElementById("wall-root");
    document.querySelectorAll("form[data-contribute]").forEach(enhanceForm);
    document.addEventListener("click", playVideo);
    if (!root || !root.dataset.wsPath) return;
    var wall = new Wall(root);
    setupFullscreen(root);
    document.querySelectorAll("form[data-contribute]").forEach(function (form) { rememberWhere(form, wall); });
    wall.connect();
    window.addEventListener("online", function () {
      if (!wall.socket && "WebSocket" in window) { clearTimeout(wall.timer); wall.attempt = 0; wall.connect(); }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
