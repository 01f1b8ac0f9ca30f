/* The wall's words in the visitor's language. Django's JavaScript catalog (the page loads
 * {% url 'javascript-catalog' %}, /cy/jsi18n/ under /cy/, before these modules) defines gettext,
 * ngettext and interpolate globally; a page without it shows the English originals.
 * `makemessages -d djangojs` finds the calls by name in each module (make messages). */
const catalog = window;

export function gettext(text) {
  return typeof catalog.gettext === "function" ? catalog.gettext(text) : text;
}

export function ngettext(singular, plural, count) {
  if (typeof catalog.ngettext === "function") return catalog.ngettext(singular, plural, count);
  return count === 1 ? singular : plural;
}

export function interpolate(format, values) {
  if (typeof catalog.interpolate === "function") return catalog.interpolate(format, values, true);
  return format.replace(/%\((\w+)\)s/g, (match, name) => String(values[name]));
}
