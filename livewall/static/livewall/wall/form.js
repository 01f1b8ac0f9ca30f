/* The contribution form, enhanced: fetch + JSON answer, the page stays put, errors next to their
 * fields (aria-invalid / aria-describedby, focus on the first), a status line read out politely.
 * Without fetch/FormData the plain POST + redirect still works. Its "in the room / remotely"
 * choice is also where the viewer watches from: remembered, and told to the socket.
 * After a post the form is ready for the next one from the same phone: the message and extras are
 * cleared, the name, "Where are you?" and the post's language stay, and focus moves to the thank-you
 * line (read out). */

import { gettext } from "./i18n.js";
import { CHOICE_BY_WHERE, WHERE_BY_CHOICE, storeWhere, storedWhere } from "./watchers.js";

function errorNote(text) {
  const note = document.createElement("p");
  note.className = "wall-js-error errorlist";
  note.textContent = text;
  return note;
}

/* The contributor's private link to their post's status (a same-site path from the server). */
function statusLink(box, url) {
  if (!box || typeof url !== "string" || url.charAt(0) !== "/" || url.charAt(1) === "/") return;
  const link = document.createElement("a");
  link.href = url;
  link.textContent = gettext("Follow your post: see whether it is shown");
  link.dataset.statusLink = "";
  box.replaceChildren(link, " " + gettext("(a private link: keep it to yourself)."));
}

export function enhanceForm(form) {
  const status = form.querySelector("[data-form-status]");
  function say(text, isError) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("is-error", !!isError);
  }
  function clearErrors() {
    form.querySelectorAll(".wall-js-error").forEach((node) => node.remove());
    form.querySelectorAll("[aria-invalid]").forEach((node) => node.removeAttribute("aria-invalid"));
  }
  function showErrors(errors) {
    Object.keys(errors || {}).forEach((name) => {
      const input = form.querySelector('[name="' + name.replace(/[^a-z_]/gi, "") + '"]');
      const messages = (errors[name] || []).map((e) => e.message || String(e));
      if (!input || !messages.length) return;
      const note = errorNote(messages.join(" "));
      note.id = "js-error-" + input.name;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", note.id);
      input.insertAdjacentElement("afterend", note);
    });
  }
  form.addEventListener("submit", (event) => {
    if (!window.fetch || !window.FormData) return; // plain POST + redirect still works
    event.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    clearErrors();
    say(gettext("Sending…"));
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then((response) => response.json().catch(() => ({
        ok: false,
        message: response.status === 403 ? gettext("Your session has expired: please reload the page.") : gettext("Sorry, something went wrong. Please try again."),
      })))
      .then((data) => {
        if (data.ok) {
          const name = form.querySelector('[name="author_name"]');
          const keptName = name ? name.value : "";
          const language = form.querySelector('[name="language"]');
          const keptLanguage = language ? language.value : "";
          form.reset(); // radios go back to their defaultChecked: the remembered "Where are you?"
          if (name) name.value = keptName;
          if (language) language.value = keptLanguage; // someone writing in Welsh goes on in Welsh
          say(data.message || gettext("Thank you."));
          statusLink(form.querySelector("[data-status-link-box]"), data.status_url);
          if (status) {
            status.setAttribute("tabindex", "-1");
            status.focus();
          }
        } else {
          showErrors(data.errors);
          say(data.message || gettext("Please correct the errors."), true);
          const invalid = form.querySelector('[aria-invalid="true"]');
          if (invalid) invalid.focus();
        }
      })
      .catch(() => say(gettext("No connection. Your message was not sent; please try again."), true))
      .then(() => { if (button) button.disabled = false; });
  });
}

/* Pre-select the remembered choice; on change remember it and tell the socket (tellWhere(where)). */
export function rememberWhere(form, tellWhere) {
  const choices = form.querySelectorAll('input[type="radio"][name="attending"]');
  const stored = CHOICE_BY_WHERE[storedWhere()];
  const anyChecked = Array.prototype.some.call(choices, (input) => input.checked);
  choices.forEach((input) => {
    if (stored && !anyChecked && input.value === stored) input.checked = input.defaultChecked = true; // survives form.reset()
    input.addEventListener("change", () => {
      if (input.checked) choices.forEach((choice) => { choice.defaultChecked = choice === input; }); // kept by form.reset()
      const where = WHERE_BY_CHOICE[input.value];
      if (!input.checked || !where || where === storedWhere()) return;
      storeWhere(where);
      tellWhere(where);
    });
  });
}
