// Small behaviours without inline scripts (the Content-Security-Policy forbids them).
"use strict";

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

// Report forms keep what is typed in this browser until the server has saved it, so nothing is
// lost when validation fails, the connection drops or the session expires. A copy belongs to the
// report version it was typed on: once the server saves a newer version, the copy is dropped.
const AUTOSAVE_PREFIX = "tidtam:";

function fieldsOf(form) {
  return [...form.elements].filter(
    (el) => el.name && !["hidden", "file", "submit", "button"].includes(el.type) && el.name !== "csrfmiddlewaretoken",
  );
}

function keep(form) {
  const data = {};
  for (const el of fieldsOf(form)) {
    data[el.name] = el.type === "checkbox" ? el.checked : el.value;
  }
  const copy = { version: form.dataset.version, data };
  localStorage.setItem(AUTOSAVE_PREFIX + form.dataset.autosave, JSON.stringify(copy));
}

function restore(root) {
  root.querySelectorAll("form[data-autosave]").forEach((form) => {
    const key = AUTOSAVE_PREFIX + form.dataset.autosave;
    const raw = localStorage.getItem(key);
    if (!raw) return;
    const copy = JSON.parse(raw);
    if (copy.version !== form.dataset.version) {
      localStorage.removeItem(key);
      return;
    }
    let restored = false;
    for (const el of fieldsOf(form)) {
      if (!(el.name in copy.data)) continue;
      const value = copy.data[el.name];
      if (el.type === "checkbox" ? el.checked !== value : el.value !== value) {
        if (el.type === "checkbox") el.checked = value;
        else el.value = value;
        restored = true;
      }
    }
    if (restored && !form.querySelector(".autosave-note")) {
      const note = document.createElement("div");
      note.className = "alert alert-info py-2 autosave-note";
      note.setAttribute("role", "status");
      note.textContent = document.body.dataset.restoredText || "Restored what you typed but had not saved yet.";
      form.prepend(note);
    }
  });
}

document.addEventListener("input", (event) => {
  const form = event.target.closest("form[data-autosave]");
  if (form) keep(form);
});
document.addEventListener("DOMContentLoaded", () => restore(document));
document.addEventListener("htmx:afterSwap", (event) => restore(event.detail.target.parentNode || document));

// When a save cannot reach the server or the session has expired, say so and keep the page as it is.
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  const text =
    status === 401
      ? document.body.dataset.sessionText || "Your session has expired. Log in again in a new tab, then save again."
      : document.body.dataset.errorText || "The server could not save this. Your input is kept; please try again.";
  window.alert(text);
});
document.addEventListener("htmx:sendError", () => {
  window.alert(document.body.dataset.offlineText || "No connection to the server. Your input is kept; try again later.");
});

// Dates are typed and shown as d/m/yyyy in the Buddhist Era (core/dates.py). Each such input gets a
// calendar button that opens the browser's own date picker (Gregorian inside) and writes the chosen
// day back in พ.ศ.; the text input stays the field, so typing and the keyboard work as before.
const BE_OFFSET = 543;

function beToIso(text) {
  const thai = "๐๑๒๓๔๕๖๗๘๙";
  const plain = text.replace(/[๐-๙]/g, (d) => String(thai.indexOf(d))).trim();
  const m = plain.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/);
  if (!m) return "";
  let year = Number(m[3]);
  if (m[3].length === 2) year += 2500;
  if (year < 2400) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return `${year - BE_OFFSET}-${pad(m[2])}-${pad(m[1])}`;
}

function isoToBe(iso) {
  const m = iso.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  return m ? `${Number(m[3])}/${Number(m[2])}/${Number(m[1]) + BE_OFFSET}` : "";
}

function enhanceDates(root) {
  root.querySelectorAll("input[data-be-date]:not([data-be-ready])").forEach((input) => {
    input.dataset.beReady = "";
    if (input.disabled || input.readOnly) return;
    const group = document.createElement("div");
    group.className = "input-group be-date";
    input.parentNode.insertBefore(group, input);
    group.appendChild(input);
    const native = document.createElement("input");
    native.type = "date";
    native.tabIndex = -1;
    native.className = "be-date-native";
    native.setAttribute("aria-hidden", "true");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary";
    button.title = input.dataset.pickerLabel || "Calendar";
    button.setAttribute("aria-label", button.title);
    const icon = document.createElement("i");
    icon.className = "bi bi-calendar3";
    icon.setAttribute("aria-hidden", "true");
    button.appendChild(icon);
    group.append(button, native);
    button.addEventListener("click", () => {
      native.value = beToIso(input.value);
      try {
        native.showPicker();
      } catch {
        native.focus();
        native.click();
      }
    });
    native.addEventListener("change", () => {
      if (!native.value) return;
      input.value = isoToBe(native.value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    });
  });
}
document.addEventListener("DOMContentLoaded", () => enhanceDates(document));
document.addEventListener("htmx:afterSwap", (event) => enhanceDates(event.detail.target.parentNode || document));

// Data entry, one project at a time (monitoring's report page and the department's list). Ctrl+Enter
// saves the report and opens the next project of the list, Ctrl+Shift+Enter submits it and opens the
// next; N and P, outside a field (Esc leaves one), open the next and the previous project. Keys are
// read by their place (event.code), so they work with the Thai keyboard layout on too.
function isTyping(el) {
  return Boolean(el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName)));
}

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.isComposing) return;
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.altKey) {
    const inForm = event.target.closest && event.target.closest("form[data-autosave]");
    const form = inForm || document.querySelector("form[data-autosave]");
    const button = form && form.querySelector(`button[data-key="${event.shiftKey ? "submit-next" : "save-next"}"]`);
    if (button && !button.disabled) {
      event.preventDefault();
      button.click();
    }
    return;
  }
  if (event.key === "Escape" && isTyping(event.target) && event.target.closest("form[data-autosave]")) {
    event.target.blur(); // out of the field, so that N and P work
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey || isTyping(event.target)) return;
  const which = { KeyN: "next", KeyP: "previous" }[event.code];
  const link = which && document.querySelector(`a[data-key="${which}"]`);
  if (link) {
    event.preventDefault();
    window.location.assign(link.href);
  }
});

// A "choose all" checkbox (data-check-all="<name>") ticks or clears every checkbox of that name in its form.
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-check-all]");
  if (!all || !all.form) return;
  for (const box of all.form.querySelectorAll(`input[type=checkbox][name="${all.dataset.checkAll}"]`)) {
    box.checked = all.checked;
  }
});
