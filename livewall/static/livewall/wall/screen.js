/* The big screen: a full-screen toggle (hidden where the browser cannot go full screen). */

import { gettext } from "./i18n.js";
export function setupFullscreen(root) {
  const button = root.querySelector("[data-fullscreen]");
  if (!button || !document.documentElement.requestFullscreen) {
    if (button) button.hidden = true;
    return;
  }
  button.addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(() => {});
  });
  document.addEventListener("fullscreenchange", () => {
    button.textContent = document.fullscreenElement ? gettext("Exit full screen") : gettext("Full screen");
  });
}
